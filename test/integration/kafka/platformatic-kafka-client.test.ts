import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { IllegalStateError, InvalidArgumentError } from '../../../src/core/index.ts';
import {
  type ConsumedRecord,
  type KafkaAdmin,
  type KafkaClient,
  KafkaClientError,
  KafkaOffsetsUnavailableError,
  KafkaTopicNotFoundError,
  type ProducerRecord,
} from '../../../src/kafka/index.ts';
import { uniqueName } from '../service.ts';
import { testKafkaClient, waitFor } from './broker.ts';

// The adapter's contract against the real broker that scripts/kafka runs.

const bytes = (s: string) => Buffer.from(s);
const text = (b: Uint8Array | null) => (b === null ? null : Buffer.from(b).toString());
const values = (records: ConsumedRecord[]) => records.map((r) => text(r.value));
const record = (topic: string, partition: number, value: string, key?: string): ProducerRecord => ({
  topic,
  partition,
  value: bytes(value),
  ...(key === undefined ? {} : { key: bytes(key) }),
});

describe('Kafka client adapter against the broker', () => {
  let client: KafkaClient;
  let admin: KafkaAdmin;
  let connected: Promise<void> | undefined;
  const topics: string[] = [];

  // Each test connects (once for all) rather than a before hook, so that without a broker every test fails
  // with the message naming scripts/kafka, instead of being reported as cancelled.
  function connect(): Promise<void> {
    connected ??= testKafkaClient().then((made) => {
      client = made;
      admin = made.admin();
    });
    return connected;
  }

  after(async () => {
    if (!admin) return;
    for (const topic of topics) await admin.deleteTopic(topic).catch(() => undefined);
    await admin.close();
  });

  async function newTopic(partitions: number): Promise<string> {
    await connect();
    const topic = uniqueName('adapter');
    await admin.createTopic(topic, { partitions });
    topics.push(topic);
    return topic;
  }

  it('creates a topic, produces, and reads back exact offset ranges with keys, headers and timestamps', async () => {
    const topic = await newTopic(2);
    assert.deepEqual(await admin.partitionsOf(topic), [
      { topic, partition: 0 },
      { topic, partition: 1 },
    ]);
    assert.ok((await admin.listTopics()).includes(topic));

    const producer = client.producer();
    await producer.send(['a', 'b', 'c', 'd', 'e'].map((v, i) => record(topic, 0, v, `k${i}`)));
    await producer.send([
      { topic, partition: 1, value: bytes('x'), headers: [['h', bytes('1')]], timestampMs: 1_700_000_000_000 },
      { topic, partition: 1, key: null, value: null },
    ]);
    await producer.close();

    const partitions = await admin.partitionsOf(topic);
    assert.deepEqual(
      (await admin.listOffsets(partitions, 'earliest')).map((p) => p.offset),
      [0, 0],
    );
    assert.deepEqual(
      (await admin.listOffsets(partitions, 'latest')).map((p) => p.offset),
      [5, 2],
    );

    const consumer = client.consumer({ groupId: uniqueName('group') });
    try {
      const middle = await consumer.fetchRange({ topic, partition: 0, fromOffset: 1, untilOffset: 4 });
      assert.deepEqual(
        middle.map((r) => [r.offset, text(r.key), text(r.value)]),
        [
          [1, 'k1', 'b'],
          [2, 'k2', 'c'],
          [3, 'k3', 'd'],
        ],
      );
      assert.deepEqual(values(await consumer.fetchRange({ topic, partition: 0, fromOffset: 0, untilOffset: 5 })), [
        'a',
        'b',
        'c',
        'd',
        'e',
      ]);
      assert.deepEqual(await consumer.fetchRange({ topic, partition: 0, fromOffset: 5, untilOffset: 5 }), []);

      const [withHeader, tombstone] = await consumer.fetchRange({ topic, partition: 1, fromOffset: 0, untilOffset: 2 });
      assert.equal(withHeader.timestampMs, 1_700_000_000_000);
      assert.deepEqual(
        withHeader.headers.map(([k, v]) => [k, text(v)]),
        [['h', '1']],
      );
      assert.equal(withHeader.key, null);
      assert.equal(tombstone.value, null);
      assert.equal(tombstone.offset, 1);
    } finally {
      await consumer.close();
    }
  });

  it('reads ranges larger than one fetch answer (1 MiB by default) whole and in order, one by one or together', async () => {
    const topic = await newTopic(3);
    const other = await newTopic(1);
    const value = (p: number, i: number) => `${p}:${String(i).padStart(6, '0')}${'x'.repeat(992)}`;
    const sizes = [3000, 1500, 5];
    const producer = client.producer();
    try {
      for (const [p, size] of sizes.entries()) {
        for (let i = 0; i < size; i += 500) {
          const n = Math.min(500, size - i);
          await producer.send(Array.from({ length: n }, (_, j) => record(topic, p, value(p, i + j))));
        }
      }
      await producer.send([record(other, 0, 'o1'), record(other, 0, 'o2')]);
    } finally {
      await producer.close();
    }
    const offsets = (records: ConsumedRecord[]) => records.map((r) => r.offset);
    const span = (from: number, until: number) => Array.from({ length: until - from }, (_, i) => from + i);
    const consumer = client.consumer({ groupId: uniqueName('group') });
    try {
      const all = await consumer.fetchRange({ topic, partition: 0, fromOffset: 0, untilOffset: 3000 });
      assert.equal(all.length, 3000);
      assert.ok(all.every((r, i) => r.offset === i && text(r.value) === value(0, i)));
      const middle = await consumer.fetchRange({ topic, partition: 0, fromOffset: 1234, untilOffset: 2789 });
      assert.deepEqual(offsets(middle), span(1234, 2789));

      const together = await consumer.fetchRanges([
        { topic, partition: 0, fromOffset: 0, untilOffset: 3000 },
        { topic, partition: 1, fromOffset: 100, untilOffset: 1500 },
        { topic, partition: 2, fromOffset: 2, untilOffset: 2 },
        { topic: other, partition: 0, fromOffset: 1, untilOffset: 2 },
        { topic, partition: 2, fromOffset: 1, untilOffset: 4 },
      ]);
      assert.deepEqual(together.map(offsets), [span(0, 3000), span(100, 1500), [], [1], [1, 2, 3]]);
      assert.ok(
        together[0].every((r) => text(r.value) === value(0, r.offset) && r.topic === topic && r.partition === 0),
      );
      assert.ok(together[1].every((r) => text(r.value) === value(1, r.offset) && r.partition === 1));
      assert.deepEqual(values(together[3]), ['o2']);
      assert.deepEqual(values(together[4]), [value(2, 1), value(2, 2), value(2, 3)]);
      // Two ranges of one partition in one call are read one after the other.
      const twice = await consumer.fetchRanges([
        { topic, partition: 2, fromOffset: 0, untilOffset: 2 },
        { topic, partition: 2, fromOffset: 3, untilOffset: 5 },
        { topic, partition: 1, fromOffset: 0, untilOffset: 1 },
      ]);
      assert.deepEqual(twice.map(offsets), [[0, 1], [3, 4], [0]]);
      assert.deepEqual(await consumer.fetchRanges([]), []);
    } finally {
      await consumer.close();
    }
  });

  it('fetching ranges together fails as fetching the first range at fault alone does, naming it', async () => {
    const topic = await newTopic(2);
    const producer = client.producer();
    await producer.send([record(topic, 0, 'a'), record(topic, 0, 'b'), record(topic, 1, 'c')]);
    await producer.close();
    const consumer = client.consumer({ groupId: uniqueName('group') });
    try {
      await assert.rejects(
        consumer.fetchRanges([
          { topic, partition: 0, fromOffset: 0, untilOffset: 2 },
          { topic, partition: 1, fromOffset: 0, untilOffset: 3 },
        ]),
        (e: unknown) =>
          e instanceof KafkaOffsetsUnavailableError &&
          e.range.partition === 1 &&
          new RegExp(`Offsets \\[0, 3\\) of ${topic}-1 are not available`).test(e.message),
      );
      await assert.rejects(
        consumer.fetchRanges([
          { topic, partition: 0, fromOffset: 0, untilOffset: 1 },
          { topic: `${topic}_missing`, partition: 0, fromOffset: 0, untilOffset: 1 },
        ]),
        (e: unknown) => e instanceof KafkaTopicNotFoundError && e.topic === `${topic}_missing`,
      );
      await assert.rejects(
        consumer.fetchRanges([
          { topic, partition: 0, fromOffset: 0, untilOffset: 1 },
          { topic, partition: 5, fromOffset: 0, untilOffset: 1 },
        ]),
        (e: unknown) => e instanceof KafkaOffsetsUnavailableError && /the topic has 2 partitions/.test(e.message),
      );
      assert.throws(
        () => consumer.fetchRanges([{ topic, partition: 0, fromOffset: 2, untilOffset: 1 }]),
        InvalidArgumentError,
      );
      // The consumer still reads after the failures.
      assert.deepEqual(
        (
          await consumer.fetchRanges([
            { topic, partition: 0, fromOffset: 0, untilOffset: 2 },
            { topic, partition: 1, fromOffset: 0, untilOffset: 1 },
          ])
        ).map(values),
        [['a', 'b'], ['c']],
      );
    } finally {
      await consumer.close();
    }
  });

  it('refuses a range past the end of the partition, naming the partition and the range', async () => {
    const topic = await newTopic(1);
    const producer = client.producer();
    await producer.send([record(topic, 0, 'only')]);
    await producer.close();
    const consumer = client.consumer({ groupId: uniqueName('group') });
    try {
      await assert.rejects(
        consumer.fetchRange({ topic, partition: 0, fromOffset: 0, untilOffset: 3 }),
        (error: unknown) =>
          error instanceof KafkaOffsetsUnavailableError && error.message.includes(`[0, 3) of ${topic}-0`),
      );
      await assert.rejects(
        consumer.fetchRange({ topic, partition: 0, fromOffset: 4, untilOffset: 6 }),
        KafkaOffsetsUnavailableError,
      );
      await assert.rejects(
        consumer.fetchRange({ topic, partition: 1, fromOffset: 0, untilOffset: 1 }),
        /has 1 partitions/,
      );
      assert.throws(
        () => consumer.fetchRange({ topic, partition: 0, fromOffset: 2, untilOffset: 1 }),
        InvalidArgumentError,
      );
    } finally {
      await consumer.close();
    }
  });

  it('hides aborted and open transactions from read_committed readers, not from read_uncommitted ones', async () => {
    const topic = await newTopic(1);
    const producer = client.producer({ transactionalId: uniqueName('txn') });
    const partitions = [{ topic, partition: 0 }];
    try {
      let txn = await producer.beginTransaction();
      await txn.send([record(topic, 0, 'a'), record(topic, 0, 'b')]);
      await txn.commit();
      txn = await producer.beginTransaction();
      await txn.send([record(topic, 0, 'aborted-1'), record(topic, 0, 'aborted-2')]);
      await txn.abort();
      txn = await producer.beginTransaction();
      await txn.send([record(topic, 0, 'c')]);
      await txn.commit();

      // a, b, commit marker, 2 aborted, abort marker, c, commit marker
      const committedEnd = 8;
      await waitFor(
        () => admin.listOffsets(partitions, 'latest'),
        ([p]) => p.offset === committedEnd,
      );
      const committed = client.consumer({ groupId: uniqueName('group') });
      const uncommitted = client.consumer({ groupId: uniqueName('group'), isolationLevel: 'read_uncommitted' });
      try {
        const range = { topic, partition: 0, fromOffset: 0, untilOffset: committedEnd };
        assert.deepEqual(values(await committed.fetchRange(range)), ['a', 'b', 'c']);
        assert.deepEqual(
          values(await uncommitted.fetchRange(range)).filter((v) => v !== null),
          ['a', 'b', 'aborted-1', 'aborted-2', 'c'],
        );

        // An open transaction's records are past the last stable offset: read_committed's latest stays put.
        txn = await producer.beginTransaction();
        await txn.send([record(topic, 0, 'open')]);
        assert.equal((await admin.listOffsets(partitions, 'latest'))[0].offset, committedEnd);
        const dirtyEnd = (await admin.listOffsets(partitions, 'latest', 'read_uncommitted'))[0].offset;
        assert.equal(dirtyEnd, committedEnd + 1);
        assert.deepEqual(
          values(
            await uncommitted.fetchRange({ topic, partition: 0, fromOffset: committedEnd, untilOffset: dirtyEnd }),
          ),
          ['open'],
        );
        await assert.rejects(
          committed.fetchRange({ topic, partition: 0, fromOffset: committedEnd, untilOffset: dirtyEnd }),
          /last stable offset/,
        );
        await txn.abort();
        const finalEnd = committedEnd + 2;
        await waitFor(
          () => admin.listOffsets(partitions, 'latest'),
          ([p]) => p.offset === finalEnd,
        );
        assert.deepEqual(values(await committed.fetchRange({ ...range, untilOffset: finalEnd })), ['a', 'b', 'c']);
      } finally {
        await committed.close();
        await uncommitted.close();
      }
    } finally {
      await producer.close();
    }
  });

  it('commits consumed offsets inside a transaction only when it commits', async () => {
    const topic = await newTopic(2);
    const groupId = uniqueName('group');
    const producer = client.producer({ transactionalId: uniqueName('txn') });
    const consumer = client.consumer({ groupId });
    const partitions = [
      { topic, partition: 0 },
      { topic, partition: 1 },
    ];
    try {
      let txn = await producer.beginTransaction();
      await txn.send([record(topic, 0, 'out')]);
      await txn.sendOffsets(groupId, [{ topic, partition: 1, offset: 7 }]);
      await txn.abort();
      assert.deepEqual(await consumer.committed(partitions), []);

      txn = await producer.beginTransaction();
      await txn.send([record(topic, 0, 'out')]);
      await txn.sendOffsets(groupId, [
        { topic, partition: 0, offset: 3 },
        { topic, partition: 1, offset: 9 },
      ]);
      await txn.commit();
      const committed = await waitFor(
        () => consumer.committed(partitions),
        (offsets) => offsets.length === 2,
      );
      assert.deepEqual(committed, [
        { topic, partition: 0, offset: 3 },
        { topic, partition: 1, offset: 9 },
      ]);
    } finally {
      await producer.close();
      await consumer.close();
    }
  });

  it('commits offsets outside a transaction and reads them back', async () => {
    const topic = await newTopic(1);
    const groupId = uniqueName('group');
    const consumer = client.consumer({ groupId });
    try {
      await consumer.commit([{ topic, partition: 0, offset: 42 }]);
      const other = client.consumer({ groupId });
      try {
        assert.deepEqual(await other.committed([{ topic, partition: 0 }]), [{ topic, partition: 0, offset: 42 }]);
      } finally {
        await other.close();
      }
    } finally {
      await consumer.close();
    }
  });

  it('fences a zombie: a new producer with the same transactional id makes the old one fail', async () => {
    const topic = await newTopic(1);
    const transactionalId = uniqueName('txn');
    const zombie = client.producer({ transactionalId });
    const successor = client.producer({ transactionalId });
    try {
      const old = await zombie.beginTransaction();
      await old.send([record(topic, 0, 'from-zombie')]);
      const current = await successor.beginTransaction();
      await current.send([record(topic, 0, 'from-successor')]);
      await assert.rejects(old.commit(), KafkaClientError);
      await current.commit();
      // the zombie's record, its abort marker, the successor's record, its commit marker
      const end = 4;
      await waitFor(
        () => admin.listOffsets([{ topic, partition: 0 }], 'latest'),
        ([p]) => p.offset === end,
      );
      const consumer = client.consumer({ groupId: uniqueName('group') });
      try {
        assert.deepEqual(values(await consumer.fetchRange({ topic, partition: 0, fromOffset: 0, untilOffset: end })), [
          'from-successor',
        ]);
      } finally {
        await consumer.close();
      }
    } finally {
      await zombie.close().catch(() => undefined);
      await successor.close();
    }
  });

  it('names a missing topic, and refuses a transaction on a producer without a transactional id', async () => {
    const topic = await newTopic(1);
    await admin.deleteTopic(topic);
    // The deletion reaches the broker's metadata a moment after deleteTopic resolves.
    const gone = await waitFor(
      () =>
        admin.partitionsOf(topic).then(
          () => undefined,
          (error: unknown) => error,
        ),
      (error) => error !== undefined,
    );
    assert.ok(gone instanceof KafkaTopicNotFoundError, `partitionsOf after deletion: ${String(gone)}`);
    const consumer = client.consumer({ groupId: uniqueName('group') });
    try {
      await assert.rejects(
        consumer.fetchRange({ topic, partition: 0, fromOffset: 0, untilOffset: 1 }),
        (error: unknown) => error instanceof KafkaTopicNotFoundError && error.message.includes(topic),
      );
    } finally {
      await consumer.close();
    }
    const producer = client.producer();
    try {
      await assert.rejects(producer.beginTransaction(), IllegalStateError);
    } finally {
      await producer.close();
    }
  });
});
