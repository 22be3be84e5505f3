import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  type KafkaDirectStream,
  type KafkaDirectStreamOptions,
  ManualClock,
  type OffsetRange,
  offsetRanges,
  StreamingContext,
} from '../../../src/index.ts';
import { EventLog } from '../../support/events.ts';
import { advanceOneBatch, batchMs, bootstrapServers, checkpointDir, KafkaFixture } from './fixtures.ts';

const kafka = new KafkaFixture();
after(() => kafka.close());

interface Run {
  readonly ssc: StreamingContext;
  readonly clock: ManualClock;
  readonly log: EventLog;
  readonly stream: KafkaDirectStream;
  /** Values by batch time, and the ranges `offsetRanges` gave for each batch. */
  readonly out: Map<number, string[]>;
  readonly ranges: Map<number, readonly OffsetRange[]>;
}

function program(
  options: Omit<KafkaDirectStreamOptions, 'bootstrapServers' | 'groupId'> & { groupId?: string },
  extra: { checkpoint?: string; startMs?: number; failAt?: number } = {},
): Run {
  const clock = new ManualClock(extra.startMs ?? 0);
  const ssc = new StreamingContext({ batchDurationMs: batchMs, clock });
  if (extra.checkpoint !== undefined) ssc.checkpoint(extra.checkpoint);
  const stream = ssc.kafkaDirectStream({ bootstrapServers, groupId: options.groupId ?? 'g', ...options });
  const out = new Map<number, string[]>();
  const ranges = new Map<number, readonly OffsetRange[]>();
  stream.foreachRDD((rdd, time) => {
    if (time === extra.failAt) throw new Error(`failed at ${time}`);
    ranges.set(time, offsetRanges(rdd));
    out.set(time, rdd.map((r) => `${r.partition}:${r.offset}=${r.value}`).collect());
  });
  return { ssc, clock, log: new EventLog(ssc), stream, out, ranges };
}

const range = (topic: string, partition: number, fromOffset: number, untilOffset: number): OffsetRange => ({
  topic,
  partition,
  fromOffset,
  untilOffset,
});

