import {
  crashPoint,
  describe,
  IllegalStateError,
  InvalidArgumentError,
  SluiceError,
  type Time,
} from '../../core/index.ts';
import type { OutputOperation } from '../../dstream/index.ts';
import {
  encoderOf,
  type KafkaClient,
  type KafkaCodec,
  type KafkaConsumer,
  type KafkaProducer,
  type OffsetRange,
  PlatformaticKafkaClient,
  type ProducerRecord,
  type TopicPartitionOffset,
} from '../../kafka/index.ts';
import type { Rdd } from '../../rdd/index.ts';
import type { BatchSink } from '../batch-sink.ts';

/** Where a transactional sink finds the offsets a batch consumed: the Kafka direct stream it reads from. */
export interface KafkaOffsetSource {
  /** The consumer group the offsets are committed to. */
  readonly groupId: string;
  /** The ranges batch `timeMs` read, while it is remembered. */
  offsetRangesAt(timeMs: number): readonly OffsetRange[] | undefined;
}

/** Options of {@link kafkaSink}. */
export interface KafkaSinkOptions<T, K = string, V = T> {
  /** `host:port` of one or more brokers. */
  readonly bootstrapServers: string | readonly string[];
  /** The topic every record goes to. */
  readonly topic: string;
  /** The record's key (`null` or absent: no key, the partitioner spreads records). */
  readonly keyOf?: (record: T) => K | null | undefined;
  /** The record's value; the record itself by default. (Not `valueOf`, which every object inherits.) */
  readonly valueFrom?: (record: T) => V | null;
  /** Encodes keys; `'string'` by default. */
  readonly keyCodec?: KafkaCodec<K>;
  /** Encodes values; `'string'` by default. */
  readonly valueCodec?: KafkaCodec<V>;
  /** A record whose key and value take more bytes fails the batch (Kafka's `max.request.size`, default 1 MiB). */
  readonly maxRecordBytes?: number;
  /**
   * Exactly-once into Kafka: each batch's records and the offsets it consumed (`offsets`, the direct stream
   * the output reads from) commit in one transaction under `transactionalId`, which must be the same for
   * every run of the application and unique to it.
   */
  readonly transactional?: { readonly transactionalId: string; readonly offsets: KafkaOffsetSource };
}

/** A {@link BatchSink} writing to Kafka, holding a producer until the context stops or `close()`. */
export interface KafkaSink<T> extends BatchSink<T> {
  /** Closes the producer; `foreachRDD` does it when the context stops, a sink called directly needs it. */
  close(): Promise<void>;
}

/** A record is larger than the sink's `maxRecordBytes`: the batch fails naming the record's key and size. */
export class KafkaRecordTooLargeError extends SluiceError {
  readonly bytes: number;
  constructor(topic: string, time: Time, key: string, bytes: number, limit: number) {
    super(
      'KAFKA_RECORD_TOO_LARGE',
      `kafkaSink to ${topic}: the record with key ${key} of batch ${time} ms takes ${bytes} bytes, over maxRecordBytes ${limit}`,
    );
    this.bytes = bytes;
  }
}

const KAFKA_MAX_REQUEST_SIZE = 1_048_576;

/**
 * A `foreachRDD` sink writing each batch's records to a Kafka topic (Spark has no DStream Kafka sink;
 * Structured Streaming's Kafka sink is at-least-once). By default through an idempotent producer: no
 * duplicates from the producer's own retries, but a batch run again after a restart is written again
 * (at-least-once). With `transactional`, a batch's records and the source's offsets for the batch commit
 * in one transaction, so `read_committed` readers see each input's output exactly once: a failed batch
 * aborts; a batch run again after a restart whose transaction had committed (the group's offsets already
 * at the batch's end) is skipped; a new instance with the same transactional id fences the old one.
 *
 * @example
 * const sink = kafkaSink({ bootstrapServers: 'localhost:9092', topic: 'out', keyOf: (r) => r.id, valueCodec: 'json' });
 * stream.foreachRDD(sink);
 * @throws InvalidArgumentError when an option is missing or out of range
 * @throws KafkaRecordTooLargeError (when writing) for a record over `maxRecordBytes`
 */
