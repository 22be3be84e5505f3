// Order-free comparison for shuffle outputs, whose order inside a partition is not asserted here.

function sortKey(value: unknown): string {
  return JSON.stringify(value, (_k, x: unknown) => (x === undefined ? '\u0000undefined' : x));
}

/** A sorted copy of `records`, by their JSON form, to compare outputs as multisets. */
export function sorted<T>(records: readonly T[]): T[] {
  return [...records].sort((a, b) => {
    const x = sortKey(a);
    const y = sortKey(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** Each partition sorted on its own: which records a partition holds, not their order. */
export function sortedPartitions<T>(partitions: readonly (readonly T[])[]): T[][] {
  return partitions.map((p) => sorted(p));
}
