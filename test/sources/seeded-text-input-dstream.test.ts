import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidArgumentError, ManualClock, StreamingContext, ZipfTextGenerator } from '../../src/index.ts';
import { runBatches } from '../support/drive.ts';

async function batchesOf(seed: number, count: number): Promise<string[][]> {
  const clock = new ManualClock(0);
  const ssc = new StreamingContext({ batchDurationMs: 100, clock });
  const out: string[][] = [];
  ssc.seededTextStream({ seed, linesPerBatch: 5, wordsPerLine: 4, vocabularySize: 50 }).foreachRDD((rdd) => {
    out.push(rdd.collect());
  });
  await runBatches(ssc, clock, count);
  await ssc.stop();
  return out;
}

describe('seededTextStream', () => {
  it('is a pure function of the seed and the batch: replayable, different per batch', async () => {
    const a = await batchesOf(7, 3);
    const b = await batchesOf(7, 3);
    const c = await batchesOf(8, 3);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    assert.notDeepEqual(a[0], a[1]);
    for (const batch of a) {
      assert.equal(batch.length, 5);
      for (const line of batch) assert.equal(line.split(' ').length, 4);
    }
  });

  it('draws words Zipf-distributed over a vocabulary of 3–10 letter words', () => {
    const g = new ZipfTextGenerator({ seed: 1, vocabularySize: 1000 });
    assert.equal(new Set(g.vocabulary).size, 1000);
    for (const w of g.vocabulary) assert.match(w, /^[a-z]{3,10}$/);
    const counts = new Map<string, number>();
    for (const line of g.lines(5000)) for (const w of line.split(' ')) counts.set(w, (counts.get(w) ?? 0) + 1);
    const top = counts.get(g.vocabulary[0]) ?? 0;
    const tenth = counts.get(g.vocabulary[9]) ?? 0;
    // With s = 1 the most frequent word is about ten times as frequent as the tenth.
    assert.ok(top / tenth > 6 && top / tenth < 15, `ratio ${top / tenth}`);
  });

  it('rejects options out of range, naming them', () => {
    assert.throws(() => new ZipfTextGenerator({ vocabularySize: 0 }), InvalidArgumentError);
    assert.throws(() => new ZipfTextGenerator({ wordsPerLine: 0 }), /wordsPerLine/);
    const ssc = new StreamingContext({ batchDurationMs: 100, clock: new ManualClock() });
    assert.throws(() => ssc.seededTextStream({ linesPerBatch: -1 }), /linesPerBatch/);
  });
});
