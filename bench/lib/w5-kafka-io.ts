/**
 * W5's use of the repository's Kafka broker: the check that it runs, topics made per run and deleted after,
 * producing the input, reading a topic back, and the broker process's CPU time.
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import {
  type KafkaAdmin,
  type KafkaClient,
  PlatformaticKafkaClient,
  type ProducerRecord,
} from '../../src/kafka/index.ts';
import { requireService } from '../../test/integration/service.ts';

export const kafkaPort = Number(process.env.SLUICE_KAFKA_PORT || 19092);
export const bootstrapServers = `127.0.0.1:${kafkaPort}`;

/** Fails with a message naming `scripts/kafka start` unless something accepts connections on the broker's port. */
export function requireBroker(): Promise<void> {
  return requireService("W5 needs the repository's Kafka broker, which", kafkaPort, 'scripts/kafka');
}

/** A client and admin, and the topics made through it, deleted by `close()`. */
export class BenchKafka {
  readonly client: KafkaClient = new PlatformaticKafkaClient({
    bootstrapServers: [bootstrapServers],
    clientId: 'sluice-bench-w5',
  });
  readonly admin: KafkaAdmin = this.client.admin();
  readonly #topics: string[] = [];
  readonly #run = `${process.pid}_${Date.now().toString(36)}`;

  /** A new topic whose name no other run uses. */
  async topic(name: string, partitions: number): Promise<string> {
    const topic = `sluice_bench_w5_${name}_${this.#run}`;
    await this.admin.createTopic(topic, { partitions });
    this.#topics.push(topic);
    return topic;
  }

  /** Writes `values[i]` to partition `i % partitions`, in order, `chunk` records per request. */
  async produce(topic: string, partitions: number, values: readonly string[], chunk = 10_000): Promise<void> {
    const producer = this.client.producer();
    try {
      for (let i = 0; i < values.length; i += chunk) {
        const records: ProducerRecord[] = [];
        for (let j = i; j < Math.min(values.length, i + chunk); j++) {
          records.push({ topic, partition: j % partitions, value: Buffer.from(values[j]) });
        }
        await producer.send(records);
      }
    } finally {
      await producer.close();
    }
  }

  /** The number of records in the topic (sum of the partitions' latest offsets; the topic is new, so from 0). */
  async size(topic: string): Promise<number> {
    const ends = await this.admin.listOffsets(await this.admin.partitionsOf(topic), 'latest');
    return ends.reduce((n, e) => n + e.offset, 0);
  }

  /** Every record of the topic, partition after partition: key and value as text, and the record's timestamp. */
  async readAll(topic: string): Promise<{ key: string | null; value: string; timestampMs: number }[]> {
    const consumer = this.client.consumer({ groupId: `sluice_bench_w5_check_${this.#run}` });
    try {
      const out: { key: string | null; value: string; timestampMs: number }[] = [];
      const ends = await this.admin.listOffsets(await this.admin.partitionsOf(topic), 'latest');
      for (const end of ends) {
        const records = await consumer.fetchRange({ ...end, fromOffset: 0, untilOffset: end.offset });
        for (const r of records) {
          out.push({
            key: r.key === null ? null : Buffer.from(r.key).toString(),
            value: Buffer.from(r.value ?? []).toString(),
            timestampMs: r.timestampMs,
          });
        }
      }
      return out;
    } finally {
      await consumer.close();
    }
  }

  async close(): Promise<void> {
    for (const topic of this.#topics.splice(0)) await this.admin.deleteTopic(topic).catch(() => undefined);
    await this.admin.close();
  }
}

/**
 * CPU time of the broker process so far, µs, from /proc (Linux), or undefined when its pid file (written by
 * `scripts/kafka start`) or /proc cannot be read. The broker is shared: other programs' requests count too.
 */
export function brokerCpuUs(): number | undefined {
  try {
    const dir = process.env.SLUICE_KAFKA_DIR || `${process.env.TMPDIR || tmpdir()}/sluice-kafka-${kafkaPort}`;
    const pid = readFileSync(`${dir}/kafka.pid`, 'utf8').trim();
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 14th and 15th fields.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1e6) / 100 : undefined;
  } catch {
    return undefined;
  }
}
