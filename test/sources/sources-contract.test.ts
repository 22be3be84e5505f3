import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestInputDStream } from '../../src/testing/index.ts';
import { writeFileAt } from './directory/fixtures.ts';
import { runSourceContract } from './source.contract.ts';

runSourceContract({
  name: 'textFileStream (directory)',
  create: (ssc, dir) => ssc.textFileStream(dir),
  // Two files per batch, modified inside the batch's interval; a hidden file being written is never read.
  feed: (dir, t) => {
    writeFileAt(dir, `a-${t}`, `a ${t}\nline 2 of a ${t}\n`, t - 600);
    writeFileAt(dir, `b-${t}`, `b ${t}\n`, t - 300);
    writeFileSync(join(dir, `.c-${t}.tmp`), 'partial');
  },
});

runSourceContract({
  name: 'fileStream (directory, JSON Lines)',
  create: (ssc, dir) => ssc.fileStream<{ t: number }>(dir, { decode: 'json' }),
  feed: (dir, t) => {
    writeFileAt(dir, `events-${t}.jsonl`, `{"t":${t}}\n{"t":${t + 1}}\n`, t - 500);
  },
});

runSourceContract({
  name: 'rateStream',
  create: (ssc) => ssc.rateStream({ recordsPerSecond: 7, rampUpTimeMs: 2000 }),
});

runSourceContract({
  name: 'seededTextStream',
  create: (ssc) => ssc.seededTextStream({ seed: 3, linesPerBatch: 6, wordsPerLine: 3 }),
});

const testBatches = [['a', 'b', 'c'], ['d'], [], ['e', 'f'], ['g', 'h', 'i', 'j'], ['k']];
runSourceContract({
  name: 'TestInputDStream',
  create: (ssc) => ssc.inputStream(new TestInputDStream(ssc, testBatches, 2)),
});
