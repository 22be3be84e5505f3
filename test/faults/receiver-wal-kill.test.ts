// RELIABILITY S4: a receiver program killed with SIGKILL in the middle of a write-ahead log append
// restarts with every acknowledged record present, and unacknowledged ones present or absent, never garbled.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const APP = fileURLToPath(new URL('./fixtures/receiver-wal-app.ts', import.meta.url));
const GROUP_APP = fileURLToPath(new URL('./fixtures/receiver-wal-group-app.ts', import.meta.url));
const BLOCKS = 8;

function run(dir: string, crashAt?: string) {
  const env = { ...process.env };
  delete env.SLUICE_CRASH_AT;
  if (crashAt !== undefined) env.SLUICE_CRASH_AT = crashAt;
  const child = spawnSync(process.execPath, [APP, dir, String(BLOCKS)], { env, encoding: 'utf8' });
  if (child.status !== 0 && child.signal === null) assert.fail(`child failed: ${child.stderr}`);
  const acked: number[] = [];
  const seen: number[] = [];
  for (const line of child.stdout.split('\n')) {
    const ack = /^ACK (.*)$/.exec(line);
    if (ack !== null) acked.push(...ack[1].split(',').map(Number));
    const out = /^OUT \d+ (.*)$/.exec(line);
    if (out !== null) seen.push(...(JSON.parse(out[1]) as number[]));
  }
  return { signal: child.signal, acked, seen };
}

describe('SIGKILL during a receiver write-ahead log append, then restart', () => {
  for (const point of ['wal.afterWrite@4', 'wal.beforeFsync@6', 'wal.afterFsync@5']) {
    it(`killed at ${point}: every acknowledged record comes out, nothing garbled`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'sluice-wal-kill-'));
      const first = run(dir, point);
      assert.equal(first.signal, 'SIGKILL', `the child was killed at ${point}`);
      assert.ok(first.acked.length < BLOCKS * 3);
      const second = run(dir);
      assert.equal(second.signal, null);
      const all = [...first.seen, ...second.seen];
      for (const n of first.acked) assert.ok(all.includes(n), `acknowledged record ${n} is missing`);
      // Only whole blocks of numbers this program stored, each at most as often as batches ran again.
      const stored = new Set(Array.from({ length: BLOCKS * 3 }, (_, i) => i));
      for (const n of all) assert.ok(stored.has(n), `record ${n} was never stored`);
      const present = new Set(all);
      for (let b = 0; b < BLOCKS; b++) {
        const whole = [b * 3, b * 3 + 1, b * 3 + 2].filter((n) => present.has(n)).length;
        assert.ok(whole === 0 || whole === 3, `block ${b} came out in part (${whole} of 3 records)`);
      }
    });
  }
});

describe('write-ahead log group commit', () => {
  const runGroups = (dir: string, args: string[], crashAt?: string) => {
    const env = { ...process.env };
    delete env.SLUICE_CRASH_AT;
    if (crashAt !== undefined) env.SLUICE_CRASH_AT = crashAt;
    return spawnSync(process.execPath, [GROUP_APP, dir, '3', '4', ...args], { env, encoding: 'utf8' });
  };

  it('blocks stored in one turn share one fsync, and none is acknowledged before it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-wal-group-'));
    // Three groups of four concurrent stores: killed before the second fsync, so with one fsync per
    // group the first group is acknowledged and the second is not (one fsync per block would kill the
    // program inside the first group, before any acknowledgement).
    const first = runGroups(dir, [], 'wal.beforeFsync@2');
    assert.equal(first.signal, 'SIGKILL', first.stderr);
    assert.deepEqual(
      first.stdout.split('\n').filter((l) => l.startsWith('ACK')),
      ['ACK 0'],
    );
    const second = runGroups(dir, ['--drain']);
    assert.equal(second.status, 0, second.stderr);
    const out = /^OUT 1000 (.*)$/m.exec(second.stdout);
    assert.ok(out !== null, second.stdout);
    const records = JSON.parse(out[1]) as number[];
    // The acknowledged group is there; the second group was written but not fsynced when the process
    // died, which a process kill does not lose (the pages are the kernel's): present whole, in order.
    assert.deepEqual(records.slice(0, 4), [0, 1, 2, 3]);
    assert.deepEqual(records, [0, 1, 2, 3, 4, 5, 6, 7]);
  });
});
