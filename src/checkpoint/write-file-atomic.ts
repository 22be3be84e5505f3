import { basename, dirname, join } from 'node:path';
import { CheckpointWriteError, crashPoint } from '../core/index.ts';
import { type CheckpointFs, nodeCheckpointFs } from './checkpoint-fs.ts';

let tempCounter = 0;

/** Whether a directory entry is a temp file left by {@link writeFileAtomic} (or the lock) of some process. */
export function isTempFileName(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp');
}

/**
 * Writes a file so that, after a crash at any moment, the path holds either its old content or the
 * complete new content: temp file in the same directory → write → fsync → rename → fsync the directory
 * (the rename is durable only once the directory is synced). A failure removes the temp file.
 *
 * @throws {CheckpointWriteError} naming the path, the failed step and the errno.
 */
export function writeFileAtomic(path: string, bytes: Uint8Array, fs: CheckpointFs = nodeCheckpointFs): void {
  const directory = dirname(path);
  const temp = join(directory, `.${basename(path)}.${process.pid}.${tempCounter++}.tmp`);
  let fd: number | undefined;
  let step = 'create';
  try {
    fd = fs.openForWrite(temp);
    step = 'write';
    fs.write(fd, bytes);
    crashPoint('checkpoint.afterTempWrite');
    step = 'fsync';
    fs.fsync(fd);
    step = 'close';
    const open = fd;
    fd = undefined;
    fs.close(open);
    crashPoint('checkpoint.afterFsync');
    step = 'rename';
    fs.rename(temp, path);
  } catch (error) {
    if (fd !== undefined) ignoreErrors(() => fs.close(fd as number));
    ignoreErrors(() => fs.unlink(temp));
    throw new CheckpointWriteError(path, step, error);
  }
  crashPoint('checkpoint.afterRename');
  try {
    fs.fsyncDirectory(directory);
  } catch (error) {
    throw new CheckpointWriteError(path, 'directory fsync', error);
  }
  crashPoint('checkpoint.afterDirFsync');
}

function ignoreErrors(action: () => void): void {
  try {
    action();
  } catch {
    // The original failure is the one worth reporting.
  }
}
