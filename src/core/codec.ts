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
