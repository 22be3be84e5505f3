import { Packr, Unpackr } from 'msgpackr';
import { CodecError } from './errors.ts';

// msgpack records (not msgpack maps) carry plain objects, so msgpack maps can decode as real `Map`s with
// any key type. `sequential` writes each record's structure inline, so every encoded value is
// self-describing and needs no shared structure table; the option objects are created per call because
// msgpackr stores per-instance structure state in them.
function options(): ConstructorParameters<typeof Packr>[0] {
  return {
    useRecords: true,
    sequential: true,
    mapsAsObjects: false,
    moreTypes: true,
    int64AsType: 'bigint',
    useBigIntExtension: true,
  };
}

/**
 * Encodes a plain value to bytes: objects, arrays, strings, numbers, booleans, bigints of any size,
 * `Map`, `Set`, `Date`, `Uint8Array`, `null` and `undefined` (kept distinct). Class instances encode as
 * their own enumerable fields; functions encode as `undefined`; `-0` decodes as `0`.
 *
 * @throws {CodecError} when the value holds something msgpack cannot carry (a symbol, …).
 */
export function encodeValue(value: unknown): Uint8Array {
  try {
    return new Packr(options()).pack(value);
  } catch (error) {
    throw new CodecError(`Cannot encode value: ${error instanceof Error ? error.message : String(error)}`, error);
  }
}

/**
 * Decodes bytes written by {@link encodeValue}; the whole buffer must be exactly one value.
 *
 * @throws {CodecError} when the bytes are not one complete encoded value.
 */
export function decodeValue(bytes: Uint8Array): unknown {
  if (bytes.length === 0) throw new CodecError('Cannot decode value: no bytes');
  try {
    return new Unpackr(options()).unpack(bytes);
  } catch (error) {
    throw new CodecError(`Cannot decode value: ${error instanceof Error ? error.message : String(error)}`, error);
  }
}

/**
 * Encodes a sequence of values as one byte stream (each value after the last, as a msgpack stream is),
 * read back in order by {@link decodeValues}. One encoder serves the whole sequence, so a record shape
 * repeated across values is described once.
 *
 * @throws {CodecError} naming the index of the first value msgpack cannot carry.
 */
export function encodeValues(values: readonly unknown[]): Uint8Array {
  const packr = new Packr(options());
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (let i = 0; i < values.length; i++) {
    let bytes: Uint8Array;
    try {
      // Copied: the encoder reuses its buffer for the next value.
      bytes = new Uint8Array(packr.pack(values[i]));
    } catch (error) {
      throw new CodecError(
        `Cannot encode value ${i}: ${error instanceof Error ? error.message : String(error)}`,
        error,
      );
    }
    chunks.push(bytes);
    length += bytes.length;
  }
  const out = new Uint8Array(length);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

/**
 * Decodes a byte stream written by {@link encodeValues}: every value, in order; no bytes, no values.
 *
 * @throws {CodecError} when the bytes end inside a value or are not msgpack.
 */
export function decodeValues(bytes: Uint8Array): unknown[] {
  if (bytes.length === 0) return [];
  try {
    return new Unpackr(options()).unpackMultiple(bytes) as unknown[];
  } catch (error) {
    throw new CodecError(`Cannot decode values: ${error instanceof Error ? error.message : String(error)}`, error);
  }
}
