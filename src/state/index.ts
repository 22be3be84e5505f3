export { createStateStore } from './create-state-store.ts';
export { LmdbStateStore, type LmdbStateStoreOptions } from './lmdb-state-store.ts';
export { MapWithStateRdd, type StateBatch } from './map-with-state-rdd.ts';
export { MemoryStateStore, type MemoryStateStoreOptions } from './memory-state-store.ts';
export { PartitionedState } from './partitioned-state.ts';
export { type State, StateImpl } from './state.ts';
export { StateChangeColumns, StateColumns } from './state-columns.ts';
export { type MappingFunction, type MappingFunctionWithTime, StateSpec } from './state-spec.ts';
export type {
  LmdbStoreChoice,
  StateChange,
  StateEntry,
  StateStore,
  StateStoreChoice,
  StateStoreContext,
  StateStoreFactory,
  StateWriter,
} from './state-store.ts';
export {
  type PartitionUpdateFunction,
  type StateUpdate,
  StateUpdateRdd,
  type UpdateFunction,
} from './state-update-rdd.ts';
export { type CommittableRdd, StatefulRdd } from './stateful-rdd.ts';
