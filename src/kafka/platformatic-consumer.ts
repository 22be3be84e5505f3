import type { Consumer } from '@platformatic/kafka';

type FetchTopics = Parameters<Consumer['fetch']>[0]['topics'];

import { InvalidArgumentError } from '../core/index.ts';
import { KafkaOffsetsUnavailableError, KafkaTopicNotFoundError } from './kafka-errors.ts';
import type {
  ConsumedRecord,
  IsolationLevel,
  KafkaConnectionOptions,
  KafkaConsumer,
  KafkaConsumerOptions,
  OffsetRange,
  TopicPartition,
  TopicPartitionOffset,
} from './kafka-port.ts';
import { call, hasProtocolError, isUnknownTopic } from './platformatic-errors.ts';
import { platformaticKafka } from './platformatic-library.ts';
import { baseOptions, isolationCode } from './platformatic-options.ts';
import { recordsOfBatches, toOffset } from './record-batches.ts';

// Kafka's max.partition.fetch.bytes. Larger answers cost more than their size: the client's response buffer
// finds each read's position by walking its chunks from the first, so decoding grows with size squared (an
// 8 MiB bound made reading 5,000 records of 250 bytes three times as costly as a 1 MiB one).
const DEFAULT_MAX_BYTES = 1024 * 1024;
// How long one fetch waits for data the range says is there; a few empty answers in a row mean it is not.
const FETCH_WAIT_MS = 500;
const EMPTY_FETCHES_ALLOWED = 4;

/**
 * {@link KafkaConsumer} on `@platformatic/kafka`'s Consumer, reading explicit offset ranges with its low-level
 * fetch (Spark's direct stream assigns partitions itself; no group membership is needed to read a range).
 * Fetches of one consumer run one at a time: the client's incremental fetch session holds one state per broker.
 */
