import { type KafkaClient, PlatformaticKafkaClient } from '../../../src/kafka/index.ts';
import { portFromEnv, requireService } from '../service.ts';

/** The port of the broker that `scripts/kafka start` runs (SLUICE_KAFKA_PORT, 19092 by default). */
export const kafkaPort = portFromEnv('SLUICE_KAFKA_PORT', 19092);

/** A client of the test broker; fails, naming `scripts/kafka`, when the broker is not running. */
export async function testKafkaClient(): Promise<KafkaClient> {
  await requireService('Kafka', kafkaPort, 'scripts/kafka');
  return new PlatformaticKafkaClient({ bootstrapServers: [`127.0.0.1:${kafkaPort}`], clientId: 'sluice-test' });
}

/**
 * Polls `read` until `done` holds, at most `timeoutMs`. The broker writes transaction markers after a commit or
 * abort has returned, so what `read_committed` readers see moves a moment later; tests wait for it this way.
 */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() >= deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