describe('kafkaDirectStream against the broker', () => {
  it('reads exactly what was produced, batch by batch, each batch on the ranges fixed when it was generated', async () => {
    const topic = await kafka.topic('direct', 2);
    await kafka.produce(topic, 0, ['a', 'b', 'c']);
    await kafka.produce(topic, 1, ['x', 'y']);
    const run = program({ topics: [topic], startingOffsets: 'earliest' });
    run.ssc.start();
    await advanceOneBatch(run.clock, run.log);
    await kafka.produce(topic, 0, ['d', 'e']);
    await advanceOneBatch(run.clock, run.log);
    await advanceOneBatch(run.clock, run.log);
    await run.ssc.stop();
    assert.deepEqual(
      [...run.out],
      [
        [1000, ['0:0=a', '0:1=b', '0:2=c', '1:0=x', '1:1=y']],
        [2000, ['0:3=d', '0:4=e']],
        [3000, []],
      ],
    );
    assert.deepEqual(run.ranges.get(1000), [range(topic, 0, 0, 3), range(topic, 1, 0, 2)]);
    assert.deepEqual(run.ranges.get(2000), [range(topic, 0, 3, 5), range(topic, 1, 2, 2)]);
    assert.deepEqual(run.stream.offsetRangesAt(3000), [range(topic, 0, 5, 5), range(topic, 1, 2, 2)]);
    assert.deepEqual(
      run.log.of('batchCompleted').map((e) => e.batch.numRecords),
      [5, 2, 0],
    );
  });

  it('caps each range at maxRatePerPartition × batch seconds', async () => {
    const topic = await kafka.topic('rate', 1);
    await kafka.produce(topic, 0, ['1', '2', '3', '4', '5']);
    const run = program({ topics: [topic], startingOffsets: 'earliest', maxRatePerPartition: 2 });
    run.ssc.start();
    for (let i = 0; i < 4; i++) await advanceOneBatch(run.clock, run.log);
    await run.ssc.stop();
    assert.deepEqual(
      [...run.ranges.values()],
      [[range(topic, 0, 0, 2)], [range(topic, 0, 2, 4)], [range(topic, 0, 4, 5)], [range(topic, 0, 5, 5)]],
    );
    assert.deepEqual([...run.out.values()].flat(), ['0:0=1', '0:1=2', '0:2=3', '0:3=4', '0:4=5']);
  });

  it('starts at the latest offsets, or at given offsets, or at the group committed offsets; commitAsync commits after output', async () => {
    const topic = await kafka.topic('start', 1);
    await kafka.produce(topic, 0, ['old1', 'old2', 'old3']);
    const latest = program({ topics: [topic], groupId: `${topic}-g` });
    latest.ssc.start();
    await advanceOneBatch(latest.clock, latest.log);
    await kafka.produce(topic, 0, ['new']);
    await advanceOneBatch(latest.clock, latest.log);
    const done = latest.stream.offsetRangesAt(2000) ?? [];
    const committed = new Promise<Error | undefined>((resolve) => latest.stream.commitAsync(done, resolve));
    await advanceOneBatch(latest.clock, latest.log);
    assert.equal(await committed, undefined);
    await latest.ssc.stop();
    assert.deepEqual([...latest.out.values()], [[], ['0:3=new'], []]);

    const given = program({ topics: [topic], groupId: `${topic}-other`, startingOffsets: { [topic]: { 0: 1 } } });
    given.ssc.start();
    await advanceOneBatch(given.clock, given.log);
    await given.ssc.stop();
    assert.deepEqual([...given.out.values()], [['0:1=old2', '0:2=old3', '0:3=new']]);

    // The group committed 4 through commitAsync: a new program of the group starts there.
    await kafka.produce(topic, 0, ['after']);
    const resumed = program({ topics: [topic], groupId: `${topic}-g`, startingOffsets: 'earliest' });
    resumed.ssc.start();
    await advanceOneBatch(resumed.clock, resumed.log);
    await resumed.ssc.stop();
    assert.deepEqual([...resumed.out.values()], [['0:4=after']]);
  });

  it('reads records larger than maxBytesPerFetch whole, and goes on past them', async () => {
    const topic = await kafka.topic('large', 1);
    const big = 'x'.repeat(5000);
    await kafka.produce(topic, 0, [big, 'small', big]);
    const run = program({ topics: [topic], startingOffsets: 'earliest', maxBytesPerFetch: 100 });
    run.ssc.start();
    await advanceOneBatch(run.clock, run.log);
    await run.ssc.stop();
    assert.deepEqual([...run.out.values()], [[`0:0=${big}`, '0:1=small', `0:2=${big}`]]);
  });

  it('picks up a new topic matching the pattern at the next batch, from its earliest offset', async () => {
    const a = await kafka.topic('patterna', 1);
    await kafka.produce(a, 0, ['a1']);
    const escaped = a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/^patterna/, 'pattern[ab]');
    const run = program({ topicPattern: new RegExp(escaped), startingOffsets: 'earliest' });
    run.ssc.start();
    await advanceOneBatch(run.clock, run.log);
    const b = a.replace(/^patterna/, 'patternb');
    await kafka.admin.createTopic(b, { partitions: 2 });
    await kafka.produce(b, 1, ['b1', 'b2']);
    await advanceOneBatch(run.clock, run.log);
    await kafka.admin.deleteTopic(b);
    await run.ssc.stop();
    assert.deepEqual([...run.out.values()], [['0:0=a1'], ['1:0=b1', '1:1=b2']]);
    assert.deepEqual(run.ranges.get(2000), [range(a, 0, 1, 1), range(b, 0, 0, 0), range(b, 1, 0, 2)]);
  });

  it('keeps the ranges in the checkpoint: the re-run batch after a restart reads the same range, nothing lost or doubled', async () => {
    const topic = await kafka.topic('ckpt', 1);
    const dir = checkpointDir();
    await kafka.produce(topic, 0, ['1', '2', '3']);
    const first = program({ topics: [topic], startingOffsets: 'earliest' }, { checkpoint: dir, failAt: 2000 });
    const failed = first.ssc.awaitTermination();
    first.ssc.start();
    await advanceOneBatch(first.clock, first.log);
    await kafka.produce(topic, 0, ['4', '5']);
    await advanceOneBatch(first.clock, first.log);
    await assert.rejects(failed, /Batch 2000 ms failed.*failed at 2000/);
    // Written while the program is down: they belong to later batches, not to the re-run one.
    await kafka.produce(topic, 0, ['6', '7', '8']);

    let second: Run | undefined;
    const ssc = StreamingContext.getOrCreate(dir, () => {
      second = program({ topics: [topic], startingOffsets: 'earliest' }, { checkpoint: dir, startMs: 2000 });
      return second.ssc;
    });
    assert.ok(second !== undefined);
    ssc.start();
    await second.log.batchCompleted(2000);
    await advanceOneBatch(second.clock, second.log);
    await ssc.stop();
    assert.deepEqual([...first.out], [[1000, ['0:0=1', '0:1=2', '0:2=3']]]);
    assert.deepEqual(
      [...second.out],
      [
        [2000, ['0:3=4', '0:4=5']],
        [3000, ['0:5=6', '0:6=7', '0:7=8']],
      ],
    );
    assert.deepEqual(second.ranges.get(2000), [range(topic, 0, 3, 5)]);
  });

  it('fails the batch on a bad record naming topic, partition, offset and reason; or sends it to the dead-letter topic', async () => {
    const topic = await kafka.topic('bad', 1);
    await kafka.produce(topic, 0, ['{"n":1}', 'not json', '{"n":3}']);
    const clock = new ManualClock(0);
    const ssc = new StreamingContext({ batchDurationMs: batchMs, clock });
    ssc
      .kafkaDirectStream<string, { n: number }>({
        bootstrapServers,
        groupId: 'g',
        topics: [topic],
        startingOffsets: 'earliest',
        valueCodec: 'json',
      })
      .foreachRDD((rdd) => {
        rdd.collect();
      });
    const failed = ssc.awaitTermination();
    const log = new EventLog(ssc);
    ssc.start();
    await advanceOneBatch(clock, log);
    await assert.rejects(failed, (e: Error) => {
      assert.match(e.message, new RegExp(`bad record at topic ${topic} partition 0 offset 1: value: .*JSON`));
      return true;
    });

    const dlq = await kafka.topic('dlq', 1);
    const clock2 = new ManualClock(0);
    const ssc2 = new StreamingContext({ batchDurationMs: batchMs, clock: clock2 });
    const stream = ssc2.kafkaDirectStream<string, { n: number }>({
      bootstrapServers,
      groupId: 'g',
      topics: [topic],
      startingOffsets: 'earliest',
      valueCodec: 'json',
      onBadRecord: { deadLetterTopic: dlq },
    });
    const values: number[] = [];
    stream.foreachRDD((rdd) => {
      values.push(...rdd.map((r) => r.value?.n ?? -1).collect());
    });
    const log2 = new EventLog(ssc2);
    ssc2.start();
    await advanceOneBatch(clock2, log2);
    await ssc2.stop();
    assert.deepEqual(values, [1, 3]);
    assert.equal(stream.deadLetterCount, 1);
    assert.deepEqual(
      log2.of('recordsDeadLettered').map((e) => [e.batchTime, e.count, e.destination]),
      [[1000, 1, dlq]],
    );
    const consumer = kafka.client.consumer({ groupId: 'check' });
    const letters = await consumer.fetchRange(range(dlq, 0, 0, 1));
    await consumer.close();
    assert.equal(Buffer.from(letters[0].value ?? []).toString(), 'not json');
    const header = (name: string) => Buffer.from(letters[0].headers.find(([k]) => k === name)?.[1] ?? []).toString();
    assert.equal(header('sluice.source.topic'), topic);
    assert.equal(header('sluice.source.offset'), '1');
    assert.match(header('sluice.reason'), /^value: .*JSON/);
  });

  it('fails with the partition and the missing range when offsets are not there; resets to latest when asked', async () => {
    const topic = await kafka.topic('lost', 1);
    await kafka.produce(topic, 0, ['a', 'b', 'c']);
    const run = program({ topics: [topic], startingOffsets: { [topic]: { 0: 10 } } });
    const failed = run.ssc.awaitTermination();
    run.ssc.start();
    await advanceOneBatch(run.clock, run.log);
    await assert.rejects(
      failed,
      new RegExp(`offsets \\[3, 10\\) of ${topic}-0 cannot be read: the partition now ends at 3.*onOffsetsUnavailable`),
    );

    const reset = program({ topics: [topic], startingOffsets: { [topic]: { 0: 10 } }, onOffsetsUnavailable: 'latest' });
    reset.ssc.start();
    await advanceOneBatch(reset.clock, reset.log);
    await kafka.produce(topic, 0, ['d']);
    await advanceOneBatch(reset.clock, reset.log);
    await reset.ssc.stop();
    assert.deepEqual([...reset.out.values()], [[], ['0:3=d']]);
  });

  it('fails naming the partition when its topic is deleted while the stream reads it', async () => {
    const topic = await kafka.topic('deleted', 1);
    await kafka.produce(topic, 0, ['a']);
    const run = program({ topics: [topic], startingOffsets: 'earliest' });
    const failed = run.ssc.awaitTermination();
    run.ssc.start();
    await advanceOneBatch(run.clock, run.log);
    await kafka.admin.deleteTopic(topic);
    await advanceOneBatch(run.clock, run.log);
    await assert.rejects(failed, (e: Error) => {
      assert.match(
        e.message,
        new RegExp(
          `Batch 2000 ms failed.*offsets \\[1, 1\\) of ${topic}-0 cannot be read: the partition no longer exists`,
        ),
      );
      return true;
    });
  });

  it('retries a broker that cannot be reached a bounded number of times, then fails the batch with a clear error', async () => {
    await kafka.connect();
    const clock = new ManualClock(0);
    const ssc = new StreamingContext({ batchDurationMs: batchMs, clock });
    ssc
      .kafkaDirectStream({
        bootstrapServers: '127.0.0.1:1',
        groupId: 'g',
        topics: ['t'],
        maxRetries: 1,
        retryBackoffMs: 10,
      })
      .foreachRDD(() => {});
    const failed = ssc.awaitTermination();
    const log = new EventLog(ssc);
    ssc.start();
    await advanceOneBatch(clock, log);
    await assert.rejects(failed, /Batch 1000 ms failed.*reading start offsets failed after 2 attempts/);
  });

  it('refuses bad options', () => {
    const ssc = new StreamingContext({ batchDurationMs: batchMs, clock: new ManualClock(0) });
    assert.throws(
      () => ssc.kafkaDirectStream({ bootstrapServers, groupId: 'g' }),
      /exactly one of topics, topicPattern and partitions/,
    );
    assert.throws(() => ssc.kafkaDirectStream({ bootstrapServers, groupId: '', topics: ['t'] }), /groupId/);
    assert.throws(
      () => ssc.kafkaDirectStream({ bootstrapServers, groupId: 'g', topics: ['t'], maxRatePerPartition: 0 }),
      /maxRatePerPartition must be > 0, got 0/,
    );
    assert.throws(
      () => ssc.kafkaDirectStream({ bootstrapServers, groupId: 'g', topics: ['t'], valueCodec: 'xml' as 'json' }),
      /valueCodec must be/,
    );
  });
});
