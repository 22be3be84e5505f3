import { DStream } from '../../dstream/index.ts';
import type { OffsetRange } from '../../kafka/index.ts';
import type { KafkaDirectInputDStream } from './kafka-direct-input-dstream.ts';
import type { KafkaRecord } from './kafka-record.ts';

/**
 * The stream of `ssc.kafkaDirectStream`: a {@link DStream} of Kafka records that also gives each remembered
 * batch's offset ranges and commits offsets to its consumer group (Spark's `CanCommitOffsets`).
 */
export class KafkaDirectStream<K = string, V = string> extends DStream<KafkaRecord<K, V>> {
  readonly #input: KafkaDirectInputDStream<K, V>;

  constructor(input: KafkaDirectInputDStream<K, V>) {
    super(input);
    this.#input = input;
  }

  /** The consumer group of the stream. */
  get groupId(): string {
    return this.#input.groupId;
  }

  /**
   * The offset ranges batch `timeMs` read, one per partition of its dataset, while the batch is remembered;
   * `undefined` for a batch not generated yet or already forgotten.
   */
  offsetRangesAt(timeMs: number): readonly OffsetRange[] | undefined {
    return this.#input.offsetRangesAt(timeMs);
  }

  /**
   * Commits the ranges' end offsets to the consumer group, asynchronously (Spark's `commitAsync`): they are
   * written before the next batch is generated, and `callback` hears how it went. Call it after the batch's
   * output, so the group's offsets never run ahead of what was written (at-least-once with a restart from
   * the group's offsets).
   */
  commitAsync(ranges: readonly OffsetRange[], callback?: (error?: Error) => void): void {
    this.#input.commitAsync(ranges, callback);
  }

  /** Bad records written to the dead-letter topic since the program started (0 with `onBadRecord: 'fail'`). */
  get deadLetterCount(): number {
    return this.#input.deadLetterCount;
  }
}
