import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { jsonFilesSink, ManualClock, StreamingContext } from '../../src/index.ts';
import { tempDir, writeFileAt } from '../sources/directory/fixtures.ts';
import { EventLog } from '../support/events.ts';

const batchMs = 1000;

/** Every batch directory the sink wrote, with the text of each of its parts. */
function outputTree(outDir: string): Record<string, string[]> {
  const tree: Record<string, string[]> = {};
  for (const d of readdirSync(outDir).sort()) {
    tree[d] = readdirSync(join(outDir, d))
      .sort()
      .map((p) => `${p}: ${readFileSync(join(outDir, d, p), 'utf8')}`);
  }
  return tree;
}

/**
 * Files in, JSON files out: a program whose second output fails at `failAt` after the sink has written
 * that batch, so the batch is incomplete and runs again after the restart.
 */
async function run(input: string, out: string, checkpointDir: string, batches: number, failAt?: number) {
  let clock = new ManualClock(0);
  const build = () => {
    clock = new ManualClock(0);
    const ssc = new StreamingContext({ batchDurationMs: batchMs, clock });
    ssc.checkpoint(checkpointDir);
    const words = ssc.textFileStream(input).flatMap((l) => l.split(' '));
    words.map((w) => ({ word: w, length: w.length })).foreachRDD(jsonFilesSink(join(out, 'words')));
    words.foreachRDD((_rdd, time) => {
      if (time === failAt) throw new Error('crash after the sink wrote the batch');
    });
    return ssc;
  };
  const ssc = StreamingContext.getOrCreate(checkpointDir, build);
  clock.setTime(ssc.recoveredCheckpointTime ?? 0);
  const log = new EventLog(ssc);
  const stopped = log.waitFor('streamingStopped');
  ssc.start();
  for (const t of ssc.rescheduledTimes) await Promise.race([log.batchCompleted(t), stopped]);
  while (clock.getTimeMillis() < batches * batchMs && ssc.getState() === 'active') {
    const t = clock.getTimeMillis() + batchMs;
    writeFileAt(input, `in-${t}`, `w${t} x${t}\nyy${t}\n`, t - 500);
    clock.advance(batchMs);
    await Promise.race([log.batchCompleted(t), stopped]);
  }
  await ssc.stop();
  await ssc.awaitTermination().catch(() => {});
}

describe('directory source to a file sink, with a batch run again after a failure', () => {
  it('writes exactly the output of an uninterrupted run: every batch once, the re-run batch replaced', async () => {
    const reference = tempDir();
    await run(tempDir(), reference, tempDir(), 5);

    const input = tempDir();
    const out = tempDir();
    const checkpointDir = tempDir();
    await run(input, out, checkpointDir, 5, 3000);
    assert.deepEqual(readdirSync(out).sort(), ['words-1000', 'words-2000', 'words-3000']);
    await run(input, out, checkpointDir, 5);
    assert.deepEqual(outputTree(out), outputTree(reference));
    assert.equal(Object.keys(outputTree(out)).length, 5);
  });
});
