import { CheckpointCorruptError, type CheckpointForeignError, describe } from '../core/index.ts';
import type { CheckpointFs } from './checkpoint-fs.ts';
import { type DecodedEnvelope, decodeEnvelope, type EnvelopeExpectation } from './envelope.ts';

/** A checkpoint file a reader passed over, and why; callers log it and post a listener event. */
export interface SkippedCheckpoint {
  readonly path: string;
  /** Corrupt, or intact but written by another application (a file swapped in from elsewhere). */
  readonly error: CheckpointCorruptError | CheckpointForeignError;
}

/**
 * Reads and validates one checkpoint file; a file that cannot be read at all counts as corrupt
 * (`unreadable`), so a reader falls back from it like from any damaged file.
 *
 * @throws the errors of {@link decodeEnvelope}.
 */
export function readCheckpointFile(fs: CheckpointFs, path: string, expect: EnvelopeExpectation): DecodedEnvelope {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFile(path);
  } catch (error) {
    throw new CheckpointCorruptError(path, 'unreadable', describe(error));
  }
  return decodeEnvelope(bytes, path, expect);
}
