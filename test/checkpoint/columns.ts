import type { StateLogColumns } from '../../src/checkpoint/index.ts';

/** One state-log entry, as the tests write them. */
export interface Entry {
  readonly key: unknown;
  readonly state: unknown;
  readonly updatedAtMs: number;
}

/** `entries` column by column, as a state log takes them. */
export function cols(entries: readonly Entry[]): StateLogColumns {
  return {
    keys: entries.map((e) => e.key),
    states: entries.map((e) => e.state),
    updatedAtMs: entries.map((e) => e.updatedAtMs),
  };
}
