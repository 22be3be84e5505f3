// RELIABILITY S1/S2: a stateful program killed with SIGKILL at a checkpoint write step recovers from its
// checkpoint directory with exactly-once state: every batch after the restart equals the uninterrupted
// run's, and no batch is skipped.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const APP = fileURLToPath(new URL('./fixtures/counting-app.ts', import.meta.url));
const TOTAL = 12;

function run(
  dir: string,
  crashAt?: string,
): { signal: NodeJS.Signals | null; status: number | null; out: Map<number, string> } {
  const env = { ...process.env };
  delete env.SLUICE_CRASH_AT;
  if (crashAt !== undefined) env.SLUICE_CRASH_AT = crashAt;
  const child = spawnSync(process.execPath, [APP, dir, String(TOTAL)], { env, encoding: 'utf8' });
  const out = new Map<number, string>();
  for (const line of child.stdout.split('\n')) {
    const m = /^OUT (\d+) (.*)$/.exec(line);
    if (m !== null) out.set(Number(m[1]), m[2]);
  }
  if (child.status !== 0 && child.signal === null) assert.fail(`child failed: ${child.stderr}`);
  return { signal: child.signal, status: child.status, out };
}

describe('SIGKILL during a checkpoint write, then restart', () => {
  const reference = run(mkdtempSync(join(tmpdir(), 'sluice-kill-'))).out;

  it('the uninterrupted run outputs every batch', () => {
    assert.deepEqual(
      [...reference.keys()],
      Array.from({ length: TOTAL }, (_, i) => (i + 1) * 1000),
    );
  });

  const points = [
    'checkpoint.afterTempWrite@5',
    'checkpoint.afterFsync@8',
    'checkpoint.afterRename@11',
    'checkpoint.afterDirFsync@14',
    'checkpoint.afterRename@17',
  ];
  for (const point of points) {
    it(`killed at ${point}: the restarted run continues with exactly-once state`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'sluice-kill-'));
      const first = run(dir, point);
      assert.equal(first.signal, 'SIGKILL', `the child was killed at ${point}`);
      assert.ok(first.out.size < TOTAL);
      const second = run(dir);
      assert.equal(second.status, 0);
      const times = [...second.out.keys()];
      // No gap: the restart resumes at or before the first batch the killed run did not output.
      assert.ok(times[0] <= (first.out.size + 1) * 1000, `restart at ${times[0]} after ${first.out.size} batches`);
      assert.equal(times[times.length - 1], TOTAL * 1000);
      for (const [time, line] of [...first.out, ...second.out]) {
        assert.equal(line, reference.get(time), `batch ${time} after a kill at ${point}`);
      }
    });
  }
});
