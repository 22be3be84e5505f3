/** A block of stored records and its sequence number in its stream (ascending in storage order). */
export interface ReceivedBlock<T> {
  readonly seq: number;
  readonly records: readonly T[];
}

/**
 * What a receiver stream keeps in a checkpoint: the newest batch time given blocks and, with the
 * write-ahead log, the blocks of each remembered batch and the newest block allocated.
 */
export interface ReceivedBlockCheckpoint {
  readonly latestAllocatedTimeMs: number | undefined;
  readonly allocatedThroughSeq: number;
  readonly allocations: readonly (readonly [timeMs: number, seqs: readonly number[]])[];
}

/**
 * Which stored blocks belong to which batch (Spark's `ReceivedBlockTracker`): a batch takes every block
 * stored and not yet taken when it is generated, so its input is fixed then; a batch generated again (a
 * re-run after a restart) gets the same blocks, and a batch time older than the newest allocation that is
 * no longer remembered gets none, since its blocks were processed already.
 */
export class ReceivedBlockTracker<T> {
  #unallocated: ReceivedBlock<T>[] = [];
  readonly #allocations = new Map<number, readonly ReceivedBlock<T>[]>();
  #latestAllocatedTimeMs: number | undefined;
  #allocatedThroughSeq = -1;

  add(block: ReceivedBlock<T>): void {
    this.#unallocated.push(block);
  }

  /** Blocks stored and not yet given to a batch. */
  get unallocated(): readonly ReceivedBlock<T>[] {
    return this.#unallocated;
  }

  allocate(timeMs: number): readonly ReceivedBlock<T>[] {
    const known = this.#allocations.get(timeMs);
    if (known !== undefined) return known;
    if (this.#latestAllocatedTimeMs !== undefined && timeMs <= this.#latestAllocatedTimeMs) return [];
    const blocks = this.#unallocated;
    this.#unallocated = [];
    this.#allocations.set(timeMs, blocks);
    this.#latestAllocatedTimeMs = timeMs;
    if (blocks.length > 0) this.#allocatedThroughSeq = blocks[blocks.length - 1].seq;
    return blocks;
  }

  /**
   * Forgets the allocations of batches at or before `timeMs`.
   * @returns the sequence number after the newest block forgotten, or `undefined` when none was
   */
  forgetThrough(timeMs: number): number | undefined {
    let after: number | undefined;
    for (const [t, blocks] of this.#allocations) {
      if (t > timeMs) continue;
      this.#allocations.delete(t);
      if (blocks.length > 0) after = Math.max(after ?? 0, blocks[blocks.length - 1].seq + 1);
    }
    return after;
  }

  checkpointData(withBlocks: boolean): ReceivedBlockCheckpoint {
    const allocations = withBlocks
      ? [...this.#allocations].sort((a, b) => a[0] - b[0]).map(([t, blocks]) => [t, blocks.map((b) => b.seq)] as const)
      : [];
    return {
      latestAllocatedTimeMs: this.#latestAllocatedTimeMs,
      allocatedThroughSeq: withBlocks ? this.#allocatedThroughSeq : -1,
      allocations,
    };
  }

  /**
   * Restores the allocations of a checkpoint over the blocks read back from the write-ahead log: blocks
   * after the checkpoint's newest allocated one are unallocated again (stored, not yet in a batch).
   * @returns a problem to report when a remembered batch names a block the log no longer holds
   */
  restore(data: ReceivedBlockCheckpoint | undefined, logged: readonly ReceivedBlock<T>[]): string | undefined {
    const bySeq = new Map(logged.map((b) => [b.seq, b]));
    let missing: string | undefined;
    if (data !== undefined) {
      this.#latestAllocatedTimeMs = data.latestAllocatedTimeMs;
      this.#allocatedThroughSeq = data.allocatedThroughSeq;
      for (const [t, seqs] of data.allocations) {
        const blocks: ReceivedBlock<T>[] = [];
        for (const seq of seqs) {
          const block = bySeq.get(seq);
          if (block === undefined) missing ??= `block ${seq} of batch ${t} is not in the write-ahead log`;
          else blocks.push(block);
        }
        this.#allocations.set(t, blocks);
      }
    }
    this.#unallocated = logged.filter((b) => b.seq > this.#allocatedThroughSeq);
    return missing;
  }
}
