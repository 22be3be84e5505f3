import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CheckpointDirectory, type LockHolder } from '../../src/checkpoint/index.ts';
import { tempDir } from './temp-dir.ts';

const options = { applicationId: 'app-a', fingerprint: 'graph-1' };

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('checkpoint directory lock', () => {
  it('refuses a second live owner, naming the holder, and frees the directory on close', () => {
    const path = tempDir();
    const first = CheckpointDirectory.open(path, options);
    assert.deepEqual(JSON.parse(readFileSync(join(path, 'sluice.lock'), 'utf8')), {
      pid: process.pid,
      host: hostname(),
    });
    assert.throws(
      () => CheckpointDirectory.open(path, options),
      (e: Error & { code?: string }) =>
        e.code === 'CHECKPOINT_LOCKED' && e.message.includes(`process ${process.pid} on host ${hostname()}`),
    );
    first.close();
    assert.equal(existsSync(join(path, 'sluice.lock')), false);
    CheckpointDirectory.open(path, options).close();
  });

  it('takes over the lock of a dead process on this host and reports it', () => {
    const path = tempDir();
    const pid = deadPid();
    CheckpointDirectory.open(path, options).close();
    writeFileSync(join(path, 'sluice.lock'), JSON.stringify({ pid, host: hostname() }));
    const taken: LockHolder[] = [];
    const dir = CheckpointDirectory.open(path, { ...options, onLockTakenOver: (h) => taken.push(h) });
    assert.deepEqual(taken, [{ pid, host: hostname() }]);
    assert.equal(JSON.parse(readFileSync(join(path, 'sluice.lock'), 'utf8')).pid, process.pid);
    dir.close();
  });

  it('respects a lock held from another host, whose process it cannot check', () => {
    const path = tempDir();
    CheckpointDirectory.open(path, options).close();
    writeFileSync(join(path, 'sluice.lock'), JSON.stringify({ pid: deadPid(), host: 'elsewhere' }));
    assert.throws(() => CheckpointDirectory.open(path, options), /on host elsewhere/);
  });
});
