import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CheckpointDirectory, type CheckpointFs, nodeCheckpointFs } from '../../src/checkpoint/index.ts';
import { CheckpointWriteError } from '../../src/core/index.ts';
import { tempDir } from './temp-dir.ts';

function failing(op: 'write' | 'fsync' | 'rename' | 'fsyncDirectory', code: string): CheckpointFs & { armed: boolean } {
  const fs = {
    ...nodeCheckpointFs,
    armed: false,
    [op]: (...args: unknown[]) => {
      if (fs.armed) throw Object.assign(new Error(`injected ${code}`), { code });
      return (nodeCheckpointFs[op] as (...a: unknown[]) => void)(...args);
    },
  };
  return fs;
}

describe('checkpoint write failures (injected file system)', () => {
  for (const [op, code] of [
    ['write', 'ENOSPC'],
    ['fsync', 'EIO'],
    ['rename', 'EROFS'],
  ] as const) {
    it(`${op} failing with ${code}: names path and errno, leaves no temp file, keeps the older checkpoint`, () => {
      const path = tempDir();
      const fs = failing(op, code);
      const dir = CheckpointDirectory.open(path, { applicationId: 'a', fingerprint: 'g', retainCheckpoints: 1, fs });
      try {
        dir.writeMetadata(1000, 'old');
        fs.armed = true;
        assert.throws(
          () => dir.writeMetadata(2000, 'new'),
          (e) =>
            e instanceof CheckpointWriteError &&
            e.code === 'CHECKPOINT_WRITE_FAILED' &&
            e.errno === code &&
            e.message.includes('checkpoint-2000-0.ckpt'),
        );
        fs.armed = false;
        assert.deepEqual(readdirSync(path).sort(), ['checkpoint-1000-0.ckpt', 'sluice.lock']);
        const recovered = dir.recoverMetadata();
        assert.ok(recovered.status === 'recovered' && recovered.payload === 'old');
      } finally {
        dir.close();
      }
    });
  }

  it('a failed directory fsync is reported and deletes nothing older', () => {
    const path = tempDir();
    const fs = failing('fsyncDirectory', 'EIO');
    const dir = CheckpointDirectory.open(path, { applicationId: 'a', fingerprint: 'g', retainCheckpoints: 1, fs });
    try {
      dir.writeMetadata(1000, 'old');
      fs.armed = true;
      assert.throws(
        () => dir.writeMetadata(2000, 'new'),
        /directory fsync of .*checkpoint-2000-0\.ckpt failed \(EIO\)/,
      );
      assert.ok(readdirSync(path).includes('checkpoint-1000-0.ckpt'));
    } finally {
      dir.close();
    }
  });
});
