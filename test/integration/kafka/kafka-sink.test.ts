import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  type KafkaDirectStream,
  type KafkaSink,
  kafkaSink,
  ManualClock,
  StreamingContext,
} from '../../../src/index.ts';
import { EventLog } from '../../support/events.ts';
import { advanceOneBatch, batchMs, bootstrapServers, checkpointDir, KafkaFixture } from './fixtures.ts';

const kafka = new KafkaFixture();
after(() => kafka.close());

interface App {
  readonly ssc: StreamingContext;
  readonly clock: ManualClock;
  readonly log: EventLog;
  readonly sink: KafkaSink<string>;
}

/**
 * Kafka → Kafka: the input's values upper-cased into `output`, transactionally. `failValue` makes encoding
 * that value throw (after the batch's earlier partitions were sent in the transaction); `failAfter` fails a
 * second output operation of batch `failAfter`, after the sink's transaction committed.
 */
function pipeline(
  input: string,
  output: string,
  options: {
    groupId: string;
    transactionalId: string;
    checkpoint?: string;
    startMs?: number;
    failValue?: string;
    failAfter?: number;
  },
): App {
  const clock = new ManualClock(options.startMs ?? 0);
  const ssc = new StreamingContext({ batchDurationMs: batchMs, clock });
  if (options.checkpoint !== undefined) ssc.checkpoint(options.checkpoint);
  const stream: KafkaDirectStream = ssc.kafkaDirectStream({
    bootstrapServers,
    groupId: options.groupId,
    topics: [input],
    startingOffsets: 'earliest',
  });
  const sink = kafkaSink<string>({
    bootstrapServers,
    topic: output,
    keyOf: (v) => v,
    valueCodec: {
      encode: (v: string) => {
        if (v === options.failValue) throw new Error(`cannot encode ${v}`);
        return Buffer.from(v);
      },
    },
    transactional: { transactionalId: options.transactionalId, offsets: stream },
  });
  stream.map((r) => (r.value ?? '').toUpperCase()).foreachRDD(sink);
  stream.foreachRDD((_rdd, time) => {
    if (time === options.failAfter) throw new Error(`failed after the sink at ${time}`);
  });
  return { ssc, clock, log: new EventLog(ssc), sink };
}