export function kafkaSink<T, K = string, V = T>(options: KafkaSinkOptions<T, K, V>): KafkaSink<T> {
  const o = options ?? ({} as KafkaSinkOptions<T, K, V>);
  const servers = typeof o.bootstrapServers === 'string' ? [o.bootstrapServers] : o.bootstrapServers;
  if (!Array.isArray(servers) || servers.length === 0 || servers.some((s) => typeof s !== 'string' || s === '')) {
    throw new InvalidArgumentError(
      `kafkaSink: bootstrapServers must name at least one host:port, got ${String(o.bootstrapServers)}`,
    );
  }
  if (typeof o.topic !== 'string' || o.topic === '')
    throw new InvalidArgumentError('kafkaSink: topic must be a non-empty string');
  const limit = o.maxRecordBytes ?? KAFKA_MAX_REQUEST_SIZE;
  if (!Number.isInteger(limit) || limit < 1)
    throw new InvalidArgumentError(`kafkaSink: maxRecordBytes must be a whole number >= 1, got ${limit}`);
  const tx = o.transactional;
  if (
    tx !== undefined &&
    (typeof tx.transactionalId !== 'string' ||
      tx.transactionalId === '' ||
      typeof tx.offsets?.offsetRangesAt !== 'function')
  ) {
    throw new InvalidArgumentError(
      'kafkaSink: transactional needs a transactionalId and the offsets of the Kafka direct stream read',
    );
  }
  const encodeKey = encoderOf(o.keyCodec ?? ('string' as KafkaCodec<K>), 'kafkaSink: keyCodec');
  const encodeValue = encoderOf(o.valueCodec ?? ('string' as KafkaCodec<V>), 'kafkaSink: valueCodec');
  const keyOf = o.keyOf;
  const valueFrom = o.valueFrom ?? ((r: T) => r as unknown as V);
  const client: KafkaClient = new PlatformaticKafkaClient({ bootstrapServers: servers, clientId: 'sluice-sink' });
  const topic = o.topic;

  const encode = (records: readonly T[], time: Time): ProducerRecord[] =>
    records.map((r) => {
      const k = keyOf?.(r);
      const v = valueFrom(r);
      const key = k === undefined || k === null ? null : encodeKey(k);
      const value = v === null ? null : encodeValue(v);
      const bytes = (key?.length ?? 0) + (value?.length ?? 0);
      if (bytes > limit)
        throw new KafkaRecordTooLargeError(
          topic,
          time,
          k === undefined || k === null ? 'null' : String(k),
          bytes,
          limit,
        );
      return { topic, key, value };
    });

  let producer: KafkaProducer | undefined;
  let consumer: KafkaConsumer | undefined;
  // Batches run again after a restart come first; once one was not committed yet, the later ones are new.
  let caughtUp = false;

  let closeRegistered = false;
  const closeOnStop = (output: OutputOperation | undefined): void => {
    if (output === undefined || closeRegistered) return;
    closeRegistered = true;
    output.onStop(() => sink.close());
  };

  const idempotent = async (rdd: Rdd<T>, time: Time, output?: OutputOperation): Promise<void> => {
    closeOnStop(output);
    const records = encode(rdd.collect(), time);
    producer ??= client.producer();
    await producer.send(records);
  };

  const transactional = async (rdd: Rdd<T>, time: Time, output?: OutputOperation): Promise<void> => {
    closeOnStop(output);
    const { transactionalId, offsets } = tx as NonNullable<typeof tx>;
    const ranges = offsets.offsetRangesAt(time);
    if (ranges === undefined) {
      throw new IllegalStateError(
        `kafkaSink ${transactionalId}: the offsets source has no offset ranges for batch ${time} ms; it must be the Kafka direct stream this output reads from`,
      );
    }
    producer ??= client.producer({ transactionalId });
    // Beginning the first transaction fences an older producer with this id and ends its open transaction,
    // so the group's offsets read after it are final.
    const transaction = await producer.beginTransaction();
    try {
      if (!caughtUp) {
        consumer ??= client.consumer({ groupId: offsets.groupId });
        if (await alreadyCommitted(consumer, ranges, transactionalId, time)) {
          await transaction.abort();
          return;
        }
        caughtUp = true;
      }
      for (const partition of rdd.glom().collect()) await transaction.send(encode(partition, time));
      const ends: TopicPartitionOffset[] = ranges.map((r) => ({
        topic: r.topic,
        partition: r.partition,
        offset: r.untilOffset,
      }));
      await transaction.sendOffsets(offsets.groupId, ends);
      crashPoint('kafkaSink.beforeCommit');
      await transaction.commit();
      crashPoint('kafkaSink.afterCommit');
    } catch (e) {
      await transaction.abort().catch(() => undefined);
      throw e;
    }
  };

  const sink = (tx === undefined ? idempotent : transactional) as KafkaSink<T>;
  sink.close = async () => {
    const closing = [producer?.close(), consumer?.close()];
    producer = undefined;
    consumer = undefined;
    await Promise.all(closing);
  };
  return sink;
}

/**
 * Whether the batch's transaction committed in an earlier run: the group's offsets are at the end of every
 * range. Offsets inside a range mean another writer commits for this group.
 */
async function alreadyCommitted(
  consumer: KafkaConsumer,
  ranges: readonly OffsetRange[],
  id: string,
  time: Time,
): Promise<boolean> {
  if (ranges.every((r) => r.fromOffset === r.untilOffset)) return false;
  const committed = new Map(
    (await consumer.committed(ranges)).map((p) => [`${p.topic}\u0000${p.partition}`, p.offset]),
  );
  let done = 0;
  for (const r of ranges) {
    const at = committed.get(`${r.topic}\u0000${r.partition}`);
    if (at === undefined || at <= r.fromOffset) continue;
    if (at < r.untilOffset) {
      throw new IllegalStateError(
        `kafkaSink ${id}: batch ${time} ms reads ${r.topic}-${r.partition} [${r.fromOffset}, ${r.untilOffset}) but the group's committed offset is ${at}, inside the range: another writer commits for this group`,
      );
    }
    done++;
  }
  if (done === 0) return false;
  if (done < ranges.filter((r) => r.fromOffset < r.untilOffset).length) {
    throw new IllegalStateError(
      `kafkaSink ${id}: batch ${time} ms is committed for some partitions only: ${describe(ranges)}`,
    );
  }
  return true;
}
