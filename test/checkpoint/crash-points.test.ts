import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CheckpointDirectory, type LockHolder } from '../../src/checkpoint/index.ts';
import { cols } from './columns.ts';
import { tempDir } from './temp-dir.ts';

const options = { applicationId: 'crash-app', fingerprint: 'graph-1', retainCheckpoints: 1 };
const child = join(import.meta.dirname, 'fixtures', 'write-checkpoint.ts');

// Where the child dies, and what must be read back: the old checkpoint until the rename, the new one after
// it; never a partial file. The first hit of each point is the state delta, so `@2` and `@3` reach the
// metadata checkpoints.
const cases: [crashAt: string, batch: number, stateVersion: number][] = [
  ['checkpoint.afterTempWrite@2', 1000, 2000],
  ['checkpoint.afterFsync@2', 1000, 2000],
  ['checkpoint.afterRename@2', 2000, 2000],
  ['checkpoint.afterDirFsync@2', 2000, 2000],
  ['checkpoint.afterRetentionDelete', 2000, 2000],
  ['checkpoint.afterRename@3', 3000, 2000],
  ['checkpoint.afterTempWrite', 1000, 1000],
  ['checkpoint.afterDirFsync', 1000, 2000],
];

describe('crash points (SIGKILL in a child while a checkpoint is written)', () => {
  for (const [crashAt, batch, stateVersion] of cases) {
    it(`${crashAt}: reads back checkpoint ${batch} and state version ${stateVersion}, leftovers cleaned`, () => {
      const path = tempDir();
      const setup = CheckpointDirectory.open(path, options);
      setup.writeMetadata(1000, { batch: 1000 });
      setup.stateLog('op', 0).writeFull(1000, cols([{ key: 'a', state: 1, updatedAtMs: 1000 }]));
      setup.close();

      const run = spawnSync(process.execPath, [child, path], {
        env: { ...process.env, SLUICE_CRASH_AT: crashAt },
        encoding: 'utf8',
      });
      assert.equal(run.signal, 'SIGKILL', `child was not killed at ${crashAt}: ${run.stdout} ${run.stderr}`);

      const taken: LockHolder[] = [];
      const dir = CheckpointDirectory.open(path, { ...options, onLockTakenOver: (h) => taken.push(h) });
      try {
        assert.equal(taken.length, 1, 'the dead child’s lock is taken over');
        const recovered = dir.recoverMetadata();
        assert.ok(recovered.status === 'recovered');
        assert.deepEqual(recovered.payload, { batch });
        assert.deepEqual(recovered.skipped, []);
        const state = dir.stateLog('op', 0).readAt();
        assert.equal(state?.version, stateVersion);
        assert.deepEqual(state?.skipped, []);
        const names = [...readdirSync(path), ...readdirSync(join(path, 'state', 'op', '0'))];
        assert.deepEqual(
          names.filter((n) => n.endsWith('.tmp')),
          [],
        );
        if (crashAt.startsWith('checkpoint.afterTempWrite') || crashAt.startsWith('checkpoint.afterFsync')) {
          assert.equal(dir.removedTempFiles.length, 1);
        }
      } finally {
        dir.close();
      }
    });
  }

  it('runs to the end when no point is armed', () => {
    const path = tempDir();
    const setup = CheckpointDirectory.open(path, options);
    setup.stateLog('op', 0).writeFull(1000, cols([]));
    setup.close();
    const env = { ...process.env };
    delete env.SLUICE_CRASH_AT;
    const run = spawnSync(process.execPath, [child, path], { env, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, 'done\n');
  });
});
