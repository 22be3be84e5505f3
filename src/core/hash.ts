/**
 * One stable structural hash and one structural identity for keys, used by every partitioner, shuffle
 * and state map. Strings and whole numbers hash as Java's `hashCode` does, so a `HashPartitioner` puts
 * them in the same partition Spark would.
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

/** A 32-bit structural hash; equal keys (by {@link keyId}) hash equally. */
export function hashKey(key: unknown): number {
  switch (typeof key) {
    case 'string':
      return hashString(key);
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
      if (Array.isArray(key)) {
        let h = 1;
        for (const item of key) h = (Math.imul(h, 31) + hashKey(item)) | 0;
        return h;
      }
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
