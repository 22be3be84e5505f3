import { BadRecordError, describe, IllegalStateError, InvalidArgumentError, type Time } from '../../core/index.ts';
import { type GraphOwner, InputDStream } from '../../dstream/index.ts';
import {
  type ConsumedRecord,
  decoderOf,
  type IsolationLevel,
  type KafkaAdmin,
  type KafkaClient,
  KafkaClientError,
  type KafkaCodec,
  type KafkaConsumer,
  type KafkaProducer,
  KafkaTopicNotFoundError,
  type OffsetRange,
  PlatformaticKafkaClient,
  type TopicPartition,
  type TopicPartitionOffset,
} from '../../kafka/index.ts';
import { Rdd } from '../../rdd/index.ts';
import { KafkaRdd } from './kafka-rdd.ts';
import type { KafkaRecord } from './kafka-record.ts';
import { KafkaOffsetsLostError, KafkaUnavailableError } from './kafka-source-errors.ts';

/** Options of `ssc.kafkaDirectStream`. Exactly one of `topics`, `topicPattern` and `partitions` is given. */
export interface KafkaDirectStreamOptions<K = string, V = string> {
  /** `host:port` of one or more brokers. */
  readonly bootstrapServers: string | readonly string[];
  /** Subscribe to these topics; their partitions are looked up at every batch. */
  readonly topics?: readonly string[];
  /** Subscribe to every topic whose name matches; a new matching topic is read from the next batch. */
  readonly topicPattern?: RegExp;
  /** Read exactly these partitions (Spark's `Assign`). */
  readonly partitions?: readonly TopicPartition[];
  /** The consumer group: its committed offsets are where a fresh start begins, and `commitAsync` writes them. */
  readonly groupId: string;
  /**
   * Where a partition without a committed offset for the group starts: `'latest'` (default, Spark's
   * `auto.offset.reset`), `'earliest'`, or offsets by topic and partition (`{ orders: { 0: 42 } }`; a
   * partition not named starts at its committed offset, or latest). Partitions found after the start begin at
   * earliest.
   */
  readonly startingOffsets?: 'earliest' | 'latest' | Readonly<Record<string, Readonly<Record<number, number>>>>;
  /** At most this many records per partition and second of batch (Spark's `spark.streaming.kafka.maxRatePerPartition`). */
  readonly maxRatePerPartition?: number;
  /** `read_committed` (default): only committed transactional records, up to the last stable offset. */
  readonly isolationLevel?: IsolationLevel;
  /** Decodes keys; `'string'` by default. */
  readonly keyCodec?: KafkaCodec<K>;
  /** Decodes values; `'string'` by default. */
  readonly valueCodec?: KafkaCodec<V>;
  /**
   * A record the codecs refuse: `'fail'` (default) fails the batch naming topic, partition, offset and the
   * reason; `{ deadLetterTopic }` writes the raw record there, with the reason in headers, and goes on.
   */
  readonly onBadRecord?: 'fail' | { readonly deadLetterTopic: string };
  /**
   * Offsets to read that the partition no longer holds (retention, a deleted or recreated topic): `'fail'`
   * (default) fails the batch naming the partition and the missing range; `'earliest'` / `'latest'` move the
   * partition there and go on (the records in between are lost).
   */
  readonly onOffsetsUnavailable?: 'fail' | 'earliest' | 'latest';
  /**
   * Attempts after the first when Kafka cannot be reached (default 5), `retryBackoffMs` apart (default 200),
   * the wait doubling each time up to `maxRetryBackoffMs` (default 5000; Kafka's `retry.backoff.max.ms`).
   * The batch waits meanwhile; once they are used up it fails, naming the brokers, the partition and the
   * bound. Each retry posts a `sourceRetrying` event.
   */
  readonly maxRetries?: number;
  readonly retryBackoffMs?: number;
  readonly maxRetryBackoffMs?: number;
  /** Upper bound of one fetch response (default 1 MiB, Kafka's `max.partition.fetch.bytes`); a larger record is still read whole. */
  readonly maxBytesPerFetch?: number;
}

/** What the checkpoint keeps: the ranges of every remembered batch and the next offset of every partition. */
interface KafkaSourceCheckpoint {
  readonly batches: readonly (readonly [timeMs: number, ranges: readonly OffsetRange[]])[];
  readonly current: readonly TopicPartitionOffset[];
}

const tpKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`;
const byTopicPartition = (a: TopicPartition, b: TopicPartition): number =>
  a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition;

function count(n: number | undefined, name: string, min: number, fallback: number): number {
  if (n === undefined) return fallback;
  if (!Number.isInteger(n) || n < min)
    throw new InvalidArgumentError(`kafkaDirectStream: ${name} must be a whole number >= ${min}, got ${n}`);
  return n;
}

/**
 * Spark's `DirectKafkaInputDStream`: no receiver; each batch reads the offset ranges fixed for it. Before a
 * batch is generated (`prepareBatch`, awaited by the generator) the partitions are looked up, each range
 * runs from where the previous batch stopped to the partition's latest (last stable under
 * `read_committed`) offset, capped by `maxRatePerPartition`, and its records are fetched and decoded; the
 * ranges go into the metadata checkpoint, so a batch run again after a restart reads the very same ranges.
 */
export class KafkaDirectInputDStream<K, V> extends InputDStream<KafkaRecord<K, V>> {
  readonly name = 'kafkaDirectStream';
  readonly options: KafkaDirectStreamOptions<K, V>;
  readonly groupId: string;
  readonly bootstrapServers: readonly string[];
  readonly #client: KafkaClient;
  readonly #decodeKey: (b: Uint8Array) => K;
  readonly #decodeValue: (b: Uint8Array) => V;
  /** The pattern matched against whole topic names, as Java's `Pattern.matches` does in Spark. */
  readonly #pattern: RegExp | undefined;
  readonly #maxRetries: number;
  readonly #backoffMs: number;
  readonly #maxBackoffMs: number;
  #admin: KafkaAdmin | undefined;
  #consumer: KafkaConsumer | undefined;
  #deadLetterProducer: KafkaProducer | undefined;
  /** Next offset to read of every tracked partition; `undefined` until the start offsets are known. */
  #current: Map<string, TopicPartitionOffset> | undefined;
  #starting: Promise<void> | undefined;
  readonly #ranges = new Map<number, readonly OffsetRange[]>();
  readonly #records = new Map<number, KafkaRecord<K, V>[][]>();
  readonly #commitQueue: { ranges: readonly OffsetRange[]; callback?: (error?: Error) => void }[] = [];
  #deadLetters = 0;

  constructor(owner: GraphOwner, options: KafkaDirectStreamOptions<K, V>) {
    super(owner, 'kafkaDirectStream');
    const o = options ?? ({} as KafkaDirectStreamOptions<K, V>);
    const servers = typeof o.bootstrapServers === 'string' ? [o.bootstrapServers] : o.bootstrapServers;
    if (!Array.isArray(servers) || servers.length === 0 || servers.some((s) => typeof s !== 'string' || s === '')) {
      throw new InvalidArgumentError(
        `kafkaDirectStream: bootstrapServers must name at least one host:port, got ${String(o.bootstrapServers)}`,
      );
    }
    const subscriptions = [o.topics, o.topicPattern, o.partitions].filter((s) => s !== undefined).length;
    if (subscriptions !== 1) {
      throw new InvalidArgumentError('kafkaDirectStream: give exactly one of topics, topicPattern and partitions');
    }
    if (o.topics !== undefined && (o.topics.length === 0 || o.topics.some((t) => typeof t !== 'string' || t === ''))) {
      throw new InvalidArgumentError('kafkaDirectStream: topics must be non-empty topic names');
    }
    if (o.topicPattern !== undefined && !(o.topicPattern instanceof RegExp)) {
      throw new InvalidArgumentError('kafkaDirectStream: topicPattern must be a RegExp');
    }
    if (
      o.partitions !== undefined &&
      (o.partitions.length === 0 || o.partitions.some((p) => !Number.isInteger(p.partition) || p.partition < 0))
    ) {
      throw new InvalidArgumentError('kafkaDirectStream: partitions must be { topic, partition } with partition >= 0');
    }
    if (typeof o.groupId !== 'string' || o.groupId === '') {
      throw new InvalidArgumentError('kafkaDirectStream: groupId must be a non-empty string');
    }
    const start = o.startingOffsets ?? 'latest';
    if (start !== 'earliest' && start !== 'latest' && (typeof start !== 'object' || start === null)) {
      throw new InvalidArgumentError(
        `kafkaDirectStream: startingOffsets must be 'earliest', 'latest' or offsets by topic and partition, got ${String(start)}`,
      );
    }
    if (o.maxRatePerPartition !== undefined && !(o.maxRatePerPartition > 0)) {
      throw new InvalidArgumentError(
        `kafkaDirectStream: maxRatePerPartition must be > 0, got ${o.maxRatePerPartition}`,
      );
    }
    const bad = o.onBadRecord ?? 'fail';
    if (
      bad !== 'fail' &&
      (typeof bad !== 'object' || typeof bad.deadLetterTopic !== 'string' || bad.deadLetterTopic === '')
    ) {
      throw new InvalidArgumentError(
        `kafkaDirectStream: onBadRecord must be 'fail' or { deadLetterTopic }, got ${String(bad)}`,
      );
    }
    const lost = o.onOffsetsUnavailable ?? 'fail';
    if (lost !== 'fail' && lost !== 'earliest' && lost !== 'latest') {
      throw new InvalidArgumentError(
        `kafkaDirectStream: onOffsetsUnavailable must be 'fail', 'earliest' or 'latest', got ${String(lost)}`,
      );
    }
    this.#decodeKey = decoderOf(o.keyCodec ?? ('string' as KafkaCodec<K>), 'kafkaDirectStream: keyCodec');
    this.#decodeValue = decoderOf(o.valueCodec ?? ('string' as KafkaCodec<V>), 'kafkaDirectStream: valueCodec');
    this.#maxRetries = count(o.maxRetries, 'maxRetries', 0, 5);
    this.#backoffMs = count(o.retryBackoffMs, 'retryBackoffMs', 0, 200);
    this.#maxBackoffMs = count(o.maxRetryBackoffMs, 'maxRetryBackoffMs', 0, 5000);
    if (this.#maxBackoffMs < this.#backoffMs) {
      throw new InvalidArgumentError(
        `kafkaDirectStream: maxRetryBackoffMs (${this.#maxBackoffMs}) must be >= retryBackoffMs (${this.#backoffMs})`,
      );
    }
    count(o.maxBytesPerFetch, 'maxBytesPerFetch', 1, 1);
    this.options = o;
    this.#pattern =
      o.topicPattern === undefined
        ? undefined
        : new RegExp(`^(?:${o.topicPattern.source})$`, o.topicPattern.flags.replace(/[gy]/g, ''));
    this.groupId = o.groupId;
    this.bootstrapServers = servers;
    this.#client = new PlatformaticKafkaClient({ bootstrapServers: servers, clientId: `sluice-${o.groupId}` });
  }

  override fingerprintParams(): string {
    return `${this.#subscription()} group=${this.options.groupId}`;
  }

  /** What the stream subscribes to: `topics=a,b`, `pattern=…` or `partitions=a-0,a-1`. */
  #subscription(): string {
    const o = this.options;
    return o.topics !== undefined
      ? `topics=${o.topics.join(',')}`
      : o.topicPattern !== undefined
        ? `pattern=${o.topicPattern.source}`
        : `partitions=${(o.partitions ?? []).map((p) => `${p.topic}-${p.partition}`).join(',')}`;
  }

  /** Bad records written to the dead-letter topic since the program started. */
  get deadLetterCount(): number {
    return this.#deadLetters;
  }

  /** The offset ranges batch `timeMs` read, while the batch is remembered. */
  offsetRangesAt(timeMs: number): readonly OffsetRange[] | undefined {
    return this.#ranges.get(timeMs);
  }

  /**
   * Queues the ranges' end offsets to be committed to the group (Spark's `CanCommitOffsets.commitAsync`):
   * they are committed before the next batch is generated; `callback` hears how it went.
   */
  commitAsync(ranges: readonly OffsetRange[], callback?: (error?: Error) => void): void {
    this.#commitQueue.push({ ranges, ...(callback === undefined ? {} : { callback }) });
  }

  override start(): void {
    this.#admin = this.#client.admin();
    this.#consumer = this.#client.consumer({
      groupId: this.groupId,
      isolationLevel: this.options.isolationLevel ?? 'read_committed',
      ...(this.options.maxBytesPerFetch === undefined ? {} : { maxBytesPerFetch: this.options.maxBytesPerFetch }),
    });
    // The start offsets are taken now, as Spark's consumer takes its positions at start: records written
    // between the start and the first batch belong to the first batch.
    if (this.#current === undefined) {
      this.#starting = this.#startOffsets();
      this.#starting.catch(() => undefined);
    }
  }

  override stop(): void {
    const closing = [this.#admin?.close(), this.#consumer?.close(), this.#deadLetterProducer?.close()];
    for (const c of closing) c?.catch(() => undefined);
    this.#admin = undefined;
    this.#consumer = undefined;
    this.#deadLetterProducer = undefined;
  }

  override prepareBatch(time: Time): Promise<void> {
    return this.#prepare(time);
  }

  async #prepare(time: Time): Promise<void> {
    await this.#flushCommits();
    if (!this.#ranges.has(time)) {
      await this.#starting;
      this.#ranges.set(
        time,
        await this.#retrying(`reading the offsets of ${this.#trackedPartitions()}`, time, () => this.#nextRanges()),
      );
    }
    // After a restart, every remembered batch (a window's) is read again, not only the one being generated.
    for (const [t, ranges] of [...this.#ranges].sort((a, b) => a[0] - b[0])) {
      if (!this.#records.has(t)) this.#records.set(t, await this.#fetch(t, ranges));
    }
  }

  compute(time: Time): Rdd<KafkaRecord<K, V>> {
    const ranges = this.#ranges.get(time);
    const records = this.#records.get(time);
    if (ranges === undefined || records === undefined) {
      throw new IllegalStateError(
        `${this.describe()}: the offset ranges of batch ${time} ms were not fixed before it was computed`,
      );
    }
    this.reportInput(
      time,
      records.reduce((n, r) => n + r.length, 0),
    );
    return new Rdd(new KafkaRdd(this.batchContext, ranges, records));
  }

  override clearMetadata(time: Time): void {
    super.clearMetadata(time);
    const before = time - (this.rememberDurationMs ?? this.slideDurationMs);
    for (const t of [...this.#ranges.keys()]) {
      if (t >= before) continue;
      this.#ranges.delete(t);
      this.#records.delete(t);
    }
  }

  override checkpointData(): KafkaSourceCheckpoint {
    return {
      batches: [...this.#ranges].sort((a, b) => a[0] - b[0]),
      current: [...(this.#current?.values() ?? [])],
    };
  }

  override restoreCheckpointData(data: unknown): void {
    const d = data as Partial<KafkaSourceCheckpoint> | undefined;
    if (!Array.isArray(d?.batches) || !Array.isArray(d.current)) {
      throw new InvalidArgumentError(`${this.describe()}: the checkpoint holds no offset ranges for this source`);
    }
    for (const [t, ranges] of d.batches) this.#ranges.set(t, ranges);
    this.#current = new Map(d.current.map((p) => [tpKey(p.topic, p.partition), p]));
  }

  // ---- offsets ----

  async #adminOf(): Promise<KafkaAdmin> {
    if (this.#admin === undefined) throw new IllegalStateError(`${this.describe()}: the source is not started`);
    return this.#admin;
  }

  /** The partitions subscribed to now, sorted. */
  async #discover(): Promise<TopicPartition[]> {
    const admin = await this.#adminOf();
    const o = this.options;
    const pattern = this.#pattern;
    let found: TopicPartition[];
    if (o.partitions !== undefined) found = [...o.partitions];
    else {
      const topics =
        pattern !== undefined ? (await admin.listTopics()).filter((t) => pattern.test(t)) : (o.topics ?? []);
      found = [];
      for (const topic of topics) {
        try {
          found.push(...(await admin.partitionsOf(topic)));
        } catch (e) {
          // A topic the stream was reading and that is gone now is reported as its partitions' lost offsets.
          const tracked = [...(this.#current?.values() ?? [])].some((p) => p.topic === topic);
          if (!(e instanceof KafkaTopicNotFoundError) || !tracked) throw e;
        }
      }
    }
    return found.sort(byTopicPartition);
  }

  async #startOffsets(): Promise<void> {
    await this.#retrying('reading start offsets', undefined, async () => {
      const admin = await this.#adminOf();
      const consumer = this.#consumer as KafkaConsumer;
      const partitions = await this.#discover();
      const committed = new Map(
        (await consumer.committed(partitions)).map((p) => [tpKey(p.topic, p.partition), p.offset]),
      );
      const spec = this.options.startingOffsets ?? 'latest';
      const ends = new Map(
        (await admin.listOffsets(partitions, spec === 'earliest' ? 'earliest' : 'latest', this.#isolation)).map((p) => [
          tpKey(p.topic, p.partition),
          p.offset,
        ]),
      );
      const current = new Map<string, TopicPartitionOffset>();
      for (const { topic, partition } of partitions) {
        const key = tpKey(topic, partition);
        const given = typeof spec === 'object' ? spec[topic]?.[partition] : undefined;
        const offset = given ?? committed.get(key) ?? (ends.get(key) as number);
        current.set(key, { topic, partition, offset });
      }
      this.#current = current;
    });
  }

  /** The partitions read so far, for messages: `orders-0, orders-1` (the first ten, then how many more). */
  #trackedPartitions(): string {
    const names = [...(this.#current?.values() ?? [])].sort(byTopicPartition).map((p) => `${p.topic}-${p.partition}`);
    if (names.length === 0) return this.#subscription();
    const shown = names.slice(0, 10).join(', ');
    return names.length > 10 ? `${shown} and ${names.length - 10} more` : shown;
  }

  get #isolation(): IsolationLevel {
    return this.options.isolationLevel ?? 'read_committed';
  }

  /** The next batch's ranges: every partition from where it stopped to its latest offset, capped by the rate. */
  async #nextRanges(): Promise<OffsetRange[]> {
    const admin = await this.#adminOf();
    const current = this.#current ?? new Map<string, TopicPartitionOffset>();
    const partitions = await this.#discover();
    const seen = new Set(partitions.map((p) => tpKey(p.topic, p.partition)));
    const next = new Map<string, TopicPartitionOffset>();
    for (const [key, p] of current) {
      if (seen.has(key)) continue;
      // A partition no longer listed: its topic was deleted.
      const range = { topic: p.topic, partition: p.partition, fromOffset: p.offset, untilOffset: p.offset };
      if (this.#onLost === 'fail')
        throw new KafkaOffsetsLostError(
          this.describe(),
          range,
          `the partition no longer exists (topic deleted), so the records from offset ${p.offset} on are gone`,
        );
    }
    // Both ends at once: one round trip to the broker per batch fewer.
    const [earliestOffsets, latestOffsets] = await Promise.all([
      admin.listOffsets(partitions, 'earliest', this.#isolation),
      admin.listOffsets(partitions, 'latest', this.#isolation),
    ]);
    const earliest = new Map(earliestOffsets.map((p) => [tpKey(p.topic, p.partition), p.offset]));
    const latest = new Map(latestOffsets.map((p) => [tpKey(p.topic, p.partition), p.offset]));
    const cap =
      this.options.maxRatePerPartition === undefined
        ? Number.POSITIVE_INFINITY
        : Math.max(Math.floor((this.options.maxRatePerPartition * this.slideDurationMs) / 1000), 1);
    const ranges: OffsetRange[] = [];
    for (const { topic, partition } of partitions) {
      const key = tpKey(topic, partition);
      const first = earliest.get(key) as number;
      const last = latest.get(key) as number;
      // A partition found after the start begins at its earliest offset.
      let from = current.get(key)?.offset ?? first;
      if (from < first || from > last) {
        const missing =
          from < first
            ? { topic, partition, fromOffset: from, untilOffset: first }
            : { topic, partition, fromOffset: last, untilOffset: from };
        const detail =
          from < first
            ? `the partition now starts at ${first} (deleted by retention)`
            : `the partition now ends at ${last} (topic recreated or truncated)`;
        if (this.#onLost === 'fail') throw new KafkaOffsetsLostError(this.describe(), missing, detail);
        from = this.#onLost === 'earliest' ? first : last;
      }
      const until = Math.min(last, from + cap);
      ranges.push({ topic, partition, fromOffset: from, untilOffset: until });
      next.set(key, { topic, partition, offset: until });
    }
    this.#current = next;
    return ranges;
  }

  get #onLost(): 'fail' | 'earliest' | 'latest' {
    return this.options.onOffsetsUnavailable ?? 'fail';
  }

  async #flushCommits(): Promise<void> {
    const queued = this.#commitQueue.splice(0);
    if (queued.length === 0) return;
    const offsets = new Map<string, TopicPartitionOffset>();
    for (const { ranges } of queued) {
      for (const r of ranges) {
        const key = tpKey(r.topic, r.partition);
        if ((offsets.get(key)?.offset ?? -1) < r.untilOffset)
          offsets.set(key, { topic: r.topic, partition: r.partition, offset: r.untilOffset });
      }
    }
    let error: Error | undefined;
    try {
      await this.#retrying('committing offsets', undefined, () =>
        (this.#consumer as KafkaConsumer).commit([...offsets.values()]),
      );
    } catch (e) {
      error = e instanceof Error ? e : new Error(String(e));
    }
    for (const q of queued) q.callback?.(error);
  }

  // ---- records ----

  async #fetch(time: number, ranges: readonly OffsetRange[]): Promise<KafkaRecord<K, V>[][]> {
    const consumer = this.#consumer;
    if (consumer === undefined) throw new IllegalStateError(`${this.describe()}: the source is not started`);
    const out: KafkaRecord<K, V>[][] = [];
    const bad: { record: ConsumedRecord; reason: string }[] = [];
    // Every partition's range in one go: a round trip per batch, not one per partition.
    const fetched = await this.#retrying(
      `fetching ${ranges.map((r) => `${r.topic}-${r.partition} [${r.fromOffset}, ${r.untilOffset})`).join(', ')}`,
      time,
      () => consumer.fetchRanges(ranges),
    );
    for (const raw of fetched) {
      const decoded: KafkaRecord<K, V>[] = [];
      for (const r of raw) {
        let key: K | null;
        let value: V | null;
        try {
          key = r.key === null ? null : this.#decodeKey(r.key);
        } catch (e) {
          this.#badRecord(r, `key: ${describe(e)}`, bad);
          continue;
        }
        try {
          value = r.value === null ? null : this.#decodeValue(r.value);
        } catch (e) {
          this.#badRecord(r, `value: ${describe(e)}`, bad);
          continue;
        }
        decoded.push({
          topic: r.topic,
          partition: r.partition,
          offset: r.offset,
          timestampMs: r.timestampMs,
          key,
          value,
          headers: r.headers,
        });
      }
      out.push(decoded);
    }
    if (bad.length > 0) await this.#writeDeadLetters(time, bad);
    return out;
  }

  #badRecord(r: ConsumedRecord, reason: string, bad: { record: ConsumedRecord; reason: string }[]): void {
    if (this.options.onBadRecord === undefined || this.options.onBadRecord === 'fail') {
      throw new BadRecordError(this.describe(), `topic ${r.topic} partition ${r.partition} offset ${r.offset}`, reason);
    }
    bad.push({ record: r, reason });
  }

  async #writeDeadLetters(time: number, bad: readonly { record: ConsumedRecord; reason: string }[]): Promise<void> {
    const policy = this.options.onBadRecord as { readonly deadLetterTopic: string };
    this.#deadLetterProducer ??= this.#client.producer();
    const producer = this.#deadLetterProducer;
    const text = (s: string) => new TextEncoder().encode(s);
    const records = bad.map(({ record: r, reason }) => ({
      topic: policy.deadLetterTopic,
      key: r.key,
      value: r.value,
      headers: [
        ...r.headers,
        ['sluice.source.topic', text(r.topic)],
        ['sluice.source.partition', text(String(r.partition))],
        ['sluice.source.offset', text(String(r.offset))],
        ['sluice.batch.time', text(String(time))],
        ['sluice.reason', text(reason)],
      ] as const,
    }));
    await this.#retrying(`writing ${records.length} bad records to ${policy.deadLetterTopic}`, time, () =>
      producer.send(records),
    );
    this.#deadLetters += records.length;
    this.reportEvent({
      type: 'recordsDeadLettered',
      streamId: this.id,
      name: this.describe(),
      batchTime: time,
      count: records.length,
      destination: policy.deadLetterTopic,
    });
  }

  /**
   * Runs `f`, trying again `maxRetries` times when Kafka cannot be reached, the back-off doubling up to its
   * cap; each retry is posted as a `sourceRetrying` event. Other errors (bad records, lost offsets) fail at once.
   */
  async #retrying<R>(operation: string, time: number | undefined, f: () => Promise<R>): Promise<R> {
    const started = performance.now();
    for (let attempt = 0; ; attempt++) {
      try {
        return await f();
      } catch (e) {
        if (!(e instanceof KafkaClientError)) throw e;
        if (attempt >= this.#maxRetries) {
          throw new KafkaUnavailableError(this.describe(), operation, {
            brokers: this.bootstrapServers,
            attempts: attempt + 1,
            elapsedMs: performance.now() - started,
            bound: `maxRetries ${this.#maxRetries}, retryBackoffMs ${this.#backoffMs} doubling up to maxRetryBackoffMs ${this.#maxBackoffMs}`,
            cause: e,
          });
        }
        const backoffMs = Math.min(this.#backoffMs * 2 ** attempt, this.#maxBackoffMs);
        this.reportEvent({
          type: 'sourceRetrying',
          streamId: this.id,
          name: this.describe(),
          batchTime: time,
          operation,
          attempt: attempt + 1,
          maxAttempts: this.#maxRetries + 1,
          backoffMs,
          message: e.message,
        });
        await new Promise((resolve) => setTimeout(resolve, backoffMs));
      }
    }
  }
}
