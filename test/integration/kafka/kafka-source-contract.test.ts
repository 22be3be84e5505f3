// The Kafka direct stream against the source contract every replayable source passes: each world is a
// two-partition topic named after it, each batch is fed records on both partitions (a different number on
// each), and records are compared by partition, offset and value (topic names and timestamps differ from
// world to world).
import { basename } from 'node:path';
import { after } from 'node:test';
import { runSourceContract } from '../../sources/source.contract.ts';
import { bootstrapServers, KafkaFixture } from './fixtures.ts';

const kafka = new KafkaFixture();
const topics: string[] = [];
after(async () => {
  for (const topic of topics) await kafka.admin.deleteTopic(topic).catch(() => undefined);
  await kafka.close();
});

const topicOf = (world: string) => `contract_${basename(world)}`;

runSourceContract({
  name: 'kafkaDirectStream',
  setUp: async (world) => {
    await kafka.connect();
    const topic = topicOf(world);
    await kafka.admin.createTopic(topic, { partitions: 2 });
    topics.push(topic);
  },
  create: (ssc, world) =>
    ssc
      .kafkaDirectStream({
        bootstrapServers,
        groupId: `${topicOf(world)}-g`,
        topics: [topicOf(world)],
        startingOffsets: 'earliest',
      })
      .map((r) => `${r.partition}:${r.offset}=${r.value}`),
  feed: async (world, t) => {
    const n = (t / 1000) % 3;
    await kafka.produce(
      topicOf(world),
      0,
      Array.from({ length: n + 1 }, (_, i) => `a${t}-${i}`),
    );
    await kafka.produce(
      topicOf(world),
      1,
      Array.from({ length: 2 - n }, (_, i) => `b${t}-${i}`),
    );
  },
});