export class PlatformaticConsumer implements KafkaConsumer {
  readonly #consumer: Consumer;
  readonly #groupId: string;
  readonly #isolation: IsolationLevel;
  readonly #maxBytes: number;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(connection: KafkaConnectionOptions, options: KafkaConsumerOptions) {
    this.#groupId = options.groupId;
    this.#isolation = options.isolationLevel ?? 'read_committed';
    this.#maxBytes = options.maxBytesPerFetch ?? DEFAULT_MAX_BYTES;
    if (!Number.isInteger(this.#maxBytes) || this.#maxBytes < 1) {
      throw new InvalidArgumentError(`maxBytesPerFetch must be a positive integer, got ${options.maxBytesPerFetch}`);
    }
    this.#consumer = new (platformaticKafka().Consumer)({
      ...baseOptions(connection, 'consumer'),
      groupId: options.groupId,
      isolationLevel: isolationCode(this.#isolation),
      autocommit: false,
    });
  }

  fetchRange(range: OffsetRange): Promise<ConsumedRecord[]> {
    checkRange(range);
    const run = this.#queue.then(() => this.#fetchRange(range));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #fetchRange(range: OffsetRange): Promise<ConsumedRecord[]> {
    const { topic, partition, fromOffset, untilOffset } = range;
    if (fromOffset === untilOffset) return [];
    const where = `fetch of ${topic}-${partition} [${fromOffset}, ${untilOffset})`;
    const metadata = await call(where, () =>
      this.#consumer.metadata({ topics: [topic], forceUpdate: true, retries: 1 }),
    ).catch((error) => {
      throw isUnknownTopic(error) ? new KafkaTopicNotFoundError(topic) : error;
    });
    const described = metadata.topics.get(topic);
    if (!described) throw new KafkaTopicNotFoundError(topic);
    if (partition >= described.partitionsCount) {
      throw new KafkaOffsetsUnavailableError(range, `the topic has ${described.partitionsCount} partitions`);
    }
    const { leader, leaderEpoch } = described.partitions[partition];
    const out: ConsumedRecord[] = [];
    let next = fromOffset;
    let empty = 0;
    while (next < untilOffset) {
      const response = await call(where, () =>
        this.#fetch(leader, [
          {
            topicId: described.id,
            partitions: [
              {
                partition,
                fetchOffset: BigInt(next),
                currentLeaderEpoch: leaderEpoch,
                lastFetchedEpoch: -1,
                partitionMaxBytes: this.#maxBytes,
              },
            ],
          },
        ]),
      ).catch((error: unknown) => {
        if (hasProtocolError(error, 'OFFSET_OUT_OF_RANGE')) {
          throw new KafkaOffsetsUnavailableError(range, `offset ${next} is out of the partition's range`);
        }
        throw isUnknownTopic(error) ? new KafkaTopicNotFoundError(topic) : error;
      });
      const answer = response.responses[0]?.partitions.find((p) => p.partitionIndex === partition);
      const batches = answer?.records ?? [];
      const aborted = this.#isolation === 'read_committed' ? (answer?.abortedTransactions ?? []) : null;
      const { records, nextOffset } = recordsOfBatches(topic, partition, batches, aborted, next, untilOffset);
      for (const record of records) out.push(record);
      if (nextOffset !== undefined && nextOffset > next) {
        next = nextOffset;
        empty = 0;
        continue;
      }
      const end = answer
        ? toOffset(
            this.#isolation === 'read_committed' ? answer.lastStableOffset : answer.highWatermark,
            topic,
            partition,
          )
        : next;
      if (end <= next || ++empty > EMPTY_FETCHES_ALLOWED) {
        const readable = this.#isolation === 'read_committed' ? 'its last stable offset is' : 'it ends at';
        throw new KafkaOffsetsUnavailableError(range, `${readable} ${end}, nothing could be read from ${next}`);
      }
    }
    return out;
  }

  fetchRanges(ranges: readonly OffsetRange[]): Promise<ConsumedRecord[][]> {
    for (const range of ranges) checkRange(range);
    const run = this.#queue.then(() => this.#fetchRanges(ranges));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #fetchRanges(ranges: readonly OffsetRange[]): Promise<ConsumedRecord[][]> {
    const out: ConsumedRecord[][] = ranges.map(() => []);
    const open = ranges.flatMap((r, i) => (r.fromOffset < r.untilOffset ? [i] : []));
    if (open.length > 1 && (await this.#fetchTogether(ranges, open, out))) return out;
    // One range, or ranges that could not be read together: each on its own, which names the range at fault.
    for (const i of open) out[i] = await this.#fetchRange(ranges[i]);
    return out;
  }

  /**
   * Reads the open ranges into `out` with one fetch request per partition leader, repeated until every range
   * is read. Returns false when a topic, a partition or a range's records are not there (`#fetchRange` then
   * finds which and says why); a failure to reach the broker is thrown.
   */
  async #fetchTogether(
    ranges: readonly OffsetRange[],
    open: readonly number[],
    out: ConsumedRecord[][],
  ): Promise<boolean> {
    const where = `fetch of ${open.map((i) => describeRange(ranges[i])).join(', ')}`;
    const topics = [...new Set(open.map((i) => ranges[i].topic))];
    let metadata: Awaited<ReturnType<Consumer['metadata']>>;
    try {
      metadata = await call(where, () => this.#consumer.metadata({ topics, forceUpdate: true, retries: 1 }));
    } catch (error) {
      if (isUnknownTopic(error)) return false;
      throw error;
    }
    const byLeader = new Map<number, { i: number; topicId: string; leaderEpoch: number; next: number }[]>();
    const seen = new Set<string>();
    for (const i of open) {
      const { topic, partition, fromOffset } = ranges[i];
      const described = metadata.topics.get(topic);
      if (!described || partition >= described.partitionsCount) return false;
      // A request names a partition once: two ranges of one partition are read one after the other.
      if (seen.has(`${topic}\0${partition}`)) return false;
      seen.add(`${topic}\0${partition}`);
      const { leader, leaderEpoch } = described.partitions[partition];
      let group = byLeader.get(leader);
      if (!group) byLeader.set(leader, (group = []));
      group.push({ i, topicId: described.id, leaderEpoch, next: fromOffset });
    }
    const readCommitted = this.#isolation === 'read_committed';
    for (const [leader, group] of byLeader) {
      for (let pending = group; pending.length > 0; pending = pending.filter((p) => p.next < ranges[p.i].untilOffset)) {
        const request = new Map<
          string,
          {
            partition: number;
            fetchOffset: bigint;
            currentLeaderEpoch: number;
            lastFetchedEpoch: number;
            partitionMaxBytes: number;
          }[]
        >();
        for (const p of pending) {
          let partitions = request.get(p.topicId);
          if (!partitions) request.set(p.topicId, (partitions = []));
          partitions.push({
            partition: ranges[p.i].partition,
            fetchOffset: BigInt(p.next),
            currentLeaderEpoch: p.leaderEpoch,
            lastFetchedEpoch: -1,
            partitionMaxBytes: this.#maxBytes,
          });
        }
        let response: Awaited<ReturnType<Consumer['fetch']>>;
        try {
          response = await call(where, () =>
            this.#fetch(
              leader,
              [...request].map(([topicId, partitions]) => ({ topicId, partitions })),
            ),
          );
        } catch (error) {
          if (hasProtocolError(error, 'OFFSET_OUT_OF_RANGE') || isUnknownTopic(error)) return false;
          throw error;
        }
        let moved = false;
        for (const p of pending) {
          const { topic, partition, untilOffset } = ranges[p.i];
          const answer = response.responses
            .find((t) => t.topicId === p.topicId)
            ?.partitions.find((a) => a.partitionIndex === partition);
          // Left out of an answer whose bytes went to other partitions: asked again.
          if (answer === undefined) continue;
          const aborted = readCommitted ? (answer.abortedTransactions ?? []) : null;
          const batches = answer.records ?? [];
          const { records, nextOffset } = recordsOfBatches(topic, partition, batches, aborted, p.next, untilOffset);
          for (const record of records) out[p.i].push(record);
          if (nextOffset !== undefined && nextOffset > p.next) {
            p.next = nextOffset;
            moved = true;
          } else if (
            toOffset(readCommitted ? answer.lastStableOffset : answer.highWatermark, topic, partition) <= p.next
          ) {
            return false;
          }
        }
        // An answer that moved no range: whatever the reason, `#fetchRange` finds it for each range.
        if (!moved) return false;
      }
    }
    return true;
  }

  /** One fetch request to `leader` with this consumer's sizes and isolation. */
  #fetch(leader: number, topics: FetchTopics): ReturnType<Consumer['fetch']> {
    return this.#consumer.fetch({
      node: leader,
      maxWaitTime: FETCH_WAIT_MS,
      minBytes: 1,
      maxBytes: this.#maxBytes,
      isolationLevel: isolationCode(this.#isolation),
      topics,
    });
  }

  async committed(partitions: readonly TopicPartition[]): Promise<TopicPartitionOffset[]> {
    if (partitions.length === 0) return [];
    const byTopic = groupByTopic(partitions);
    const listed = await call(`committed offsets of group ${this.#groupId}`, () =>
      this.#consumer.listCommittedOffsets({
        topics: [...byTopic].map(([topic, list]) => ({ topic, partitions: list })),
      }),
    );
    const out: TopicPartitionOffset[] = [];
    for (const { topic, partition } of partitions) {
      const offset = listed.get(topic)?.[partition];
      if (offset !== undefined && offset >= 0n)
        out.push({ topic, partition, offset: toOffset(offset, topic, partition) });
    }
    return out;
  }

  async commit(offsets: readonly TopicPartitionOffset[]): Promise<void> {
    if (offsets.length === 0) return;
    // Not a member of the group: commit as Kafka's simple consumers do, with no generation and an empty member
    // id (the client would send a null member id, which the broker cannot parse and answers by closing).
    if (this.#consumer.memberId === null) {
      this.#consumer.generationId = -1;
      this.#consumer.memberId = '';
    }
    await call(`commit of offsets for group ${this.#groupId}`, () =>
      this.#consumer.commit({
        offsets: offsets.map(({ topic, partition, offset }) => ({
          topic,
          partition,
          offset: BigInt(offset),
          leaderEpoch: -1,
        })),
      }),
    );
  }

  close(): Promise<void> {
    return this.#consumer.close();
  }
}

function checkRange(range: OffsetRange): void {
  const { topic, partition, fromOffset, untilOffset } = range;
  const ok =
    Number.isSafeInteger(partition) &&
    partition >= 0 &&
    Number.isSafeInteger(fromOffset) &&
    Number.isSafeInteger(untilOffset) &&
    fromOffset >= 0 &&
    untilOffset >= fromOffset;
  if (!ok) {
    throw new InvalidArgumentError(
      `An offset range needs a partition >= 0 and integer offsets 0 <= fromOffset <= untilOffset, got ${topic}-${partition} [${fromOffset}, ${untilOffset})`,
    );
  }
}

function describeRange({ topic, partition, fromOffset, untilOffset }: OffsetRange): string {
  return `${topic}-${partition} [${fromOffset}, ${untilOffset})`;
}

function groupByTopic(partitions: readonly TopicPartition[]): Map<string, number[]> {
  const byTopic = new Map<string, number[]>();
  for (const { topic, partition } of partitions) {
    let list = byTopic.get(topic);
    if (!list) byTopic.set(topic, (list = []));
    list.push(partition);
  }
  return byTopic;
}
