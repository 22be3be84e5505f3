import { decodeValue, encodeValue, InvalidArgumentError } from '../core/index.ts';

/**
 * How a key or a value of a Kafka record becomes bytes and back (Spark's Kafka `Serializer` /
 * `Deserializer`): `'string'` (UTF-8), `'json'`, `'msgpack'` (Sluice's own encoding of plain values),
 * `'bytes'` (the raw `Uint8Array`), or an object with `decode` (for a source) and `encode` (for a sink).
 * A `null` key or value (a tombstone) stays `null` and is never passed to a codec.
 */
export type KafkaCodec<T = unknown> =
  | 'string'
  | 'json'
  | 'msgpack'
  | 'bytes'
  | { readonly decode?: (bytes: Uint8Array) => T; readonly encode?: (value: T) => Uint8Array };

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

/** The decoding function of a codec; it throws on bytes it cannot read. */
export function decoderOf<T>(codec: KafkaCodec<T>, option: string): (bytes: Uint8Array) => T {
  switch (codec) {
    case 'string':
      return (b) => utf8.decode(b) as T;
    case 'json':
      return (b) => JSON.parse(utf8.decode(b)) as T;
    case 'msgpack':
      return (b) => decodeValue(b) as T;
    case 'bytes':
      return (b) => b as T;
    default:
      if (typeof codec === 'object' && codec !== null && typeof codec.decode === 'function') return codec.decode;
      throw new InvalidArgumentError(
        `${option} must be 'string', 'json', 'msgpack', 'bytes' or an object with a decode function, got ${String(codec)}`,
      );
  }
}

/** The encoding function of a codec; it throws on a value it cannot write. */
export function encoderOf<T>(codec: KafkaCodec<T>, option: string): (value: T) => Uint8Array {
  switch (codec) {
    case 'string':
      return (v) => {
        if (typeof v !== 'string') throw new InvalidArgumentError(`a string was expected, got ${typeof v}`);
        return utf8Encoder.encode(v);
      };
    case 'json':
      return (v) => {
        const text = JSON.stringify(v);
        if (text === undefined) throw new InvalidArgumentError(`${String(v)} has no JSON form`);
        return utf8Encoder.encode(text);
      };
    case 'msgpack':
      return (v) => encodeValue(v);
    case 'bytes':
      return (v) => {
        if (!(v instanceof Uint8Array)) throw new InvalidArgumentError(`a Uint8Array was expected, got ${typeof v}`);
        return v;
      };
    default:
      if (typeof codec === 'object' && codec !== null && typeof codec.encode === 'function') return codec.encode;
      throw new InvalidArgumentError(
        `${option} must be 'string', 'json', 'msgpack', 'bytes' or an object with an encode function, got ${String(codec)}`,
      );
  }
}
