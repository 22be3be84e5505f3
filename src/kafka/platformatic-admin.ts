import type { Admin } from '@platformatic/kafka';
import { KafkaClientError, KafkaTopicNotFoundError } from './kafka-errors.ts';
import type {
  IsolationLevel,
  KafkaAdmin,
  KafkaConnectionOptions,
  NewTopicOptions,
  OffsetSpec,
  TopicPartition,
  TopicPartitionOffset,
} from './kafka-port.ts';
import { call, isUnknownTopic } from './platformatic-errors.ts';
import { platformaticKafka } from './platformatic-library.ts';
import { baseOptions, isolationCode } from './platformatic-options.ts';
import { toOffset } from './record-batches.ts';

const EARLIEST = -2n;
const LATEST = -1n;

/** {@link KafkaAdmin} on `@platformatic/kafka`'s Admin client. */
export class PlatformaticAdmin implements KafkaAdmin {
  readonly #admin: Admin;

  constructor(connection: KafkaConnectionOptions) {
    this.#admin = new (platformaticKafka().Admin)(baseOptions(connection, 'admin'));
  }

  async createTopic(topic: string, options: NewTopicOptions): Promise<void> {
    const configs = Object.entries(options.configs ?? {}).map(([name, value]) => ({ name, value }));
    await call(`createTopic ${topic}`, () =>
      this.#admin.createTopics({
        topics: [topic],
        partitions: options.partitions,
        replicas: options.replicationFactor ?? 1,
        configs,
      }),
    );
  }

  async deleteTopic(topic: string): Promise<void> {
    await call(`deleteTopic ${topic}`, () => this.#admin.deleteTopics({ topics: [topic] }));
  }

  listTopics(): Promise<string[]> {
    return call('listTopics', () => this.#admin.listTopics());
  }

  async partitionsOf(topic: string): Promise<TopicPartition[]> {
    const metadata = await call(`metadata of ${topic}`, () =>
      this.#admin.metadata({ topics: [topic], forceUpdate: true, retries: 1 }),
    ).catch((error: unknown) => {
      throw isUnknownTopic(error) ? new KafkaTopicNotFoundError(topic) : error;
    });
    const described = metadata.topics.get(topic);
    if (!described) throw new KafkaTopicNotFoundError(topic);
    return Array.from({ length: described.partitionsCount }, (_, partition) => ({ topic, partition }));
  }

  async listOffsets(
    partitions: readonly TopicPartition[],
    spec: OffsetSpec,
    isolationLevel: IsolationLevel = 'read_committed',
  ): Promise<TopicPartitionOffset[]> {
    if (partitions.length === 0) return [];
    const byTopic = new Map<string, number[]>();
    for (const { topic, partition } of partitions) {
      let list = byTopic.get(topic);
      if (!list) byTopic.set(topic, (list = []));
      list.push(partition);
    }
    const timestamp = spec === 'earliest' ? EARLIEST : LATEST;
    const listed = await call(`listOffsets ${spec}`, () =>
      this.#admin.listOffsets({
        isolationLevel: isolationCode(isolationLevel),
        topics: [...byTopic].map(([name, list]) => ({
          name,
          partitions: list.map((partitionIndex) => ({ partitionIndex, timestamp })),
        })),
      }),
    );
    const offsets = new Map<string, number>();
    for (const topic of listed) {
      for (const p of topic.partitions) {
        offsets.set(`${topic.name}\0${p.partitionIndex}`, toOffset(p.offset, topic.name, p.partitionIndex));
      }
    }
    return partitions.map(({ topic, partition }) => {
      const offset = offsets.get(`${topic}\0${partition}`);
      if (offset === undefined) {
        throw new KafkaClientError(`listOffsets ${spec}`, `no offset returned for ${topic}-${partition}`);
      }
      return { topic, partition, offset };
    });
  }

  close(): Promise<void> {
    return this.#admin.close();
  }
}
