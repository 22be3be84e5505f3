import { InvalidArgumentError } from '../core/index.ts';
import { MemoryStateStore } from './memory-state-store.ts';
import type { StateStore, StateStoreChoice, StateStoreContext } from './state-store.ts';

/** The store `choice` names, for one partition of one operator. */
export function createStateStore<K, S>(
  choice: StateStoreChoice | undefined,
  context: StateStoreContext,
): StateStore<K, S> {
  if (choice === undefined || choice === 'memory') return new MemoryStateStore<K, S>({ timeIndex: context.timeIndex });
  if (typeof choice === 'function') return choice(context) as StateStore<K, S>;
  throw new InvalidArgumentError(
    `stateStore must be 'memory' or a factory function, got ${JSON.stringify(choice)} (for ${context.operator})`,
  );
}
