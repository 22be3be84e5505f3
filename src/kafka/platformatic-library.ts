import { createRequire } from 'node:module';

type Library = typeof import('@platformatic/kafka');

let library: Library | undefined;

/**
 * `@platformatic/kafka`, loaded when the first Kafka client object is made: importing Sluice costs a
 * program that never talks to Kafka nothing (the library takes ~300 ms to load).
 */
export function platformaticKafka(): Library {
  library ??= createRequire(import.meta.url)('@platformatic/kafka') as Library;
  return library;
}
