import type { Admin, Producer } from '@platformatic/kafka';
import { IllegalStateError } from '../core/index.ts';
import type {
  KafkaConnectionOptions,
  KafkaProducer,
  KafkaProducerOptions,
  KafkaTransaction,
  ProducerRecord,
} from './kafka-port.ts';
import { call } from './platformatic-errors.ts';
import { platformaticKafka } from './platformatic-library.ts';
import { toMessage, topicsOf } from './platformatic-messages.ts';
import { baseOptions } from './platformatic-options.ts';
import { PlatformaticTransaction } from './platformatic-transaction.ts';

/** {@link KafkaProducer} on `@platformatic/kafka`'s Producer: acks from all in-sync replicas, idempotent by default. */
export class PlatformaticProducer implements KafkaProducer {
  readonly #producer: Producer;
  readonly #connection: KafkaConnectionOptions;
  readonly #transactionalId: string | undefined;
  #admin: Admin | undefined;
  #open: PlatformaticTransaction | undefined;

  constructor(connection: KafkaConnectionOptions, options: KafkaProducerOptions = {}) {
    this.#connection = connection;
    this.#transactionalId = options.transactionalId;
    const idempotent = options.transactionalId !== undefined || (options.idempotent ?? true);
    this.#producer = new (platformaticKafka().Producer)({
      ...baseOptions(connection, 'producer'),
      acks: platformaticKafka().ProduceAcks.ALL,
      idempotent,
      ...(options.transactionalId === undefined ? {} : { transactionalId: options.transactionalId }),
    });
  }

  async send(records: readonly ProducerRecord[]): Promise<void> {
    if (records.length === 0) return;
    await call(`send to ${topicsOf(records)}`, () => this.#producer.send({ messages: records.map(toMessage) }));
  }

  async beginTransaction(): Promise<KafkaTransaction> {
    if (this.#transactionalId === undefined) {
      throw new IllegalStateError('beginTransaction needs a producer made with a transactionalId');
    }
    if (this.#open && !this.#open.completed) {
      throw new IllegalStateError(`Producer ${this.#transactionalId} already has an open transaction`);
    }
    // The client would ask for the producer id with id 0 and epoch 0, which a broker that knows the transactional
    // id from an earlier producer answers with PRODUCER_FENCED; -1/-1 asks for a new epoch, fencing the earlier one.
    const transaction = await call(`beginTransaction ${this.#transactionalId}`, () =>
      this.#producer.beginTransaction({ producerId: -1n, producerEpoch: -1 }),
    );
    this.#admin ??= new (platformaticKafka().Admin)(baseOptions(this.#connection, 'transaction-coordinator'));
    this.#open = new PlatformaticTransaction(transaction, this.#admin, this.#transactionalId);
    return this.#open;
  }

  async close(): Promise<void> {
    await this.#admin?.close();
    await this.#producer.close();
  }
}
