import type { ConsumedRecord, KafkaHeaders } from './kafka-port.ts';

/** One record of a batch as the wire format carries it: positions relative to its batch. */
export interface RawRecord {
  readonly offsetDelta: number;
  readonly timestampDelta: bigint;
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
  readonly headers: ReadonlyArray<readonly [Uint8Array | null, Uint8Array | null]>;
}

/** A record batch of a fetch response (Kafka's message format v2). */
export interface RawRecordBatch {
  readonly firstOffset: bigint;
  readonly lastOffsetDelta: number;
  readonly firstTimestamp: bigint;
  readonly attributes: number;
  readonly producerId: bigint;
  readonly records: readonly RawRecord[];
}

/** A transaction the broker reports as aborted, from its first offset on. */
export interface AbortedTransaction {
  readonly producerId: bigint;
  readonly firstOffset: bigint;
}

const TRANSACTIONAL = 1 << 4;
const CONTROL = 1 << 5;
const ABORT_MARKER = 0;

/**
 * The records of `batches` whose offsets are in [fromOffset, untilOffset), with the offset to fetch next (past
 * the last batch, control batches and aborted data included, so a fetch loop always advances).
 *
 * With `aborted` (a `read_committed` fetch), a transactional batch is left out when its producer has an aborted
 * transaction that started at or before it and whose abort marker has not been passed yet: the rule of Kafka's
 * own consumer. It holds whether or not the marker is in the same response, which a filter that pairs each
 * aborted transaction with a marker found in the response cannot promise.
 */
export function recordsOfBatches(
  topic: string,
  partition: number,
  batches: readonly RawRecordBatch[],
  aborted: readonly AbortedTransaction[] | null,
  fromOffset: number,
  untilOffset: number,
): { records: ConsumedRecord[]; nextOffset: number | undefined } {
  const pending = [...(aborted ?? [])].sort((a, b) => (a.firstOffset < b.firstOffset ? -1 : 1));
  const abortedProducers = new Set<bigint>();
  const records: ConsumedRecord[] = [];
  let nextOffset: number | undefined;
  for (const batch of batches) {
    const lastOffset = batch.firstOffset + BigInt(batch.lastOffsetDelta);
    nextOffset = toOffset(lastOffset + 1n, topic, partition);
    while (pending.length > 0 && pending[0].firstOffset <= lastOffset) {
      abortedProducers.add(pending.shift()!.producerId);
    }
    if (batch.attributes & CONTROL) {
      if (batch.attributes & TRANSACTIONAL && controlType(batch) === ABORT_MARKER) {
        abortedProducers.delete(batch.producerId);
      }
      continue;
    }
    if (aborted !== null && batch.attributes & TRANSACTIONAL && abortedProducers.has(batch.producerId)) continue;
    for (const record of batch.records) {
      const offset = toOffset(batch.firstOffset + BigInt(record.offsetDelta), topic, partition);
      if (offset < fromOffset || offset >= untilOffset) continue;
      records.push({
        topic,
        partition,
        offset,
        timestampMs: Number(batch.firstTimestamp + record.timestampDelta),
        key: record.key,
        value: record.value,
        headers: headersOf(record),
      });
    }
  }
  return { records, nextOffset };
}

/** An offset as a number, refused past 2^53 rather than rounded. */
export function toOffset(offset: bigint, topic: string, partition: number): number {
  if (offset > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`Offset ${offset} of ${topic}-${partition} is beyond 2^53 and cannot be represented`);
  }
  return Number(offset);
}

// A control record's key is a version (int16) then a type (int16): 0 abort, 1 commit.
function controlType(batch: RawRecordBatch): number | undefined {
  const key = batch.records[0]?.key;
  if (!key || key.length < 4) return undefined;
  return new DataView(key.buffer, key.byteOffset, key.byteLength).getInt16(2);
}

const utf8 = new TextDecoder();

function headersOf(record: RawRecord): KafkaHeaders {
  if (record.headers.length === 0) return [];
  return record.headers.map(([k, v]) => [k === null ? '' : utf8.decode(k), v] as const);
}
