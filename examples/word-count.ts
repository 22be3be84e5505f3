// Word count over the built-in seeded text source: one line per batch with its time, input lines,
// processing time and top 5 words. Runs for --seconds (default 10), or until Ctrl-C.
import { Command, InvalidArgumentError } from 'commander';
import { StreamingContext } from '../src/index.ts';

const positive = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
};
const options = new Command('word-count')
  .option('--seconds <n>', 'stop after this many seconds', positive, 10)
  .option('--batch-ms <n>', 'batch interval in ms', positive, 1000)
  .option('--lines <n>', 'lines of text in each batch', positive, 10_000)
  .parse()
  .opts<{ seconds: number; batchMs: number; lines: number }>();

const ssc = new StreamingContext({ batchDurationMs: options.batchMs });
const counts = ssc
  .seededTextStream({ linesPerBatch: options.lines })
  .flatMap((line) => line.split(' '))
  .map((word): [string, number] => [word, 1])
  .reduceByKey((a, b) => a + b);

// The output operation finds each batch's top words; the batch's completion event, which follows it,
// brings the input count and the processing time to print them with.
const topWords = new Map<number, string>();
counts.foreachRDD((rdd, time) => {
  const top = rdd.top(5, (a, b) => a[1] - b[1]);
  topWords.set(time, top.map(([word, n]) => `${word} ${n}`).join(', '));
});
ssc.addStreamingListener({
  onBatchCompleted: ({ batch }) => {
    const time = new Date(batch.batchTime).toISOString().slice(11, 23);
    const ms = Math.round(batch.processingDelayMs ?? 0);
    console.log(`${time}  ${batch.numRecords} lines  ${ms} ms  top 5: ${topWords.get(batch.batchTime)}`);
    topWords.delete(batch.batchTime);
  },
});

// Ctrl-C stops gracefully (batches already generated finish first); a second Ctrl-C kills the process.
process.once('SIGINT', () => void ssc.stop());
ssc.start();
await ssc.awaitTerminationOrTimeout(options.seconds * 1000);
await ssc.stop();
