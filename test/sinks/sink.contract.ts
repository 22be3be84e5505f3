// The contract every sink passes: each batch whole or absent, and written once however often a batch runs
// (exactly-once output under re-runs), nothing left behind by a batch that fails.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { DStream } from '../../src/index.ts';
import { runStreams, runStreamsWithRestart } from '../../src/testing/index.ts';

type Awaitable<X> = X | Promise<X>;

/** A sink under test, whatever it writes to (a directory prefix, a table). */
export interface BatchSinkContractSubject<T, Target> {
  /** A place no other test writes to. */
  fresh(): Awaitable<Target>;
  /** Attaches the sink to `stream`, writing to `target`. */
  attach(stream: DStream<T>, target: Target): void;
  /** What the sink holds of batch `timeMs`, part by part, or `undefined` when it holds nothing of it. */
  readBatch(target: Target, timeMs: number): Awaitable<T[][] | undefined>;
  /** Anything written that belongs to no whole batch (temporary files, rows of an uncommitted batch). */
  leftovers(target: Target): Awaitable<string[]>;
  /** Whether a batch keeps one part per input partition (files do; a table does not). */
  keepsPartitions: boolean;
  /** Three batches of records the sink must carry unchanged (the second must not be empty). */
  batches: [T[], T[], T[]];
}

/** The records of batch `timeMs`: an empty batch may be written empty or not at all. */
async function recordsOf<T, Target>(
  subject: BatchSinkContractSubject<T, Target>,
  target: Target,
  timeMs: number,
  expected: T[],
): Promise<T[][]> {
  const parts = await subject.readBatch(target, timeMs);
  if (parts === undefined && expected.length === 0) return [];
  assert.ok(parts !== undefined, `batch ${timeMs} was not written`);
  return parts;
}

export function runBatchSinkContract<T, Target>(name: string, subject: BatchSinkContractSubject<T, Target>): void {
  describe(`sink contract: ${name}`, () => {
    const attachTo = (target: Target) => (s: DStream<T>) => {
      subject.attach(s, target);
      return s;
    };

    it('writes each batch once, each record once', async () => {
      const target = await subject.fresh();
      await runStreams([subject.batches], attachTo(target), 3);
      for (const [i, batch] of subject.batches.entries()) {
        const parts = await recordsOf(subject, target, (i + 1) * 1000, batch);
        if (subject.keepsPartitions) assert.equal(parts.length, 2, 'one part per input partition');
        assert.deepEqual(parts.flat(), batch);
      }
      assert.deepEqual(await subject.leftovers(target), []);
    });

    it('leaves one copy of a batch run again after a restart', async () => {
      const target = await subject.fresh();
      const run = await runStreamsWithRestart([subject.batches], attachTo(target), 3, { batchesBeforeRestart: 2 });
      assert.equal(run.rescheduledTimes[0], 2000, 'the restart ran batch 2000 again');
      for (const [i, batch] of subject.batches.entries()) {
        assert.deepEqual((await recordsOf(subject, target, (i + 1) * 1000, batch)).flat(), batch);
      }
      assert.deepEqual(await subject.leftovers(target), []);
    });

    it('leaves nothing of a batch that fails while written; running it again writes it once', async () => {
      const target = await subject.fresh();
      const poison = subject.batches[1][0];
      let failing = true;
      const operation = (s: DStream<T>) => {
        subject.attach(
          s.map((r) => {
            if (failing && r === poison) throw new Error('failed while writing');
            return r;
          }),
          target,
        );
        return s;
      };
      await assert.rejects(runStreams([subject.batches], operation, 3), /Batch 2000 ms failed/);
      assert.deepEqual((await recordsOf(subject, target, 1000, subject.batches[0])).flat(), subject.batches[0]);
      assert.equal(await subject.readBatch(target, 2000), undefined);
      assert.deepEqual(await subject.leftovers(target), []);
      failing = false;
      await runStreams([subject.batches], operation, 3);
      for (const [i, batch] of subject.batches.entries()) {
        assert.deepEqual((await recordsOf(subject, target, (i + 1) * 1000, batch)).flat(), batch);
      }
    });
  });
}

/** A file sink under test: batch t goes to the directory `prefix-<t>`, one part file per partition. */
export interface SinkContractSubject<T> {
  /** Attaches the sink to `stream`, writing batch t to `prefix-<t>`. */
  attach(stream: DStream<T>, prefix: string): void;
  /** The records of one part file. */
  readPart(path: string): T[];
  /** Three batches of records the sink must carry unchanged (the second must not be empty). */
  batches: [T[], T[], T[]];
}

/** Runs the contract against a file sink, checking each batch directory's parts and `_SUCCESS`. */
export function runSinkContract<T>(name: string, subject: SinkContractSubject<T>): void {
  type Out = { outDir: string; prefix: string };
  runBatchSinkContract<T, Out>(name, {
    fresh: () => {
      const outDir = mkdtempSync(join(tmpdir(), 'sluice-sink-'));
      return { outDir, prefix: join(outDir, 'batch') };
    },
    attach: (stream, out) => subject.attach(stream, out.prefix),
    readBatch: (out, timeMs) => {
      const name = `batch-${timeMs}`;
      if (!readdirSync(out.outDir).includes(name)) return undefined;
      const names = readdirSync(join(out.outDir, name)).sort();
      assert.ok(names.includes('_SUCCESS'), `${name} has no _SUCCESS`);
      return names.filter((n) => n.startsWith('part-')).map((n) => subject.readPart(join(out.outDir, name, n)));
    },
    // Entries other than the batch directories: temporary or replaced ones.
    leftovers: (out) => readdirSync(out.outDir).filter((n) => !/^batch-\d+$/.test(n)),
    keepsPartitions: true,
    batches: subject.batches,
  });
}
