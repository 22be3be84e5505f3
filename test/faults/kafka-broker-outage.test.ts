// RELIABILITY S7: the Kafka broker goes away and comes back. The test owns its broker (its own ports and
// data directory) so it can kill, stop and restart it: batches wait and retry within the source's bound and
// then read every record exactly once (and a transactional Kafka sink writes each once); a broker down
// longer than the bound fails the batch with an error naming the brokers, the partitions and the bound; a
// program started while the broker is down waits for it.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  type KafkaDirectStreamOptions,
  KafkaUnavailableError,
  kafkaSink,
  ManualClock,
  StreamingContext,
} from '../../src/index.ts';
import { type KafkaAdmin, type KafkaClient, PlatformaticKafkaClient } from '../../src/kafka/index.ts';
import { waitFor } from '../integration/kafka/broker.ts';
import { uniqueName } from '../integration/service.ts';
import { EventLog } from '../support/events.ts';
import { OwnKafkaBroker } from './fixtures/own-kafka-broker.ts';

const broker = new OwnKafkaBroker(29192, 29193);
const batchMs = 1000;
let client: KafkaClient;
let admin: KafkaAdmin;

before(async () => {
  await broker.startFresh();
  client = new PlatformaticKafkaClient({ bootstrapServers: [broker.bootstrapServers], clientId: 'outage-test' });
  admin = client.admin();
});

after(async () => {
  await admin?.close().catch(() => undefined);
  await broker.destroy();
});

async function produce(topic: string, partition: number, values: readonly string[]): Promise<void> {
  const producer = client.producer();
  try {
    await producer.send(values.map((v) => ({ topic, partition, value: Buffer.from(v) })));
  } finally {
    await producer.close();
  }
}

/**
 * A program reading `topic` from its earliest offsets; each batch's records as `partition:offset=value`.
 * With `checkpoint`, it checkpoints there (recreate it with `StreamingContext.getOrCreate`); with
 * `outputTopic`, it also writes the values there through the transactional Kafka sink.
 */
function program(
  topic: string,
  options: Partial<KafkaDirectStreamOptions> = {},
  checkpoint?: string,
  outputTopic?: string,
) {
  const clock = new ManualClock(0);
  const ssc = new StreamingContext({ batchDurationMs: batchMs, clock });
  if (checkpoint !== undefined) ssc.checkpoint(checkpoint);
  const out = new Map<number, string[]>();
  const stream = ssc.kafkaDirectStream({
    bootstrapServers: broker.bootstrapServers,
    groupId: uniqueName('outage'),
    topics: [topic],
    startingOffsets: 'earliest',
    ...options,
  });
  stream.foreachRDD((rdd, time) => {
    out.set(time, rdd.map((r) => `${r.partition}:${r.offset}=${r.value}`).collect());
  });
  if (outputTopic !== undefined) {
    stream
      .map((r) => r.value ?? '')
      .foreachRDD(
        kafkaSink<string>({
          bootstrapServers: broker.bootstrapServers,
          topic: outputTopic,
          transactional: { transactionalId: `${outputTopic}-app`, offsets: stream },
        }),
      );
  }
  const log = new EventLog(ssc);
  const failed = ssc.awaitTermination().then(
    () => undefined,
    (e: unknown) => e,
  );
  return { ssc, clock, log, out, failed };
}

type Program = ReturnType<typeof program>;

/** The program recreated from its checkpoint in `dir`, its clock at the checkpoint's time. */
function recover(topic: string, options: Partial<KafkaDirectStreamOptions>, dir: string): Program {
  let made: Program | undefined;
  const ssc = StreamingContext.getOrCreate(dir, () => {
    made = program(topic, options, dir);
    return made.ssc;
  });
  assert.ok(made !== undefined && made.ssc === ssc);
  made.clock.setTime(ssc.recoveredCheckpointTime ?? 0);
  return made;
}

/** Advances one batch and waits for it to complete. */
async function nextBatch(run: Program): Promise<void> {
  run.clock.advance(batchMs);
  await run.log.batchCompleted(run.clock.getTimeMillis());
}

/** What a read_committed reader sees in `topic` (one partition), once at least `expected` values are visible. */
async function committedValues(topic: string, expected: number): Promise<string[]> {
  const consumer = client.consumer({ groupId: uniqueName('checker'), isolationLevel: 'read_committed' });
  try {
    const read = async () => {
      const [end] = await admin.listOffsets([{ topic, partition: 0 }], 'latest', 'read_committed');
      const records = await consumer.fetchRange({ ...end, fromOffset: 0, untilOffset: end.offset });
      return records.map((r) => Buffer.from(r.value ?? []).toString());
    };
    return await waitFor(read, (v) => v.length >= expected);
  } finally {
    await consumer.close();
  }
}

