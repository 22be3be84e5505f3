import type { MetadataCheckpoint } from './metadata-checkpoint.ts';

/** Where metadata checkpoints are kept: the checkpoint directory. */
export interface MetadataStore {
  write(metadata: MetadataCheckpoint): void;
  /** The newest valid checkpoint, `undefined` when the directory holds none at all. */
  readNewest(): MetadataCheckpoint | undefined;
  close(): void;
}
