import type { Admin, Consumer, Message, Producer } from '@platformatic/kafka';

type Transaction = NonNullable<Producer['transaction']>;

import { KafkaClientError } from './kafka-errors.ts';
import type { KafkaTransaction, ProducerRecord, TopicPartitionOffset } from './kafka-port.ts';
import { call } from './platformatic-errors.ts';
import { toMessage, topicsOf } from './platformatic-messages.ts';

const GROUP_KEY = 0;

/** {@link KafkaTransaction} on a `@platformatic/kafka` Transaction. */
export class PlatformaticTransaction implements KafkaTransaction {
  readonly #transaction: Transaction;
  readonly #admin: Admin;
  readonly #id: string;
  /** Whether the broker knows of this transaction: a record or an offset was added to it. */
  #started = false;

  constructor(transaction: Transaction, admin: Admin, transactionalId: string) {
    this.#transaction = transaction;
    this.#admin = admin;
    this.#id = transactionalId;
  }

  get completed(): boolean {
    return this.#transaction.completed;
  }

  async send(records: readonly ProducerRecord[]): Promise<void> {
    if (records.length === 0) return;
    this.#started = true;
    await call(`send to ${topicsOf(records)} in transaction ${this.#id}`, () =>
      this.#transaction.send({ messages: records.map(toMessage) }),
    );
  }

  // The client commits offsets of messages its own group consumer received. Offsets chosen by the engine (a
  // direct stream's ranges) are committed the way Kafka's `sendOffsetsToTransaction(offsets, groupId)` does:
  // as no member of the group (generation -1, empty member id), sent to the group's coordinator.
  async sendOffsets(groupId: string, offsets: readonly TopicPartitionOffset[]): Promise<void> {
    if (offsets.length === 0) return;
    this.#started = true;
    const operation = `sendOffsets for group ${groupId} in transaction ${this.#id}`;
    await call(operation, async () => {
      const [found] = await this.#admin.findCoordinator({ keyType: GROUP_KEY, keys: [groupId] });
      if (!found) throw new KafkaClientError(operation, `no coordinator for ${groupId}`);
      await this.#transaction.addConsumer({ groupId } as Consumer);
      const consumer = { groupId, generationId: -1, memberId: '', coordinatorId: found.nodeId };
      for (const { topic, partition, offset } of offsets) {
        // The client commits the message's offset + 1, the next offset to read.
        const message = { topic, partition, offset: BigInt(offset) - 1n, metadata: { consumer } } as unknown as Message;
        await this.#transaction.addOffset(message);
      }
    });
  }

  // A transaction nothing was added to is unknown to the broker, which refuses to end it: it ends in the
  // client only, as Kafka's own producer does.
  async commit(): Promise<void> {
    if (!this.#started) return this.#endLocally('commit');
    await call(`commit of transaction ${this.#id}`, () => this.#transaction.commit());
  }

  async abort(): Promise<void> {
    if (!this.#started) return this.#endLocally('abort');
    await call(`abort of transaction ${this.#id}`, () => this.#transaction.abort());
  }

  async #endLocally(what: string): Promise<void> {
    await call(`${what} of empty transaction ${this.#id}`, () => this.#transaction.cancel());
  }
}
