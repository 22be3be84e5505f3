// RELIABILITY S4, table-driven over a real log directory: every segment frame is [length u32][CRC-32
// u32][payload]; a bad frame in the newest segment ends reading there and is reported (and cut off); a bad
// frame in an older, sealed segment is an error naming the segment and the offset; a record truncated by
// one byte drops only that record; garbage after the last record is ignored; missing files read as empty.
import assert from 'node:assert/strict';
import {
  appendFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SourceReadError, StreamingContext, WriteAheadLogCorruptError } from '../../src/index.ts';
import { EventLog } from '../support/events.ts';
import { receiverProgram } from './fixtures.ts';

/** How the three blocks [1], [2], [3] lie on disk: all in one segment, or one segment each. */
type Layout = 'one segment' | 'three segments';

interface Damage {
  readonly name: string;
  readonly layout: Layout;
  /** Changes the files; `frames[s]` are the frame offsets of segment `s` (oldest first) before the damage. */
  readonly damage: (segments: readonly string[], frames: readonly number[][]) => void;
  /** The blocks the first batch after the restart reads, with the dropped tail reported (or none)... */
  readonly expect:
    | {
        readonly blocks: number[][];
        readonly dropped?: (segments: readonly string[], frames: readonly number[][]) => DroppedTail;
      }
    /** ...or the error the restart fails with. */
    | { readonly refused: (segments: readonly string[], frames: readonly number[][]) => Refusal };
}

interface DroppedTail {
  readonly segment: string;
  readonly offset: number;
  readonly reason: string;
  readonly bytes: number;
}

interface Refusal {
  readonly segment: string;
  readonly offset: number;
  readonly reason: string;
}

const segmentBytes = (layout: Layout) => (layout === 'one segment' ? 1 << 20 : 1);
const walDir = (dir: string) => join(dir, 'receivedData', '0');
const size = (path: string) => readFileSync(path).length;

/** The offsets of the frames of a segment, from their length fields. */
function frameOffsets(path: string): number[] {
  const bytes = readFileSync(path);
  const offsets: number[] = [];
  for (let at = 0; at < bytes.length; at += 8 + bytes.readUInt32BE(at)) offsets.push(at);
  return offsets;
}

function flipByte(path: string, at: number): void {
  const bytes = readFileSync(path);
  bytes[at] ^= 0x5a;
  writeFileSync(path, bytes);
}

function program(dir: string, layout: Layout) {
  let made: ReturnType<typeof receiverProgram<number>> | undefined;
  const ssc = StreamingContext.getOrCreate(dir, () => {
    made = receiverProgram<number>({ writeAheadLog: true, writeAheadLogSegmentBytes: segmentBytes(layout) }, 0, dir);
    return made.ssc;
  });
  assert.ok(made !== undefined && made.ssc === ssc);
  return made;
}

/** Writes blocks [1], [2], [3] and stops hard, so they are in the log and in no batch. */
async function writeLog(layout: Layout): Promise<{ dir: string; segments: string[]; frames: number[][] }> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-wal-table-'));
  const first = program(dir, layout);
  first.ssc.start();
  for (const n of [1, 2, 3]) await first.receiver.storeAll([n]);
  await first.ssc.stop({ stopGracefully: false });
  const segments = readdirSync(walDir(dir))
    .filter((f) => f.endsWith('.wal'))
    .sort()
    .map((f) => join(walDir(dir), f));
  assert.equal(segments.length, layout === 'one segment' ? 1 : 3);
  return { dir, segments, frames: segments.map(frameOffsets) };
}

const last = <T>(xs: readonly T[]): T => xs[xs.length - 1];

