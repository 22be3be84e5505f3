import { InvalidArgumentError } from '../core/index.ts';

/** A 64-bit seed (Spark's `Long`) from a whole number or a bigint; a fresh random one when absent. */
export function toSeed(seed: number | bigint | undefined, operation: string): bigint {
  if (seed === undefined) {
    const hi = Math.floor(Math.random() * 2 ** 32);
    const lo = Math.floor(Math.random() * 2 ** 32);
    return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo));
  }
  if (typeof seed === 'bigint') return BigInt.asIntN(64, seed);
  if (!Number.isSafeInteger(seed)) {
    throw new InvalidArgumentError(`${operation}: seed must be a whole number or a bigint, got ${seed}`);
  }
  return BigInt(seed);
}

/** `seed + offset` wrapping as a JVM `Long` does. */
export function offsetSeed(seed: bigint, offset: number): bigint {
  return BigInt.asIntN(64, seed + BigInt(offset));
}
