import type { MessageToProduce } from '@platformatic/kafka';
import type { ProducerRecord } from './kafka-port.ts';

/** Our record as the client's message: bytes as Buffers sharing the caller's memory, headers as Buffers. */
export function toMessage(record: ProducerRecord): MessageToProduce {
  const message: MessageToProduce = { topic: record.topic };
  if (record.partition !== undefined) message.partition = record.partition;
  if (record.key != null) message.key = asBuffer(record.key);
  if (record.value !== null) message.value = asBuffer(record.value);
  if (record.timestampMs !== undefined) message.timestamp = BigInt(record.timestampMs);
  if (record.headers && record.headers.length > 0) {
    const headers = new Map<Buffer, Buffer>();
    for (const [key, value] of record.headers)
      headers.set(Buffer.from(key), value === null ? Buffer.alloc(0) : asBuffer(value));
    message.headers = headers;
  }
  return message;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The topics of a batch of records, for error messages. */
export function topicsOf(records: readonly ProducerRecord[]): string {
  return [...new Set(records.map((r) => r.topic))].join(', ');
}
