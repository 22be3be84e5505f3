import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BatchContext, jsonFilesSink, msgpackFilesSink, readMsgpackFile, Time } from '../../../src/index.ts';

const sc = new BatchContext({ defaultParallelism: 2 });
const outDir = () => mkdtempSync(join(tmpdir(), 'sluice-sink-'));

describe('file sinks refuse what they cannot write, and leave nothing behind', () => {
  for (const [what, record] of [
    ['a Map', new Map([[1, 2]])],
    ['a Set', { s: new Set([1]) }],
    ['a bigint', { n: 1n }],
    ['undefined', undefined],
  ] as const) {
    it(`jsonFilesSink: ${what}, naming the record, the partition and the batch`, () => {
      const dir = outDir();
      const sink = jsonFilesSink<unknown>(join(dir, 'out'));
      assert.throws(
        () => sink(sc.parallelize<unknown>([{ ok: 1 }, record], 1), Time.of(3000)),
        /jsonFilesSink: record 1 of partition 0 of batch 3000 ms has no JSON form/,
      );
      assert.deepEqual(readdirSync(dir), []);
    });
  }

  it('msgpackFilesSink: a value msgpack cannot carry, naming the partition and the batch', () => {
    const dir = outDir();
    const sink = msgpackFilesSink<unknown>(join(dir, 'out'));
    assert.throws(
      () => sink(sc.parallelize<unknown>([1, 2, Symbol('s')], 2), Time.of(1000)),
      /msgpackFilesSink: partition 1 of batch 1000 ms: Cannot encode value 1/,
    );
    assert.deepEqual(readdirSync(dir), []);
  });

  it('readMsgpackFile names a file cut short', () => {
    const dir = outDir();
    msgpackFilesSink<string>(join(dir, 'out'), 'mp')(sc.parallelize(['a long enough record'], 1), Time.of(1000));
    const part = join(dir, 'out-1000.mp', 'part-00000');
    assert.deepEqual(readMsgpackFile(part), ['a long enough record']);
    // A 5-byte string header followed by 1 byte.
    writeFileSync(part, Buffer.from([0xa5, 0x61]));
    assert.throws(
      () => readMsgpackFile(part),
      (e: Error & { code?: string }) => e.code === 'CODEC_FAILED' && e.message.startsWith(part),
    );
  });

  it('a prefix or suffix that cannot name a directory is refused when the sink is made', () => {
    assert.throws(() => jsonFilesSink(''), /jsonFilesSink: the prefix must be a non-empty path/);
    assert.throws(
      () => msgpackFilesSink('out', 'a/b'),
      /msgpackFilesSink: the suffix must be a name without '\/', got a\/b/,
    );
  });
});
