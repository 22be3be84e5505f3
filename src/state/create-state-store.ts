import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '../core/index.ts';
import { LmdbStateStore } from './lmdb-state-store.ts';
import { MemoryStateStore } from './memory-state-store.ts';
import type { StateStore, StateStoreChoice, StateStoreContext } from './state-store.ts';

/** The store `choice` names, for one partition of one operator. */
export function createStateStore<K, S>(
  choice: StateStoreChoice | undefined,
  context: StateStoreContext,
): StateStore<K, S> {
  if (choice === undefined || choice === 'memory') return new MemoryStateStore<K, S>({ timeIndex: context.timeIndex });
  if (typeof choice === 'function') return choice(context) as StateStore<K, S>;
  if (choice === 'lmdb' || (typeof choice === 'object' && choice !== null && choice.kind === 'lmdb')) {
    const base =
      (typeof choice === 'object' ? choice.directory : undefined) ??
      context.baseDirectory ??
      mkdtempSync(join(tmpdir(), 'sluice-state-'));
    const directory = join(base, context.operator, `p${context.partition}`);
    return new LmdbStateStore<K, S>({ directory, timeIndex: context.timeIndex });
  }
  throw new InvalidArgumentError(
    `stateStore must be 'memory', 'lmdb', { kind: 'lmdb', directory? } or a factory function, got ${JSON.stringify(choice)} (for ${context.operator})`,
  );
}
