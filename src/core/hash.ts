import { MurmurHash3 } from './murmur3.ts';

/**
 * One stable structural hash and one structural identity for keys, used by every partitioner, shuffle
 * and state map. Strings, numbers, booleans and bigints hash as Java's `hashCode` does and arrays as Scala
 * tuples do, so a `HashPartitioner` puts them in the same partition Spark would.
 */

/** A key Sluice can partition and compare: primitives, and arrays / plain objects of them. */
export type Key =
  | string
  | number
  | boolean
  | bigint
  | null
  | undefined
  | readonly Key[]
  | { readonly [k: string]: Key };

const TWO_32 = 2 ** 32;
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** Java's `String.hashCode`: `31·h + c` over the UTF-16 code units. */
export function hashString(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

function hashNumber(n: number): number {
  if (Number.isInteger(n)) {
    if (n >= -2147483648 && n <= 2147483647) return n | 0; // Integer.hashCode
    if (Number.isSafeInteger(n)) {
      // Long.hashCode: (int)(value ^ (value >>> 32))
      const lo = (n % TWO_32) | 0;
      const hi = Math.floor(n / TWO_32) | 0;
      return lo ^ hi;
    }
  }
  // Double.hashCode over the canonical bits (all NaNs alike, as doubleToLongBits does).
  f64[0] = Number.isNaN(n) ? Number.NaN : n;
  return (u32[0] ^ u32[1]) | 0;
}

function hashBigInt(n: bigint): number {
  const v = BigInt.asUintN(64, n);
  return (Number(v & 0xffffffffn) ^ Number(v >> 32n)) | 0;
}

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);
const TWO_63 = 2 ** 63;

/**
 * Scala's `##` of a number (what a tuple hashes its elements with): the int value when the number is a
 * whole int, else `Long.hashCode` when it is a whole long, else `Float.hashCode` when a float holds it
 * exactly, else `Double.hashCode`. So `1.0` hashes as `1` (as Scala's cooperative equality wants) while
 * `Double.hashCode(1.0)` is 1072693248.
 */
function scalaHashNumber(n: number): number {
  if (Number.isInteger(n)) {
    if (n >= -2147483648 && n <= 2147483647) return n | 0;
    // (long) n saturates at Long.MAX_VALUE, whose double value is 2^63 again.
    if (n >= -TWO_63 && n <= TWO_63) return hashBigInt(n === TWO_63 ? 2n ** 63n - 1n : BigInt(n));
  }
  f32[0] = n;
  if (f32[0] === n) return i32[0]; // Float.floatToIntBits; NaN never gets here (NaN !== NaN)
  return hashNumber(n);
}

function scalaHashBigInt(n: bigint): number {
  const v = BigInt.asIntN(64, n);
  return v >= -2147483648n && v <= 2147483647n ? Number(v) : hashBigInt(v);
}

/** `"TupleN".hashCode` for the arities Scala has, computed once. */
const TUPLE_PREFIX_HASH = Array.from({ length: 23 }, (_, n) => hashString(`Tuple${n}`));

/**
 * A Scala 2.13 tuple's `hashCode` (`MurmurHash3.productHash`): the product seed, then the `"TupleN"`
 * prefix, then each element's `##`, finalized with the arity. Arrays of any length use the same rule.
 */
function hashTuple(items: readonly unknown[]): number {
  const n = items.length;
  const prefix = n < TUPLE_PREFIX_HASH.length ? TUPLE_PREFIX_HASH[n] : hashString(`Tuple${n}`);
  if (n === 0) return prefix;
  let h = MurmurHash3.mix(MurmurHash3.productSeed, prefix);
  for (let i = 0; i < n; i++) h = MurmurHash3.mix(h, scalaHash(items[i]));
  return MurmurHash3.finalizeHash(h, n);
}

/**
 * Scala's `##` of a key: like {@link hashKey}, except that `null`/`undefined` hash to 0 and numbers and
 * bigints hash by value across the numeric types (see the number rule above).
 */
function scalaHash(key: unknown): number {
  switch (typeof key) {
    case 'number':
      return scalaHashNumber(key);
    case 'bigint':
      return scalaHashBigInt(key);
    default:
      return hashKey(key);
  }
}

/**
 * A 32-bit structural hash, Java's `hashCode` of the key Spark would have: `String`, `Integer` (whole
 * numbers in int range), `Long` (other safe integers and bigints), `Double` (other numbers), `Boolean`;
 * arrays hash as Scala tuples. Equal keys (by {@link keyId}) hash equally.
 */
export function hashKey(key: unknown): number {
  // Strings first and everything else out of line: a body this small inlines into the per-record
  // partitioning path, which measurably speeds up shuffles of string keys.
  return typeof key === 'string' ? hashString(key) : hashNonString(key);
}

function hashNonString(key: unknown): number {
  switch (typeof key) {
    case 'number':
      return hashNumber(key);
    case 'boolean':
      return key ? 1231 : 1237;
    case 'bigint':
      return hashBigInt(key);
    case 'undefined':
      return 0;
    case 'object': {
      if (key === null) return 0;
      if (Array.isArray(key)) return hashTuple(key);
      if (key instanceof Date) return hashNumber(key.getTime());
      let h = 0;
      for (const k of Object.keys(key).sort()) {
        h = (h + (hashString(k) ^ hashKey((key as Record<string, unknown>)[k]))) | 0;
      }
      return h;
    }
    default:
      throw new TypeError(
        `cannot hash a ${typeof key} key: keys must be strings, numbers, booleans, bigints, or arrays/plain objects of them`,
      );
  }
}

/** Non-negative `x mod n`, Spark's `Utils.nonNegativeMod`. */
export function nonNegativeMod(x: number, n: number): number {
  const r = x % n;
  return r < 0 ? r + n : r;
}

/**
 * A value usable as a JavaScript `Map` key that is equal for structurally equal keys. Primitives are
 * their own identity; arrays and plain objects become a canonical string in a namespace (leading NUL)
 * that ordinary strings are escaped out of.
 */
export function keyId(key: unknown): unknown {
  if (typeof key === 'string') return key.length > 0 && key.charCodeAt(0) === 0 ? `\u0000s${key}` : key;
  if (typeof key !== 'object' || key === null) return key;
  return `\u0000o${encode(key)}`;
}

function encode(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Object.is(value, -0) ? 'n0' : `n${value}`;
    case 'boolean':
      return value ? 't' : 'f';
    case 'bigint':
      return `b${value}`;
    case 'undefined':
      return 'u';
    case 'object': {
      if (value === null) return 'z';
      if (Array.isArray(value)) return `[${value.map(encode).join(',')}]`;
      if (value instanceof Date) return `d${value.getTime()}`;
      const keys = Object.keys(value).sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${encode((value as Record<string, unknown>)[k])}`).join(',')}}`;
    }
    default:
      throw new TypeError(`cannot use a ${typeof value} as (part of) a key`);
  }
}

/** Structural equality of keys. */
export function keysEqual(a: unknown, b: unknown): boolean {
  return a === b || keyId(a) === keyId(b);
}