/** Every record of every batch, in batch order: the checker for "nothing skipped, nothing doubled". */
const allRecords = (run: Program) => [...run.out.values()].flat();

// Generous: 31 attempts, a short back-off capped at half a second, so the batch goes on soon after the
// broker is back. An attempt against a broker that is down takes the client one to three seconds, so the
// bound is about a minute; the broker restarts well within it (seconds).
const patient = { maxRetries: 30, retryBackoffMs: 50, maxRetryBackoffMs: 500 };
// A test that goes wrong (a broker that never comes back) fails instead of waiting out every bound.
const timeout = 180_000;
// Short: three attempts, so the broker stays down longer than the bound.
const impatient = { maxRetries: 2, retryBackoffMs: 50, maxRetryBackoffMs: 100 };

describe('Kafka direct stream while its broker goes away', () => {
  it('killed mid-run: batches wait and retry, then read (and write through the transactional sink) every record exactly once; a shorter bound fails the batch naming brokers, partitions and bound', {
    timeout,
  }, async () => {
    const topic = uniqueName('outage');
    await admin.createTopic(topic, { partitions: 2 });
    const output = uniqueName('outage-out');
    await admin.createTopic(output, { partitions: 1 });
    await produce(topic, 0, ['a0', 'a1', 'a2']);
    await produce(topic, 1, ['b0', 'b1']);
    // The patient program also writes every value through the transactional sink, across the outage.
    const waiting = program(topic, patient, undefined, output);
    const dir = mkdtempSync(join(tmpdir(), 'sluice-outage-'));
    const givingOptions = { ...impatient, groupId: uniqueName('outage') };
    const giving = program(topic, givingOptions, dir);
    waiting.ssc.start();
    giving.ssc.start();
    await nextBatch(waiting);
    await nextBatch(giving);
    // Written before the kill: they belong to the batch that waits for the broker.
    await produce(topic, 0, ['a3', 'a4']);
    await produce(topic, 1, ['b2']);

    await broker.kill();
    waiting.clock.advance(batchMs);
    giving.clock.advance(batchMs);
    // The impatient program gives up after its three attempts; its error surfaces through awaitTermination.
    const error = await giving.failed;
    assert.ok(error instanceof Error, 'the impatient program failed');
    assert.ok(error.cause instanceof KafkaUnavailableError, `cause is KafkaUnavailableError: ${String(error.cause)}`);
    assert.match(
      error.message,
      new RegExp(
        `Batch 2000 ms failed.*reading the offsets of ${topic}-0, ${topic}-1 failed after 3 attempts over [0-9.]+ s against brokers ${broker.bootstrapServers} \\(maxRetries 2, retryBackoffMs 50 doubling up to maxRetryBackoffMs 100\\)`,
      ),
    );
    assert.deepEqual(
      giving.log.of('sourceRetrying').map((e) => [e.batchTime, e.attempt, e.maxAttempts, e.backoffMs]),
      [
        [2000, 1, 3, 50],
        [2000, 2, 3, 100],
      ],
    );
    assert.deepEqual([...giving.out.keys()], [1000], 'nothing after the failed batch ran');

    // The patient program is still retrying batch 2000: nothing of it has run.
    await waiting.log.waitFor('sourceRetrying', (e) => e.batchTime === 2000 && e.attempt >= 2);
    assert.equal(waiting.out.has(2000), false);
    assert.equal(waiting.log.completedTimes().includes(2000), false);

    await broker.start();
    await waiting.log.batchCompleted(2000);
    const retries = waiting.log.of('sourceRetrying');
    assert.ok(
      retries.length >= 2 && retries.length < patient.maxRetries,
      `${retries.length} retries, within the bound`,
    );
    assert.ok(
      retries.every((e) => e.batchTime === 2000 && e.name.startsWith('kafkaDirectStream')),
      'every retry is for the waiting batch',
    );
    await produce(topic, 0, ['a5']);
    await nextBatch(waiting);
    await waiting.ssc.stop();
    assert.equal(await waiting.failed, undefined);
    assert.deepEqual(waiting.out.get(2000), ['0:3=a3', '0:4=a4', '1:2=b2']);
    assert.deepEqual(allRecords(waiting), [
      '0:0=a0',
      '0:1=a1',
      '0:2=a2',
      '1:0=b0',
      '1:1=b1',
      ...waiting.out.get(2000)!,
      '0:5=a5',
    ]);
    // Kafka → Kafka across the broker's restart: a read_committed reader sees each value once.
    const written = await committedValues(output, 9);
    assert.deepEqual(written.sort(), ['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'b0', 'b1', 'b2']);

    // The program that gave up restarts from its checkpoint once the broker is back: batch 1000 (of the
    // checkpoint) runs again on its own range, and the next batch starts where it stopped — nothing skipped.
    const recovered = recover(topic, givingOptions, dir);
    recovered.ssc.start();
    await recovered.log.batchCompleted(1000);
    await nextBatch(recovered);
    await recovered.ssc.stop();
    assert.deepEqual(
      [...recovered.out],
      [
        [1000, ['0:0=a0', '0:1=a1', '0:2=a2', '1:0=b0', '1:1=b1']],
        [2000, ['0:3=a3', '0:4=a4', '0:5=a5', '1:2=b2']],
      ],
    );
  });

  it('down when the program starts (stopped cleanly): the first batch waits for it, a batch run again after a restart reads its own range once the broker is back; shorter bounds fail clearly', {
    timeout,
  }, async () => {
    const topic = uniqueName('outage-start');
    await admin.createTopic(topic, { partitions: 1 });
    await produce(topic, 0, ['x0', 'x1', 'x2']);
    // A checkpointed program reads batch 1000 while the broker is up; x3 arrives after it.
    const dir = mkdtempSync(join(tmpdir(), 'sluice-outage-'));
    const group = uniqueName('outage');
    const first = program(topic, { ...patient, groupId: group }, dir);
    first.ssc.start();
    await nextBatch(first);
    await first.ssc.stop();
    await produce(topic, 0, ['x3']);
    await broker.stop();

    // Fresh programs: the start offsets wait for the broker.
    const waiting = program(topic, patient);
    const giving = program(topic, impatient);
    waiting.ssc.start();
    giving.ssc.start();
    waiting.clock.advance(batchMs);
    giving.clock.advance(batchMs);
    const error = await giving.failed;
    assert.ok(error instanceof Error, 'the impatient program failed');
    assert.match(
      error.message,
      new RegExp(
        `Batch 1000 ms failed.*reading start offsets failed after 3 attempts over [0-9.]+ s against brokers ${broker.bootstrapServers} \\(maxRetries 2,`,
      ),
    );
    assert.equal(giving.out.size, 0);

    // Restarted from the checkpoint: batch 1000 runs again on its checkpointed range, whose fetch waits for
    // the broker; with the short bound it fails naming the partition and the range.
    const givingAgain = recover(topic, { ...impatient, groupId: group }, dir);
    givingAgain.ssc.start();
    const fetchError = await givingAgain.failed;
    assert.ok(fetchError instanceof Error, 'the impatient restarted program failed');
    assert.match(
      fetchError.message,
      new RegExp(
        `Batch 1000 ms failed.*fetching ${topic}-0 \\[0, 3\\) failed after 3 attempts over [0-9.]+ s against brokers ${broker.bootstrapServers}`,
      ),
    );
    const waitingAgain = recover(topic, { ...patient, groupId: group }, dir);
    waitingAgain.ssc.start();

    await waiting.log.waitFor('sourceRetrying', (e) => e.attempt >= 2);
    await waitingAgain.log.waitFor('sourceRetrying', (e) => e.attempt >= 2 && e.operation.startsWith('fetching'));
    assert.equal(waiting.out.size, 0);
    assert.equal(waitingAgain.out.size, 0);
    await broker.start();
    await waiting.log.batchCompleted(1000);
    await waitingAgain.log.batchCompleted(1000);
    await produce(topic, 0, ['x4']);
    await nextBatch(waiting);
    await nextBatch(waitingAgain);
    await waiting.ssc.stop();
    await waitingAgain.ssc.stop();
    assert.deepEqual(
      [...waiting.out],
      [
        [1000, ['0:0=x0', '0:1=x1', '0:2=x2', '0:3=x3']],
        [2000, ['0:4=x4']],
      ],
    );
    // The batch run again read its own range, not the partition's end when the broker came back.
    assert.deepEqual(
      [...waitingAgain.out],
      [
        [1000, ['0:0=x0', '0:1=x1', '0:2=x2']],
        [2000, ['0:3=x3', '0:4=x4']],
      ],
    );
  });

  it('refuses a back-off cap below the first back-off', () => {
    const ssc = new StreamingContext({ batchDurationMs: batchMs, clock: new ManualClock(0) });
    assert.throws(
      () =>
        ssc.kafkaDirectStream({
          bootstrapServers: broker.bootstrapServers,
          groupId: 'g',
          topics: ['t'],
          retryBackoffMs: 300,
          maxRetryBackoffMs: 200,
        }),
      /maxRetryBackoffMs \(200\) must be >= retryBackoffMs \(300\)/,
    );
  });
});
