import { hashKey } from '../core/index.ts';

const DIGIT_BITS = 11;
const DIGITS = 1 << DIGIT_BITS;

/**
 * The pairs ordered by their keys' hash codes as unsigned 32-bit numbers (a null key counts as 0), pairs
 * with equal codes in their order in `pairs`. A radix sort, three passes of 11 bits: linear in the pairs.
 */
export function inHashOrder<K, V>(pairs: readonly [K, V][]): [K, V][] {
  const n = pairs.length;
  let codes = new Uint32Array(n);
  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const key = pairs[i][0];
    codes[i] = (key == null ? 0 : hashKey(key)) >>> 0;
    order[i] = i;
  }
  let nextCodes = new Uint32Array(n);
  let nextOrder = new Int32Array(n);
  const starts = new Int32Array(DIGITS);
  for (let shift = 0; shift < 32; shift += DIGIT_BITS) {
    starts.fill(0);
    for (let i = 0; i < n; i++) starts[(codes[i] >>> shift) & (DIGITS - 1)]++;
    let sum = 0;
    for (let d = 0; d < DIGITS; d++) {
      const count = starts[d];
      starts[d] = sum;
      sum += count;
    }
    for (let i = 0; i < n; i++) {
      const at = starts[(codes[i] >>> shift) & (DIGITS - 1)]++;
      nextCodes[at] = codes[i];
      nextOrder[at] = order[i];
    }
    [codes, nextCodes] = [nextCodes, codes];
    [order, nextOrder] = [nextOrder, order];
  }
  const out: [K, V][] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = pairs[order[i]];
  return out;
}
