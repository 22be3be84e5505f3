import type {
  KafkaAdmin,
  KafkaClient,
  KafkaConnectionOptions,
  KafkaConsumer,
  KafkaConsumerOptions,
  KafkaProducer,
  KafkaProducerOptions,
} from './kafka-port.ts';
import { PlatformaticAdmin } from './platformatic-admin.ts';
import { PlatformaticConsumer } from './platformatic-consumer.ts';
import { PlatformaticProducer } from './platformatic-producer.ts';

/** The {@link KafkaClient} on `@platformatic/kafka`, a pure-JavaScript client speaking Kafka's protocol. */
export class PlatformaticKafkaClient implements KafkaClient {
  readonly #connection: KafkaConnectionOptions;

  constructor(connection: KafkaConnectionOptions) {
    this.#connection = connection;
  }

  producer(options?: KafkaProducerOptions): KafkaProducer {
    return new PlatformaticProducer(this.#connection, options);
  }

  consumer(options: KafkaConsumerOptions): KafkaConsumer {
    return new PlatformaticConsumer(this.#connection, options);
  }

  admin(): KafkaAdmin {
    return new PlatformaticAdmin(this.#connection);
  }
}
