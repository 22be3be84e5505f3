import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';

/**
 * The few file-system operations checkpoint files go through. Production uses {@link nodeCheckpointFs};
 * fault tests pass an implementation that fails a chosen operation with an errno (ENOSPC, EIO, EROFS),
 * which file permissions cannot simulate when tests run as root.
 */
export interface CheckpointFs {
  /** Creates (or truncates) a file for writing and returns its descriptor. */
  openForWrite(path: string): number;
  /** Writes all bytes at the current position. */
  write(fd: number, bytes: Uint8Array): void;
  fsync(fd: number): void;
  close(fd: number): void;
  /** Atomically replaces `to` with `from` (same directory). */
  rename(from: string, to: string): void;
  /** Makes the directory's entries (creations, renames) durable. */
  fsyncDirectory(path: string): void;
  unlink(path: string): void;
  readFile(path: string): Uint8Array;
  /** Entry names of a directory; an absent directory (or a file) reads as empty. */
  readdir(path: string): string[];
  /** Creates a directory and its missing parents. */
  mkdir(path: string): void;
}

/** {@link CheckpointFs} over `node:fs`, synchronous. */
export const nodeCheckpointFs: CheckpointFs = {
  openForWrite: (path) => openSync(path, 'w'),
  write(fd, bytes) {
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
  },
  fsync: (fd) => fsyncSync(fd),
  close: (fd) => closeSync(fd),
  rename: (from, to) => renameSync(from, to),
  fsyncDirectory(path) {
    const fd = openSync(path, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  },
  unlink: (path) => unlinkSync(path),
  readFile: (path) => readFileSync(path),
  readdir(path) {
    try {
      return readdirSync(path);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return [];
      throw error;
    }
  },
  mkdir: (path) => {
    mkdirSync(path, { recursive: true });
  },
};
