import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { crc32 } from 'node:zlib';
import { CheckpointDirectory, decodeEnvelope, encodeEnvelope } from '../../src/checkpoint/index.ts';
import { CheckpointCorruptError, SluiceError } from '../../src/core/index.ts';
import { tempDir } from './temp-dir.ts';

const app = { applicationId: 'app-a', fingerprint: 'graph-1' };
const newestPayload = { batch: 2000, offsets: new Map([['t-0', 99n]]), note: 'x'.repeat(64) };

function foreignBytes(fields: Partial<typeof app>): Uint8Array {
  return encodeEnvelope({ kind: 'metadata', ...app, ...fields, position: 2000 }, newestPayload);
}

function withCrc(bytes: Uint8Array): Uint8Array {
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(bytes.length - 4, crc32(bytes.subarray(0, bytes.length - 4)));
  return bytes;
}

function flip(at: (b: Uint8Array) => number) {
  return (b: Uint8Array) => {
    const copy = Uint8Array.from(b);
    copy[at(copy)] ^= 0x10;
    return copy;
  };
}

type Outcome = { fallback: true; reason: string; code?: string } | { fallback: false; code: string; message?: RegExp };

// Each row mutates the newest of two valid checkpoints; corrupt files and files of another application
// fall back to the older one, files of this application that cannot be used (future format, another
// graph) stop recovery.
const table: [string, (b: Uint8Array) => Uint8Array, Outcome][] = [
  ['flip a magic byte', flip(() => 1), { fallback: true, reason: 'bad-magic' }],
  ['flip the format version byte', flip(() => 5), { fallback: true, reason: 'crc-mismatch' }],
  ['flip the declared length', flip(() => 10), { fallback: true, reason: 'truncated' }],
  ['flip the kind byte', flip(() => 12), { fallback: true, reason: 'crc-mismatch' }],
  ['flip the position', flip(() => 31), { fallback: true, reason: 'crc-mismatch' }],
  ['flip a payload byte', flip((b) => b.length - 20), { fallback: true, reason: 'crc-mismatch' }],
  ['flip the CRC trailer', flip((b) => b.length - 1), { fallback: true, reason: 'crc-mismatch' }],
  ['truncate to 0 bytes', () => new Uint8Array(0), { fallback: true, reason: 'truncated' }],
  ['truncate to 1 byte', (b) => b.subarray(0, 1), { fallback: true, reason: 'truncated' }],
  ['truncate to half', (b) => b.subarray(0, b.length >> 1), { fallback: true, reason: 'truncated' }],
  ['truncate by one byte', (b) => b.subarray(0, b.length - 1), { fallback: true, reason: 'truncated' }],
  ['append garbage', (b) => Buffer.concat([b, Buffer.from('garbage')]), { fallback: true, reason: 'trailing-bytes' }],
  [
    'a state snapshot under a metadata name',
    () => encodeEnvelope({ kind: 'state-full', ...app, position: 2000 }, { entries: [] }),
    { fallback: true, reason: 'unexpected-kind' },
  ],
  [
    "another application's checkpoint",
    () => foreignBytes({ applicationId: 'app-b' }),
    { fallback: true, reason: 'foreign-application', code: 'CHECKPOINT_FOREIGN_APPLICATION' },
  ],
  [
    'a future format version',
    (b) => {
      const copy = Uint8Array.from(b);
      new DataView(copy.buffer).setUint16(4, 7);
      return withCrc(copy);
    },
    { fallback: false, code: 'CHECKPOINT_VERSION_UNSUPPORTED', message: /format version 7; .*up to 1/ },
  ],
  [
    'a changed graph fingerprint',
    () => foreignBytes({ fingerprint: 'graph-2' }),
    { fallback: false, code: 'CHECKPOINT_GRAPH_MISMATCH', message: /fingerprint 'graph-2', this graph 'graph-1'/ },
  ],
];

describe('checkpoint corruption table', () => {
  for (const [name, mutate, outcome] of table) {
    it(`${name} → ${outcome.fallback ? `${outcome.code ?? 'CHECKPOINT_CORRUPT'} (${outcome.reason}), older checkpoint used` : outcome.code}`, () => {
      const path = tempDir();
      const setup = CheckpointDirectory.open(path, app);
      setup.writeMetadata(1000, { batch: 1000 });
      const newest = setup.writeMetadata(2000, newestPayload);
      setup.close();
      writeFileSync(newest.path, mutate(readFileSync(newest.path)));
      const dir = CheckpointDirectory.open(path, app);
      try {
        if (outcome.fallback) {
          const recovered = dir.recoverMetadata();
          assert.ok(recovered.status === 'recovered');
          assert.deepEqual(recovered.payload, { batch: 1000 });
          assert.equal(recovered.skipped.length, 1);
          const { error } = recovered.skipped[0];
          assert.equal(error.code, outcome.code ?? 'CHECKPOINT_CORRUPT');
          assert.equal(error.reason, outcome.reason);
          assert.ok(error.message.includes(newest.path));
        } else {
          assert.throws(
            () => dir.recoverMetadata(),
            (e) =>
              e instanceof SluiceError &&
              e.code === outcome.code &&
              e.message.includes(newest.path) &&
              (outcome.message === undefined || outcome.message.test(e.message)),
          );
        }
      } finally {
        dir.close();
      }
    });
  }

  it('never accepts a randomly truncated or bit-flipped file (seeded)', () => {
    const original = encodeEnvelope({ kind: 'metadata', ...app, position: 2000 }, newestPayload);
    const seed = 20240601;
    let state = seed;
    const next = (bound: number) => {
      // mulberry32
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) % bound;
    };
    for (let round = 0; round < 3000; round++) {
      let bytes = Uint8Array.from(original);
      const mode = next(3);
      if (mode === 0) bytes = bytes.subarray(0, next(bytes.length));
      else {
        const flips = 1 + next(mode === 1 ? 1 : 8);
        for (let i = 0; i < flips; i++) bytes[next(bytes.length)] ^= 1 << next(8);
        if (Buffer.compare(Buffer.from(bytes), Buffer.from(original)) === 0) continue;
      }
      assert.throws(
        () => decodeEnvelope(bytes, 'mutated', { kind: 'metadata', ...app }),
        CheckpointCorruptError,
        `seed ${seed} round ${round} (mode ${mode}) was accepted or misreported`,
      );
    }
  });

  it('reads back every field of an intact envelope', () => {
    const bytes = encodeEnvelope({ kind: 'state-delta', ...app, position: 2 ** 53 - 1 }, [1, 'two']);
    const decoded = decodeEnvelope(bytes, join('x', 'y'));
    assert.deepEqual(decoded.header, {
      formatVersion: 1,
      kind: 'state-delta',
      ...app,
      position: 2 ** 53 - 1,
    });
    assert.deepEqual(decoded.payload, [1, 'two']);
    assert.throws(() => encodeEnvelope({ kind: 'metadata', ...app, position: -1 }, 1), /non-negative safe integer/);
  });
});
