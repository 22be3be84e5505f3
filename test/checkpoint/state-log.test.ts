import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  CheckpointDirectory,
  encodeEnvelope,
  type SkippedCheckpoint,
  type StateLog,
} from '../../src/checkpoint/index.ts';
import { cols, type Entry } from './columns.ts';
import { tempDir } from './temp-dir.ts';

const entry = (key: string, state: number, at = 0): Entry => ({ key, state, updatedAtMs: at });
const options = { applicationId: 'app-a', fingerprint: 'graph-1' };

function withLog<T>(path: string, use: (log: StateLog, skipped: SkippedCheckpoint[]) => T, retain = 2): T {
  const skipped: SkippedCheckpoint[] = [];
  const dir = CheckpointDirectory.open(path, { ...options, onSkipped: (s) => skipped.push(s) });
  try {
    return use(dir.stateLog('updateStateByKey-3', 1, { fullSnapshotEvery: 2, retainFullSnapshots: retain }), skipped);
  } finally {
    dir.close();
  }
}
const plain = (entries: Map<unknown, Entry> | undefined) =>
  Object.fromEntries([...(entries ?? new Map<unknown, Entry>())].map(([id, e]) => [id, e.state]));

describe('StateLog', () => {
  it('readChain lists the snapshot and the deltas after it, oldest first, without applying them', () => {
    const path = tempDir();
    withLog(path, (log) => {
      log.writeFull(1000, cols([entry('a', 1), entry('b', 2)]));
      log.writeDelta(2000, cols([entry('a', 10)]), []);
      log.writeDelta(3000, cols([]), ['b']);
    });
    withLog(path, (log) => {
      const chain = log.readChain(2500);
      assert.equal(chain?.version, 2000);
      assert.deepEqual(chain?.full.keys, ['a', 'b']);
      assert.deepEqual(chain?.full.states, [1, 2]);
      assert.deepEqual(
        chain?.deltas.map((d) => [
          d.version,
          d.changed.keys,
          d.changed.states,
          Array.from(d.changed.updatedAtMs),
          d.removed,
        ]),
        [[2000, ['a'], [10], [0], []]],
      );
      assert.deepEqual(
        log.readChain()?.deltas.map((d) => [d.version, d.removed]),
        [
          [2000, []],
          [3000, ['b']],
        ],
      );
    });
  });

  it('rebuilds state from a full snapshot and the deltas after it, at any version', () => {
    const path = tempDir();
    withLog(path, (log) => {
      assert.equal(log.readAt(), undefined);
      assert.equal(log.needsFullSnapshot, true);
      log.writeFull(1000, cols([entry('a', 1), entry('b', 2)]));
      assert.equal(log.needsFullSnapshot, false);
      log.writeDelta(2000, cols([entry('a', 10), entry('c', 3)]), []);
      log.writeDelta(3000, cols([]), ['b']);
      assert.equal(log.needsFullSnapshot, true);
    });
    withLog(path, (log) => {
      assert.deepEqual(plain(log.readAt()?.entries), { a: 10, c: 3 });
      assert.deepEqual(plain(log.readAt(2000)?.entries), { a: 10, b: 2, c: 3 });
      assert.deepEqual(plain(log.readAt(1500)?.entries), { a: 1, b: 2 });
      assert.equal(log.readAt(1500)?.version, 1000);
    });
  });

  it('writes a delta as only the changed entries', () => {
    const path = tempDir();
    withLog(path, (log) => {
      log.writeFull(1, cols(Array.from({ length: 2000 }, (_, i) => entry(`k${i}`, i))));
      log.writeDelta(2, cols([entry('k5', -5)]), ['k6']);
    });
    const dir = join(path, 'state', 'updateStateByKey-3', '1');
    const full = readFileSync(join(dir, 'full-1.ckpt')).length;
    const delta = readFileSync(join(dir, 'delta-2.ckpt')).length;
    assert.ok(delta < 200 && full > 20_000, `delta ${delta} bytes, full ${full} bytes`);
  });

  it('compacts: keeps the newest full snapshots and the deltas after the oldest kept one', () => {
    const path = tempDir();
    withLog(
      path,
      (log) => {
        log.writeFull(1, cols([entry('a', 1)]));
        log.writeDelta(2, cols([entry('a', 2)]), []);
        log.writeFull(3, cols([entry('a', 3)]));
        log.writeDelta(4, cols([entry('a', 4)]), []);
        assert.deepEqual(log.versions(), { full: [1, 3], delta: [2, 4] });
        log.writeFull(5, cols([entry('a', 5)]));
        assert.deepEqual(log.versions(), { full: [3, 5], delta: [4] });
        assert.deepEqual(plain(log.readAt(4)?.entries), { a: 4 });
      },
      2,
    );
  });

  it('ends the chain before a corrupt delta and reports it', () => {
    const path = tempDir();
    withLog(path, (log) => {
      log.writeFull(1, cols([entry('a', 1)]));
      log.writeDelta(2, cols([entry('a', 2)]), []);
      log.writeDelta(3, cols([entry('a', 3)]), []);
      log.writeDelta(4, cols([entry('a', 4)]), []);
    });
    const file = join(path, 'state', 'updateStateByKey-3', '1', 'delta-3.ckpt');
    const bytes = readFileSync(file);
    bytes[bytes.length - 8] ^= 0x40;
    writeFileSync(file, bytes);
    withLog(path, (log, skipped) => {
      const read = log.readAt();
      assert.equal(read?.version, 2);
      assert.deepEqual(plain(read?.entries), { a: 2 });
      assert.deepEqual(
        skipped.map((s) => [s.path, s.error.reason]),
        [[file, 'crc-mismatch']],
      );
      // Writing continues from the version reached; the abandoned files after it are removed first.
      log.writeDelta(3, cols([entry('a', 30)]), []);
      assert.deepEqual(log.versions(), { full: [1], delta: [2, 3] });
      assert.deepEqual(plain(log.readAt()?.entries), { a: 30 });
    });
  });

  it('detects a delta from an abandoned run that does not chain onto the snapshot before it', () => {
    const path = tempDir();
    const dir = join(path, 'state', 'updateStateByKey-3', '1');
    withLog(path, (log) => {
      log.writeFull(1, cols([entry('a', 1)]));
      log.writeDelta(2, cols([entry('a', 2)]), []);
      log.writeDelta(3, cols([entry('a', 3)]), []);
    });
    const abandonedDelta3 = readFileSync(join(dir, 'delta-3.ckpt'));
    withLog(path, (log) => {
      log.readAt(1);
      log.writeDelta(2, cols([entry('a', 20)]), []);
    });
    writeFileSync(join(dir, 'delta-3.ckpt'), abandonedDelta3);
    withLog(path, (log, skipped) => {
      assert.equal(log.readAt()?.version, 2);
      assert.equal(skipped[0].error.reason, 'broken-chain');
    });
  });

  it('falls back to an older full snapshot when the newest is corrupt; with none valid it refuses', () => {
    const path = tempDir();
    const dir = join(path, 'state', 'updateStateByKey-3', '1');
    withLog(path, (log) => {
      log.writeFull(1, cols([entry('a', 1)]));
      log.writeDelta(2, cols([entry('a', 2)]), []);
      log.writeFull(3, cols([entry('a', 3)]));
    });
    writeFileSync(join(dir, 'full-3.ckpt'), 'rotten');
    withLog(path, (log, skipped) => {
      assert.deepEqual(plain(log.readAt()?.entries), { a: 2 });
      assert.equal(skipped[0].error.reason, 'bad-magic');
    });
    writeFileSync(join(dir, 'full-1.ckpt'), 'rotten');
    withLog(path, (log) => {
      assert.throws(
        () => log.readAt(),
        (e: Error & { code?: string }) => e.code === 'NO_VALID_CHECKPOINT',
      );
    });
    assert.ok(readdirSync(dir).includes('delta-2.ckpt'));
  });

  it('refuses writes that would break the chain', () => {
    const path = tempDir();
    withLog(path, (log) => {
      assert.throws(() => log.writeDelta(1, cols([]), []), /full snapshot before the first delta/);
      log.writeFull(5, cols([]));
      assert.throws(() => log.writeDelta(5, cols([]), []), /greater than the head version 5/);
      assert.throws(() => log.writeFull(-1, cols([])), /non-negative safe integer/);
    });
    withLog(path, (log) => {
      assert.throws(() => log.writeDelta(6, cols([]), []), /call readAt before writing/);
    });
  });

  it('refuses columns of different lengths, and takes a file without well-formed columns as corrupt', () => {
    const path = tempDir();
    const dir = join(path, 'state', 'updateStateByKey-3', '1');
    withLog(path, (log) => {
      assert.throws(
        () => log.writeFull(1, { keys: ['a', 'b'], states: [1], updatedAtMs: [0, 0] }),
        (e: Error & { code?: string }) =>
          e.code === 'INVALID_ARGUMENT' && /2 keys, 1 states and 2 update times/.test(e.message),
      );
      log.writeFull(1, cols([entry('a', 1)]));
      log.writeFull(2, cols([entry('a', 2)]));
    });
    // An intact envelope (right CRC) whose payload has a state column one short.
    const bytes = encodeEnvelope(
      { kind: 'state-full', ...options, position: 2 },
      { keys: ['a'], states: [], updatedAtMs: new Float64Array(1) },
    );
    writeFileSync(join(dir, 'full-2.ckpt'), bytes);
    withLog(path, (log, skipped) => {
      assert.deepEqual(plain(log.readAt()?.entries), { a: 1 });
      assert.deepEqual(
        skipped.map((s) => s.error.reason),
        ['bad-header'],
      );
    });
  });
});
