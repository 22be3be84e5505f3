import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IsolationLevel, ManualClock, StreamingContext } from '../../../src/index.ts';
import type { KafkaAdmin, KafkaClient, ProducerRecord } from '../../../src/kafka/index.ts';
import type { EventLog } from '../../support/events.ts';
import { uniqueName } from '../service.ts';
import { kafkaPort, testKafkaClient, waitFor } from './broker.ts';

export const bootstrapServers = `127.0.0.1:${kafkaPort}`;
export const batchMs = 1000;

/** One client and admin per test file, connected by the first test that needs them; topics deleted after. */
export class KafkaFixture {
  client!: KafkaClient;
  admin!: KafkaAdmin;
  #connected: Promise<void> | undefined;
  readonly #topics: string[] = [];

  // Each test connects rather than a before hook, so that without a broker every test fails with the
  // message naming scripts/kafka, instead of being reported as cancelled.
  connect(): Promise<void> {
    this.#connected ??= testKafkaClient().then((made) => {
      this.client = made;
      this.admin = made.admin();
    });
    return this.#connected;
  }

  async topic(prefix: string, partitions: number): Promise<string> {
    await this.connect();
    const topic = uniqueName(prefix);
    await this.admin.createTopic(topic, { partitions });
    this.#topics.push(topic);
    return topic;
  }

  async produce(topic: string, partition: number, values: readonly string[], keys?: readonly string[]): Promise<void> {
    const producer = this.client.producer();
    try {
      const records: ProducerRecord[] = values.map((v, i) => ({
        topic,
        partition,
        value: Buffer.from(v),
        key: keys === undefined ? null : Buffer.from(keys[i]),
      }));
      await producer.send(records);
    } finally {
      await producer.close();
    }
  }

  /**
   * Every value a reader (`read_committed` by default) sees in `topic`, as strings, sorted, once at least
   * `expected` are visible (or time is up).
   */
  async visibleValues(
    topic: string,
    expected: number,
    isolationLevel: IsolationLevel = 'read_committed',
  ): Promise<string[]> {
    const consumer = this.client.consumer({ groupId: uniqueName('checker'), isolationLevel });
    try {
      const read = async () => {
        const partitions = await this.admin.partitionsOf(topic);
        const ends = await this.admin.listOffsets(partitions, 'latest', isolationLevel);
        const values: string[] = [];
        for (const end of ends) {
          const records = await consumer.fetchRange({ ...end, fromOffset: 0, untilOffset: end.offset });
          for (const r of records) values.push(Buffer.from(r.value ?? []).toString());
        }
        return values.sort();
      };
      return await waitFor(read, (v) => v.length >= expected);
    } finally {
      await consumer.close();
    }
  }

  async close(): Promise<void> {
    if (this.admin === undefined) return;
    for (const topic of this.#topics) await this.admin.deleteTopic(topic).catch(() => undefined);
    await this.admin.close();
  }
}

/** Advances the clock one batch and waits for that batch to complete (or the context to stop). */
export async function advanceOneBatch(clock: ManualClock, log: EventLog): Promise<void> {
  clock.advance(batchMs);
  const t = Math.floor(clock.getTimeMillis() / batchMs) * batchMs;
  await Promise.race([log.batchCompleted(t), log.waitFor('streamingStopped')]);
}

/** A fresh checkpoint directory. */
export function checkpointDir(): string {
  return mkdtempSync(join(tmpdir(), 'sluice-kafka-ckpt-'));
}

export type { StreamingContext };