describe('kafkaSink against the broker', () => {
  it('writes each batch through an idempotent producer, keys and values encoded', async () => {
    const input = await kafka.topic('sinkin', 2);
    const output = await kafka.topic('sinkout', 1);
    await kafka.produce(input, 0, ['a', 'b']);
    await kafka.produce(input, 1, ['c']);
    const clock = new ManualClock(0);
    const ssc = new StreamingContext({ batchDurationMs: batchMs, clock });
    const sink = kafkaSink<{ id: string; n: number }, string, { n: number }>({
      bootstrapServers,
      topic: output,
      keyOf: (r) => r.id,
      valueFrom: (r) => ({ n: r.n }),
      valueCodec: 'json',
    });
    ssc
      .kafkaDirectStream({ bootstrapServers, groupId: 'g', topics: [input], startingOffsets: 'earliest' })
      .map((r) => ({ id: r.value ?? '', n: r.offset }))
      .foreachRDD(sink);
    const log = new EventLog(ssc);
    ssc.start();
    await advanceOneBatch(clock, log);
    // The context's stop closes the sink's producer (foreachRDD's stop hook).
    await ssc.stop();
    const consumer = kafka.client.consumer({ groupId: 'checker' });
    const records = await consumer.fetchRange({ topic: output, partition: 0, fromOffset: 0, untilOffset: 3 });
    await consumer.close();
    assert.deepEqual(
      records.map((r) => [Buffer.from(r.key ?? []).toString(), Buffer.from(r.value ?? []).toString()]),
      [
        ['a', '{"n":0}'],
        ['b', '{"n":1}'],
        ['c', '{"n":0}'],
      ],
    );
  });

  it('fails the batch on a record over maxRecordBytes, naming its key and size, and writes nothing of the batch', async () => {
    const input = await kafka.topic('bigin', 1);
    const output = await kafka.topic('bigout', 1);
    await kafka.produce(input, 0, ['small', 'x'.repeat(100)], ['k1', 'k2']);
    const clock = new ManualClock(0);
    const ssc = new StreamingContext({ batchDurationMs: batchMs, clock });
    const sink = kafkaSink<[string, string], string, string>({
      bootstrapServers,
      topic: output,
      keyOf: ([k]: [string, string]) => k,
      valueFrom: ([, v]: [string, string]) => v,
      maxRecordBytes: 50,
    });
    ssc
      .kafkaDirectStream({ bootstrapServers, groupId: 'g', topics: [input], startingOffsets: 'earliest' })
      .map((r): [string, string] => [r.key ?? '', r.value ?? ''])
      .foreachRDD(sink);
    const failed = ssc.awaitTermination();
    const log = new EventLog(ssc);
    ssc.start();
    await advanceOneBatch(clock, log);
    await assert.rejects(failed, /the record with key k2 of batch 1000 ms takes 102 bytes, over maxRecordBytes 50/);
    await sink.close();
    assert.deepEqual(await kafka.admin.listOffsets([{ topic: output, partition: 0 }], 'latest'), [
      { topic: output, partition: 0, offset: 0 },
    ]);
  });

  it('exactly-once Kafka to Kafka: a failed batch aborts, and after a restart the re-run batch commits once', async () => {
    const input = await kafka.topic('eosin', 2);
    const output = await kafka.topic('eosout', 2);
    const dir = checkpointDir();
    const ids = { groupId: `${input}-g`, transactionalId: `${input}-app` };
    await kafka.produce(input, 0, ['a', 'b', 'c']);
    await kafka.produce(input, 1, ['d', 'e']);
    const first = pipeline(input, output, { ...ids, checkpoint: dir, failValue: 'H' });
    const failed = first.ssc.awaitTermination();
    first.ssc.start();
    await advanceOneBatch(first.clock, first.log);
    await kafka.produce(input, 0, ['f', 'g']);
    await kafka.produce(input, 1, ['h']);
    await advanceOneBatch(first.clock, first.log);
    await assert.rejects(failed, /Batch 2000 ms failed.*cannot encode H/);
    await first.sink.close();
    // F and G were sent in the aborted transaction: a read_uncommitted reader sees them, read_committed not.
    assert.deepEqual(await kafka.visibleValues(output, 5), ['A', 'B', 'C', 'D', 'E']);
    assert.deepEqual(await kafka.visibleValues(output, 7, 'read_uncommitted'), ['A', 'B', 'C', 'D', 'E', 'F', 'G']);

    await kafka.produce(input, 1, ['i']);
    let second: App | undefined;
    const ssc = StreamingContext.getOrCreate(dir, () => {
      second = pipeline(input, output, { ...ids, checkpoint: dir, startMs: 2000 });
      return second.ssc;
    });
    assert.ok(second !== undefined);
    ssc.start();
    await second.log.batchCompleted(2000);
    await advanceOneBatch(second.clock, second.log);
    await ssc.stop();
    await second.sink.close();
    assert.deepEqual(await kafka.visibleValues(output, 9), ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I']);
    const consumer = kafka.client.consumer({ groupId: ids.groupId });
    const committed = await consumer.committed([
      { topic: input, partition: 0 },
      { topic: input, partition: 1 },
    ]);
    await consumer.close();
    assert.deepEqual(
      committed.map((c) => c.offset),
      [5, 4],
    );
  });

  it('skips a re-run batch whose transaction had committed before the failure, so nothing is doubled', async () => {
    const input = await kafka.topic('rerunin', 1);
    const output = await kafka.topic('rerunout', 1);
    const dir = checkpointDir();
    const ids = { groupId: `${input}-g`, transactionalId: `${input}-app` };
    await kafka.produce(input, 0, ['a', 'b']);
    const first = pipeline(input, output, { ...ids, checkpoint: dir, failAfter: 1000 });
    const failed = first.ssc.awaitTermination();
    first.ssc.start();
    await advanceOneBatch(first.clock, first.log);
    await assert.rejects(failed, /Batch 1000 ms failed.*failed after the sink at 1000/);
    await first.sink.close();
    assert.deepEqual(await kafka.visibleValues(output, 2), ['A', 'B']);

    await kafka.produce(input, 0, ['c']);
    let second: App | undefined;
    const ssc = StreamingContext.getOrCreate(dir, () => {
      second = pipeline(input, output, { ...ids, checkpoint: dir, startMs: 1000 });
      return second.ssc;
    });
    assert.ok(second !== undefined);
    ssc.start();
    await second.log.batchCompleted(1000);
    await advanceOneBatch(second.clock, second.log);
    await ssc.stop();
    await second.sink.close();
    assert.deepEqual(await kafka.visibleValues(output, 3), ['A', 'B', 'C']);
  });

  it('fences a zombie: once a new instance with the same transactional id committed, the old one cannot', async () => {
    const input = await kafka.topic('zombiein', 1);
    const output = await kafka.topic('zombieout', 1);
    const ids = { groupId: `${input}-g`, transactionalId: `${input}-app` };
    await kafka.produce(input, 0, ['a', 'b']);
    const zombie = pipeline(input, output, ids);
    const zombieFailed = zombie.ssc.awaitTermination();
    zombie.ssc.start();
    await advanceOneBatch(zombie.clock, zombie.log);
    assert.deepEqual(await kafka.visibleValues(output, 2), ['A', 'B']);

    // The new instance starts from the group's offsets and takes over the transactional id.
    await kafka.produce(input, 0, ['c']);
    const successor = pipeline(input, output, ids);
    successor.ssc.start();
    await advanceOneBatch(successor.clock, successor.log);
    assert.deepEqual(await kafka.visibleValues(output, 3), ['A', 'B', 'C']);

    await kafka.produce(input, 0, ['d']);
    await advanceOneBatch(zombie.clock, zombie.log);
    await assert.rejects(zombieFailed, /Batch 2000 ms failed.*newer producer with the same transactionalId/);
    await zombie.sink.close();
    await advanceOneBatch(successor.clock, successor.log);
    await successor.ssc.stop();
    await successor.sink.close();
    assert.deepEqual(await kafka.visibleValues(output, 4), ['A', 'B', 'C', 'D']);
  });

  it('refuses bad options', () => {
    assert.throws(() => kafkaSink({ bootstrapServers, topic: '' }), /topic must be a non-empty string/);
    assert.throws(() => kafkaSink({ bootstrapServers: [], topic: 't' }), /bootstrapServers/);
    assert.throws(() => kafkaSink({ bootstrapServers, topic: 't', maxRecordBytes: 0 }), /maxRecordBytes must be/);
    assert.throws(
      () =>
        kafkaSink({
          bootstrapServers,
          topic: 't',
          transactional: { transactionalId: '', offsets: { groupId: 'g', offsetRangesAt: () => [] } },
        }),
      /transactional needs a transactionalId/,
    );
  });
});
