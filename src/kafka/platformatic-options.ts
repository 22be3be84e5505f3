import type { KafkaConnectionOptions } from './kafka-port.ts';

/** The base options of every `@platformatic/kafka` client made from our connection options. */
export function baseOptions(connection: KafkaConnectionOptions, role: string) {
  return {
    clientId: connection.clientId ?? `sluice-${role}`,
    bootstrapBrokers: [...connection.bootstrapServers],
    ...(connection.requestTimeoutMs === undefined ? {} : { timeout: connection.requestTimeoutMs }),
  };
}

/** The wire code of an isolation level. */
export function isolationCode(level: 'read_committed' | 'read_uncommitted'): 0 | 1 {
  return level === 'read_committed' ? 1 : 0;
}
