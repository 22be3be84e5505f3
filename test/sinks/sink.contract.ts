// The contract every file sink passes: each batch in its own directory, whole or absent, and written once
// however often a batch runs (exactly-once output under re-runs).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { DStream } from '../../src/index.ts';
import { runStreams, runStreamsWithRestart } from '../../src/testing/index.ts';

export interface SinkContractSubject<T> {
  /** Attaches the sink to `stream`, writing batch t to `prefix-<t>`. */
  attach(stream: DStream<T>, prefix: string): void;
  /** The records of one part file. */
  readPart(path: string): T[];
  /** Three batches of records the sink must carry unchanged (the second must not be empty). */
  batches: [T[], T[], T[]];
}

/** The records of each part of the directory the sink wrote for batch `timeMs`. */
function readBatch<T>(subject: SinkContractSubject<T>, prefix: string, timeMs: number): T[][] {
  const dir = `${prefix}-${timeMs}`;
  const names = readdirSync(dir).sort();
  assert.ok(names.includes('_SUCCESS'), `${dir} has no _SUCCESS`);
  return names.filter((n) => n.startsWith('part-')).map((n) => subject.readPart(join(dir, n)));
}

/** Entries of the output directory other than the batch directories: temporary or replaced ones. */
function leftovers(outDir: string): string[] {
  return readdirSync(outDir).filter((n) => !/^batch-\d+$/.test(n));
}

export function runSinkContract<T>(name: string, subject: SinkContractSubject<T>): void {
  describe(`sink contract: ${name}`, () => {
    const fresh = () => {
      const outDir = mkdtempSync(join(tmpdir(), 'sluice-sink-'));
      return { outDir, prefix: join(outDir, 'batch') };
    };

    it('writes each batch to its own directory, one part per partition, each record once', async () => {
      const { outDir, prefix } = fresh();
      await runStreams(
        [subject.batches],
        (s: DStream<T>) => {
          subject.attach(s, prefix);
          return s;
        },
        3,
      );
      for (const [i, batch] of subject.batches.entries()) {
        const parts = readBatch(subject, prefix, (i + 1) * 1000);
        assert.equal(parts.length, 2, 'one part per input partition');
        assert.deepEqual(parts.flat(), batch);
      }
      assert.deepEqual(leftovers(outDir), []);
    });

    it('leaves one copy of a batch written again after a restart (idempotent on replay)', async () => {
      const { outDir, prefix } = fresh();
      const run = await runStreamsWithRestart(
        [subject.batches],
        (s: DStream<T>) => {
          subject.attach(s, prefix);
          return s;
        },
        3,
        { batchesBeforeRestart: 2 },
      );
      assert.equal(run.rescheduledTimes[0], 2000, 'the restart wrote batch 2000 again');
      assert.deepEqual(readdirSync(outDir).sort(), ['batch-1000', 'batch-2000', 'batch-3000']);
      for (const [i, batch] of subject.batches.entries()) {
        assert.deepEqual(readBatch(subject, prefix, (i + 1) * 1000).flat(), batch);
      }
    });

    it('leaves neither the batch directory nor temporary files when a batch fails while written; the re-run writes it', async () => {
      const { outDir, prefix } = fresh();
      const poison = subject.batches[1][0];
      let failing = true;
      const operation = (s: DStream<T>) => {
        subject.attach(
          s.map((r) => {
            if (failing && r === poison) throw new Error('failed while writing');
            return r;
          }),
          prefix,
        );
        return s;
      };
      await assert.rejects(runStreams([subject.batches], operation, 3), /Batch 2000 ms failed/);
      assert.ok(existsSync(`${prefix}-1000`));
      assert.ok(!existsSync(`${prefix}-2000`));
      assert.deepEqual(leftovers(outDir), []);
      failing = false;
      await runStreams([subject.batches], operation, 3);
      assert.deepEqual(readBatch(subject, prefix, 2000).flat(), subject.batches[1]);
    });
  });
}
