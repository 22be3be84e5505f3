/**
 * The one interface the engine talks to Kafka through. Streams and sinks depend on these types only; a client
 * library sits behind them in its own files (today `@platformatic/kafka`), so another client can be added
 * without touching a stream. Offsets and timestamps are numbers: an offset past 2^53 is refused with an error
 * rather than silently rounded.
 */

/** A topic and one of its partitions (Spark's `TopicPartition`). */
export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** A position in a partition: the offset of the next record to read, as Kafka commits it. */
export interface TopicPartitionOffset extends TopicPartition {
  readonly offset: number;
}

/** The records of one partition from `fromOffset` (inclusive) to `untilOffset` (exclusive): Spark's `OffsetRange`. */
export interface OffsetRange extends TopicPartition {
  readonly fromOffset: number;
  readonly untilOffset: number;
}

/** Record headers in their order; a key may repeat. */
export type KafkaHeaders = ReadonlyArray<readonly [string, Uint8Array | null]>;

/** A record to produce. Without a partition, the client's default partitioner picks one from the key. */
export interface ProducerRecord {
  readonly topic: string;
  readonly partition?: number;
  readonly key?: Uint8Array | null;
  readonly value: Uint8Array | null;
  readonly headers?: KafkaHeaders;
  readonly timestampMs?: number;
}

/** A record read from a partition, with its position and raw bytes (decoding is the source's codec's job). */
export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestampMs: number;
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
  readonly headers: KafkaHeaders;
}

/** `read_committed` hides records of open and aborted transactions; `read_uncommitted` returns every record. */
export type IsolationLevel = 'read_committed' | 'read_uncommitted';

/** Which end of a partition `listOffsets` returns. */
export type OffsetSpec = 'earliest' | 'latest';

/** Connection settings shared by every client made by one {@link KafkaClient}. */
export interface KafkaConnectionOptions {
  /** `host:port` of one or more brokers. */
  readonly bootstrapServers: readonly string[];
  /** Sent to the brokers with each request; they log it. */
  readonly clientId?: string;
  /** Per-request timeout. */
  readonly requestTimeoutMs?: number;
}

/** Options of a producer. */
export interface KafkaProducerOptions {
  /** Idempotent delivery (no duplicates on retry); true by default, and forced by `transactionalId`. */
  readonly idempotent?: boolean;
  /** Enables transactions; a new producer with the same id fences the previous one (its zombie). */
  readonly transactionalId?: string;
}

/** Options of a consumer. */
export interface KafkaConsumerOptions {
  /** The consumer group whose committed offsets are read and written. */
  readonly groupId: string;
  /** `read_committed` by default. */
  readonly isolationLevel?: IsolationLevel;
  /** Upper bound of one fetch response; a larger record is still returned whole. */
  readonly maxBytesPerFetch?: number;
}

/** Options of a new topic. */
export interface NewTopicOptions {
  readonly partitions: number;
  /** 1 by default. */
  readonly replicationFactor?: number;
  /** Topic configuration such as `retention.ms`. */
  readonly configs?: Readonly<Record<string, string>>;
}

/** A producer of records; idempotent unless asked otherwise. */
export interface KafkaProducer {
  /** Writes the records and resolves when the brokers have acknowledged them all (acks = all). */
  send(records: readonly ProducerRecord[]): Promise<void>;
  /**
   * Starts a transaction; only for a producer made with a `transactionalId`, one transaction at a time.
   * @throws IllegalStateError without a transactional id, or while a transaction is open.
   */
  beginTransaction(): Promise<KafkaTransaction>;
  close(): Promise<void>;
}

/** An open transaction: its records and offsets become visible to `read_committed` readers together, or never. */
export interface KafkaTransaction {
  send(records: readonly ProducerRecord[]): Promise<void>;
  /** Commits `offsets` (next offsets to read) for `groupId` as part of this transaction. */
  sendOffsets(groupId: string, offsets: readonly TopicPartitionOffset[]): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/** A reader of explicit offset ranges, and of the committed offsets of its group. */
export interface KafkaConsumer {
  /**
   * The records of the range, in offset order. Under `read_committed`, records of aborted transactions and
   * transaction markers are left out, so fewer than `untilOffset - fromOffset` records may come back.
   * @throws KafkaOffsetsUnavailableError when part of the range is not in the partition (deleted by
   * retention, or past its end).
   */
  fetchRange(range: OffsetRange): Promise<ConsumedRecord[]>;
  /**
   * The records of each range (the result's `i`-th entry for `ranges[i]`), as `fetchRange` reads them, in as
   * few requests as the partitions' leaders allow: one batch's ranges cost one round trip, not one each.
   * @throws what `fetchRange` throws for the first range that cannot be read.
   */
  fetchRanges(ranges: readonly OffsetRange[]): Promise<ConsumedRecord[][]>;
  /** The group's committed offsets for these partitions; a partition with no commit is left out. */
  committed(partitions: readonly TopicPartition[]): Promise<TopicPartitionOffset[]>;
  /** Commits the offsets (next offsets to read) for the group, outside any transaction. */
  commit(offsets: readonly TopicPartitionOffset[]): Promise<void>;
  close(): Promise<void>;
}

/** Topic administration and partition ends. */
export interface KafkaAdmin {
  createTopic(topic: string, options: NewTopicOptions): Promise<void>;
  deleteTopic(topic: string): Promise<void>;
  /** Names of the topics, internal ones excepted. */
  listTopics(): Promise<string[]>;
  /**
   * The partitions of a topic.
   * @throws KafkaTopicNotFoundError when there is no such topic.
   */
  partitionsOf(topic: string): Promise<TopicPartition[]>;
  /**
   * The earliest or latest offset of each partition. Under `read_committed` (the default) latest is the last
   * stable offset: records past it belong to open transactions.
   */
  listOffsets(
    partitions: readonly TopicPartition[],
    spec: OffsetSpec,
    isolationLevel?: IsolationLevel,
  ): Promise<TopicPartitionOffset[]>;
  close(): Promise<void>;
}

/** Makes the producers, consumers and admins of one cluster. */
export interface KafkaClient {
  producer(options?: KafkaProducerOptions): KafkaProducer;
  consumer(options: KafkaConsumerOptions): KafkaConsumer;
  admin(): KafkaAdmin;
}