const table: Damage[] = [
  { name: 'intact', layout: 'one segment', damage: () => {}, expect: { blocks: [[1], [2], [3]] } },
  {
    name: 'newest segment truncated by one byte: only the last record is dropped',
    layout: 'one segment',
    damage: ([s]) => truncateSync(s, size(s) - 1),
    expect: {
      blocks: [[1], [2]],
      dropped: ([s], [f]) => ({ segment: s, offset: f[2], reason: 'truncated-payload', bytes: size(s) - f[2] }),
    },
  },
  {
    name: 'newest segment cut inside the last frame header',
    layout: 'one segment',
    damage: ([s], [f]) => truncateSync(s, f[2] + 5),
    expect: {
      blocks: [[1], [2]],
      dropped: ([s], [f]) => ({ segment: s, offset: f[2], reason: 'truncated-header', bytes: 5 }),
    },
  },
  {
    name: 'text garbage after the last record is ignored',
    layout: 'one segment',
    damage: ([s]) => appendFileSync(s, 'garbage after the end'),
    expect: {
      blocks: [[1], [2], [3]],
      dropped: ([s]) => ({ segment: s, offset: size(s) - 21, reason: 'truncated-payload', bytes: 21 }),
    },
  },
  {
    name: 'zeros after the last record (a file extended but not written) are ignored',
    layout: 'one segment',
    damage: ([s]) => appendFileSync(s, Buffer.alloc(64)),
    expect: {
      blocks: [[1], [2], [3]],
      dropped: ([s]) => ({ segment: s, offset: size(s) - 64, reason: 'crc-mismatch', bytes: 64 }),
    },
  },
  {
    name: 'three stray bytes after the last record are ignored',
    layout: 'one segment',
    damage: ([s]) => appendFileSync(s, Buffer.from([1, 2, 3])),
    expect: {
      blocks: [[1], [2], [3]],
      dropped: ([s]) => ({ segment: s, offset: size(s) - 3, reason: 'truncated-header', bytes: 3 }),
    },
  },
  {
    name: 'a flipped payload byte in the last record of the newest segment drops that record',
    layout: 'one segment',
    damage: ([s]) => flipByte(s, size(s) - 1),
    expect: {
      blocks: [[1], [2]],
      dropped: ([s], [f]) => ({ segment: s, offset: f[2], reason: 'crc-mismatch', bytes: size(s) - f[2] }),
    },
  },
  {
    name: 'a damaged length in the middle of the newest segment stops reading there',
    layout: 'one segment',
    damage: ([s], [f]) => {
      const bytes = readFileSync(s);
      bytes.writeUInt32BE(bytes.readUInt32BE(f[1]) - 1, f[1]);
      writeFileSync(s, bytes);
    },
    expect: {
      blocks: [[1]],
      dropped: ([s], [f]) => ({ segment: s, offset: f[1], reason: 'crc-mismatch', bytes: size(s) - f[1] }),
    },
  },
  {
    name: 'the newest of three segments truncated by one byte drops only its record',
    layout: 'three segments',
    damage: (s) => truncateSync(last(s), size(last(s)) - 1),
    expect: {
      blocks: [[1], [2]],
      dropped: (s) => ({ segment: last(s), offset: 0, reason: 'truncated-payload', bytes: size(last(s)) }),
    },
  },
  {
    name: 'a sealed segment with a flipped payload byte is refused',
    layout: 'three segments',
    damage: (s) => flipByte(s[1], size(s[1]) - 1),
    expect: { refused: (s) => ({ segment: s[1], offset: 0, reason: 'crc-mismatch' }) },
  },
  {
    name: 'a sealed segment truncated by one byte is refused',
    layout: 'three segments',
    damage: (s) => truncateSync(s[0], size(s[0]) - 1),
    expect: { refused: (s) => ({ segment: s[0], offset: 0, reason: 'truncated-payload' }) },
  },
  {
    name: 'garbage after the last record of a sealed segment is refused',
    layout: 'three segments',
    damage: (s) => appendFileSync(s[1], 'garbage'),
    expect: { refused: (s) => ({ segment: s[1], offset: size(s[1]) - 7, reason: 'truncated-header' }) },
  },
  {
    name: 'a sealed segment truncated to nothing is refused',
    layout: 'three segments',
    damage: (s) => truncateSync(s[0], 0),
    expect: { refused: (s) => ({ segment: s[0], offset: 0, reason: 'empty-segment' }) },
  },
  {
    name: 'a missing sealed segment reads as empty',
    layout: 'three segments',
    damage: (s) => unlinkSync(s[0]),
    expect: { blocks: [[2], [3]] },
  },
  {
    name: 'a missing log directory reads as empty',
    layout: 'three segments',
    damage: (s) => rmSync(join(s[0], '..'), { recursive: true }),
    expect: { blocks: [] },
  },
];

describe('receiver write-ahead log: damaged files', () => {
  for (const row of table) {
    it(`${row.layout}: ${row.name}`, async () => {
      const { dir, segments, frames } = await writeLog(row.layout);
      row.damage(segments, frames);
      const again = program(dir, row.layout);
      if ('refused' in row.expect) {
        const want = row.expect.refused(segments, frames);
        assert.throws(
          () => again.ssc.start(),
          (e: unknown) => {
            assert.ok(e instanceof WriteAheadLogCorruptError, String(e));
            assert.equal(e.code, 'WAL_CORRUPT');
            assert.deepEqual({ segment: e.segment, offset: e.offset, reason: e.reason }, want);
            assert.ok(e.message.includes(`${want.segment} is corrupt at byte offset ${want.offset}`), e.message);
            return true;
          },
        );
        return;
      }
      const wantDropped = row.expect.dropped?.(segments, frames);
      const log = new EventLog(again.ssc);
      again.ssc.start();
      const dropped = log.of('writeAheadLogTailDropped').map(({ segment, offset, reason, bytes }) => ({
        segment,
        offset,
        reason,
        bytes,
      }));
      assert.deepEqual(dropped, wantDropped === undefined ? [] : [wantDropped]);
      again.clock.advance(1000);
      await log.batchCompleted(1000);
      assert.deepEqual(again.batches.get(1000), row.expect.blocks);
      await again.ssc.stop();
      if (wantDropped !== undefined) {
        // The cut is durable (a segment cut to nothing is removed): it reads cleanly on the next start.
        const exists = readdirSync(walDir(dir)).some((f) => join(walDir(dir), f) === wantDropped.segment);
        assert.equal(exists ? size(wantDropped.segment) : 0, wantDropped.offset);
        const third = program(dir, row.layout);
        third.ssc.start();
        await third.ssc.stop({ stopGracefully: false });
      }
    });
  }

  it('a missing segment holding a block of a batch that runs again is refused, naming the block and the batch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-wal-table-'));
    const first = program(dir, 'three segments');
    const log = new EventLog(first.ssc);
    first.ssc.start();
    await first.receiver.storeAll([1]);
    first.clock.advance(1000);
    await log.batchCompleted(1000);
    await first.ssc.stop({ stopGracefully: false });
    rmSync(walDir(dir), { recursive: true });
    const again = program(dir, 'three segments');
    assert.throws(
      () => again.ssc.start(),
      (e: unknown) =>
        e instanceof SourceReadError && /block 0 of batch 1000 is not in the write-ahead log/.test(e.message),
    );
  });
});
