import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  CheckpointDirectory,
  type CheckpointDirectoryOptions,
  type SkippedCheckpoint,
} from '../../src/checkpoint/index.ts';
import { cols } from './columns.ts';
import { tempDir } from './temp-dir.ts';

const options: CheckpointDirectoryOptions = { applicationId: 'app-a', fingerprint: 'graph-1' };

function withDirectory<T>(
  path: string,
  extra: Partial<CheckpointDirectoryOptions>,
  use: (d: CheckpointDirectory) => T,
) {
  const dir = CheckpointDirectory.open(path, { ...options, ...extra });
  try {
    return use(dir);
  } finally {
    dir.close();
  }
}

describe('CheckpointDirectory', () => {
  it('distinguishes a new directory (nothing to recover) from a recovered checkpoint', () => {
    const path = join(tempDir(), 'nested', 'ckpt');
    withDirectory(path, {}, (dir) => assert.deepEqual(dir.recoverMetadata(), { status: 'empty' }));
    withDirectory(path, {}, (dir) => {
      dir.writeMetadata(1000, { offsets: new Map([['topic-0', 10n]]), pending: [1000] });
      dir.writeMetadata(2000, { offsets: new Map([['topic-0', 25n]]), pending: [] });
    });
    withDirectory(path, {}, (dir) => {
      const recovered = dir.recoverMetadata();
      assert.equal(recovered.status, 'recovered');
      if (recovered.status !== 'recovered') return;
      assert.equal(recovered.checkpoint.batchTimeMs, 2000);
      assert.deepEqual(recovered.payload, { offsets: new Map([['topic-0', 25n]]), pending: [] });
      assert.deepEqual(recovered.skipped, []);
    });
  });

  it('orders checkpoints by batch time then sequence, so a completion checkpoint follows its generation one', () => {
    withDirectory(tempDir(), {}, (dir) => {
      dir.writeMetadata(3000, 'generated 3000');
      dir.writeMetadata(2000, 'late writer of 2000');
      dir.writeMetadata(3000, 'completed 3000');
      assert.deepEqual(
        dir.listMetadata().map((f) => f.name),
        ['checkpoint-3000-1.ckpt', 'checkpoint-3000-0.ckpt', 'checkpoint-2000-0.ckpt'],
      );
      const recovered = dir.recoverMetadata();
      assert.ok(recovered.status === 'recovered' && recovered.payload === 'completed 3000');
    });
  });

  it('falls back past corrupt checkpoints, reporting each by name and reason', () => {
    const path = tempDir();
    withDirectory(path, {}, (dir) => {
      for (const t of [1000, 2000, 3000]) dir.writeMetadata(t, { t });
    });
    const newest = join(path, 'checkpoint-3000-0.ckpt');
    const bytes = readFileSync(newest);
    bytes[bytes.length - 10] ^= 0xff;
    writeFileSync(newest, bytes);
    writeFileSync(
      join(path, 'checkpoint-2000-0.ckpt'),
      readFileSync(join(path, 'checkpoint-2000-0.ckpt')).subarray(0, 7),
    );
    const seen: SkippedCheckpoint[] = [];
    withDirectory(path, { onSkipped: (s) => seen.push(s) }, (dir) => {
      const recovered = dir.recoverMetadata();
      assert.ok(recovered.status === 'recovered');
      assert.deepEqual(recovered.payload, { t: 1000 });
      assert.deepEqual(
        recovered.skipped.map((s) => [s.path, s.error.code, s.error.reason]),
        [
          [newest, 'CHECKPOINT_CORRUPT', 'crc-mismatch'],
          [join(path, 'checkpoint-2000-0.ckpt'), 'CHECKPOINT_CORRUPT', 'truncated'],
        ],
      );
      assert.deepEqual(seen, recovered.skipped);
      assert.match(seen[0].error.message, /checkpoint-3000-0\.ckpt is corrupt \(crc-mismatch\)/);
    });
  });

  it('refuses to start fresh when checkpoints exist but none is valid', () => {
    const path = tempDir();
    withDirectory(path, {}, (dir) => dir.writeMetadata(1000, 'x'));
    writeFileSync(join(path, 'checkpoint-1000-0.ckpt'), 'garbage');
    withDirectory(path, {}, (dir) => {
      assert.throws(
        () => dir.recoverMetadata(),
        (e: Error & { code?: string }) =>
          e.code === 'NO_VALID_CHECKPOINT' && /checkpoint-1000-0\.ckpt is corrupt \(bad-magic\)/.test(e.message),
      );
    });
  });

  it('detects a file renamed to another batch time', () => {
    const path = tempDir();
    withDirectory(path, {}, (dir) => dir.writeMetadata(1000, 'x'));
    writeFileSync(join(path, 'checkpoint-5000-0.ckpt'), readFileSync(join(path, 'checkpoint-1000-0.ckpt')));
    withDirectory(path, {}, (dir) => {
      const recovered = dir.recoverMetadata();
      assert.ok(recovered.status === 'recovered' && recovered.checkpoint.batchTimeMs === 1000);
      assert.equal(recovered.skipped[0].error.reason, 'name-mismatch');
    });
  });

  it('keeps the newest N valid checkpoints and deletes older ones only after a newer one is written', () => {
    const path = tempDir();
    withDirectory(path, { retainCheckpoints: 2 }, (dir) => {
      for (const t of [1000, 2000, 3000, 4000]) dir.writeMetadata(t, t);
      assert.deepEqual(
        dir.listMetadata().map((f) => f.batchTimeMs),
        [4000, 3000],
      );
    });
  });

  it('never lets corrupt newer files push the last valid checkpoint out of retention', () => {
    const path = tempDir();
    withDirectory(path, { retainCheckpoints: 1 }, (dir) => dir.writeMetadata(1000, 'valid'));
    // Corrupt files sort newer than anything written next.
    writeFileSync(join(path, 'checkpoint-9000-0.ckpt'), 'rotten');
    writeFileSync(join(path, 'checkpoint-8000-0.ckpt'), 'rotten');
    withDirectory(path, { retainCheckpoints: 1 }, (dir) => {
      dir.writeMetadata(2000, 'newer valid');
      assert.deepEqual(
        dir.listMetadata().map((f) => f.batchTimeMs),
        [9000, 8000, 2000],
      );
      const recovered = dir.recoverMetadata();
      assert.ok(recovered.status === 'recovered' && recovered.payload === 'newer valid');
      assert.equal(recovered.skipped.length, 2);
    });
  });

  it('removes temp files of interrupted writes when opened', () => {
    const path = tempDir();
    withDirectory(path, {}, (dir) => dir.stateLog('op-1', 0).writeFull(1, cols([])));
    const leftovers = [
      join(path, '.checkpoint-1000-0.ckpt.123.0.tmp'),
      join(path, 'state', 'op-1', '0', '.full-2.ckpt.9.1.tmp'),
    ];
    for (const f of leftovers) writeFileSync(f, 'partial');
    withDirectory(path, {}, (dir) => {
      assert.deepEqual([...dir.removedTempFiles].sort(), [...leftovers].sort());
      assert.deepEqual(readdirSync(path).sort(), ['sluice.lock', 'state']);
      assert.deepEqual(readdirSync(join(path, 'state', 'op-1', '0')), ['full-1.ckpt']);
    });
  });

  it('rejects bad arguments with the option named', () => {
    const path = tempDir();
    assert.throws(() => CheckpointDirectory.open(path, { ...options, retainCheckpoints: 0 }), /retainCheckpoints/);
    assert.throws(() => CheckpointDirectory.open(path, { ...options, applicationId: '' }), /applicationId/);
    withDirectory(path, {}, (dir) => {
      assert.throws(() => dir.writeMetadata(-1, 'x'), /batchTimeMs/);
      assert.throws(() => dir.writeMetadata(1.5, 'x'), /batchTimeMs/);
      assert.throws(() => dir.stateLog('../escape', 0), /operatorId/);
      assert.throws(() => dir.stateLog('op', -1), /partition/);
    });
  });
});
