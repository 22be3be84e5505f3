import { CheckpointDirectory } from '../checkpoint/index.ts';
import { CheckpointMismatchError } from '../core/index.ts';
import type { DStreamGraph } from '../dstream/index.ts';
import type { ListenerBus } from '../scheduler/index.ts';
import { firstGraphDifference, type MetadataCheckpoint } from './metadata-checkpoint.ts';

/** The graph fingerprint as the checkpoint envelope records it: one line per stream. */
const FINGERPRINT_SEPARATOR = '\n';

/**
 * Opens (and locks) a context's checkpoint directory; with `recover`, also reads the newest valid metadata
 * checkpoint. Corrupt files passed over are reported on stderr and as `checkpointSkipped` events. A
 * checkpoint of another graph is refused with the first stream that differs.
 */
export function openCheckpointDirectory(
  path: string,
  appName: string,
  graph: DStreamGraph,
  bus: ListenerBus,
  recover = true,
): { directory: CheckpointDirectory; checkpoint: MetadataCheckpoint | undefined } {
  const lines = graph.fingerprint();
  const directory = CheckpointDirectory.open(path, {
    applicationId: appName,
    fingerprint: lines.join(FINGERPRINT_SEPARATOR),
    onSkipped: ({ path: file, error }) => {
      process.stderr.write(`sluice: skipped checkpoint ${file}: ${error.message}\n`);
      bus.post({ type: 'checkpointSkipped', path: file, reason: error.message });
    },
  });
  if (!recover) return { directory, checkpoint: undefined };
  try {
    const found = directory.recoverMetadata();
    return { directory, checkpoint: found.status === 'empty' ? undefined : (found.payload as MetadataCheckpoint) };
  } catch (e) {
    directory.close();
    if (e instanceof CheckpointMismatchError) {
      const difference = firstGraphDifference(e.foundFingerprint.split(FINGERPRINT_SEPARATOR), lines);
      throw new CheckpointMismatchError(
        e.path,
        e.expectedFingerprint,
        e.foundFingerprint,
        `${e.path} was written by a different program: ${difference ?? 'the graphs differ'}. Start with a new checkpoint directory, or run the program that wrote it`,
      );
    }
    throw e;
  }
}
