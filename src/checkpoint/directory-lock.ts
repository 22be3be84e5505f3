import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { CheckpointLockedError, CheckpointWriteError } from '../core/index.ts';

/** The process named in a directory's lock file. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
}

const LOCK_NAME = 'sluice.lock';

/**
 * One live process per checkpoint directory (Spark has no such guard; two drivers on one directory
 * interleave checkpoints, SPARK-11267). The lock file holds the owner's pid and host and is created
 * complete in one step (hard link of a finished temp file), so it is never seen half written. A lock whose
 * pid is dead on this host is taken over; a lock from another host cannot be checked and is respected.
 */
export class DirectoryLock {
  readonly path: string;
  private released = false;

  private constructor(path: string) {
    this.path = path;
  }

  /**
   * @throws {CheckpointLockedError} when a live process (this one included) holds the lock.
   * @throws {CheckpointWriteError} when the lock file cannot be written.
   */
  static acquire(directory: string, onTakeOver?: (previous: LockHolder) => void): DirectoryLock {
    const path = join(directory, LOCK_NAME);
    const me: LockHolder = { pid: process.pid, host: hostname() };
    const temp = join(directory, `.${LOCK_NAME}.${process.pid}.tmp`);
    try {
      writeFileSync(temp, JSON.stringify(me), { flush: true });
    } catch (error) {
      throw new CheckpointWriteError(temp, 'lock write', error);
    }
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          linkSync(temp, path);
          return new DirectoryLock(path);
        } catch (error) {
          if ((error as { code?: unknown }).code !== 'EEXIST') throw new CheckpointWriteError(path, 'lock', error);
        }
        const holder = readHolder(path);
        if (holder === 'absent') continue;
        if (holder !== 'unreadable' && (holder.host !== me.host || isAlive(holder.pid))) {
          throw new CheckpointLockedError(directory, holder.pid, holder.host);
        }
        renameSync(temp, path);
        const now = readHolder(path);
        if (now === 'absent' || now === 'unreadable' || now.pid !== me.pid || now.host !== me.host) {
          const other = now === 'absent' || now === 'unreadable' ? { pid: -1, host: 'unknown' } : now;
          throw new CheckpointLockedError(directory, other.pid, other.host);
        }
        onTakeOver?.(holder === 'unreadable' ? { pid: -1, host: 'unknown' } : holder);
        return new DirectoryLock(path);
      }
      const last = readHolder(path);
      const other = last === 'absent' || last === 'unreadable' ? { pid: -1, host: 'unknown' } : last;
      throw new CheckpointLockedError(directory, other.pid, other.host);
    } finally {
      try {
        unlinkSync(temp);
      } catch {
        // Already renamed into place.
      }
    }
  }

  /** Removes the lock file if it is still this process's. Idempotent. */
  release(): void {
    if (this.released) return;
    this.released = true;
    const holder = readHolder(this.path);
    if (holder === 'absent' || holder === 'unreadable' || holder.pid !== process.pid || holder.host !== hostname()) {
      return;
    }
    unlinkSync(this.path);
  }
}

function readHolder(path: string): LockHolder | 'absent' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return 'absent';
    return 'unreadable';
  }
  try {
    const parsed = JSON.parse(text) as { pid?: unknown; host?: unknown };
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string')
      return { pid: parsed.pid, host: parsed.host };
  } catch {
    // Falls through: not a lock this code wrote.
  }
  return 'unreadable';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === 'EPERM';
  }
}
