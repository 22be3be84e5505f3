import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ManualClock, StreamingContext } from '../../src/index.ts';

/** A new empty directory for one test's checkpoints. */
export function newCheckpointDir(): string {
  return mkdtempSync(join(tmpdir(), 'sluice-test-'));
}

/** `options` plus a new checkpoint directory, for `runStreams` of operations that need checkpointing. */
export function checkpointed<O extends object>(options?: O): O & { checkpointDir: string } {
  return { ...(options as O), checkpointDir: newCheckpointDir() };
}

/** Starts `ssc` and advances `clock` one batch at a time, waiting for each batch to complete. */
export async function runBatches(ssc: StreamingContext, clock: ManualClock, batches: number): Promise<void> {
  let completed = 0;
  let wake: (() => void) | undefined;
  const unsubscribe = ssc.addStreamingListener((e) => {
    if (e.type === 'batchCompleted' || e.type === 'streamingStopped') {
      if (e.type === 'batchCompleted') completed++;
      wake?.();
    }
  });
  if (ssc.getState() === 'initialized') ssc.start();
  const target = completed + batches;
  try {
    while (completed < target && ssc.getState() === 'active') {
      const next = new Promise<void>((resolve) => {
        wake = resolve;
      });
      clock.advance(ssc.batchDurationMs);
      await next;
    }
  } finally {
    unsubscribe();
  }
}

/** Collects everything written to it, for `print()`. */
export class CapturedOutput {
  text = '';
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}
