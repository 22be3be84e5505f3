import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type RawRecordBatch, recordsOfBatches } from '../../src/kafka/index.ts';

const TRANSACTIONAL = 1 << 4;
const CONTROL = 1 << 5;

function data(firstOffset: number, values: string[], producerId = -1n, attributes = 0): RawRecordBatch {
  return {
    firstOffset: BigInt(firstOffset),
    lastOffsetDelta: values.length - 1,
    firstTimestamp: 1000n,
    attributes,
    producerId,
    records: values.map((v, i) => ({
      offsetDelta: i,
      timestampDelta: BigInt(i),
      key: null,
      value: Buffer.from(v),
      headers: [],
    })),
  };
}

function marker(offset: number, producerId: bigint, commit: boolean): RawRecordBatch {
  const key = Buffer.from([0, 0, 0, commit ? 1 : 0]);
  return {
    firstOffset: BigInt(offset),
    lastOffsetDelta: 0,
    firstTimestamp: 1000n,
    attributes: TRANSACTIONAL | CONTROL,
    producerId,
    records: [{ offsetDelta: 0, timestampDelta: 0n, key, value: Buffer.alloc(6), headers: [] }],
  };
}

const values = (r: ReturnType<typeof recordsOfBatches>) => r.records.map((x) => Buffer.from(x.value!).toString());

describe('recordsOfBatches', () => {
  it('keeps the offsets of the range and returns the offset after the last batch', () => {
    const out = recordsOfBatches('t', 0, [data(0, ['a', 'b', 'c']), data(3, ['d', 'e'])], null, 1, 4);
    assert.deepEqual(values(out), ['b', 'c', 'd']);
    assert.deepEqual(
      out.records.map((r) => [r.offset, r.timestampMs]),
      [
        [1, 1001],
        [2, 1002],
        [3, 1000],
      ],
    );
    assert.equal(out.nextOffset, 5);
  });

  it('leaves out an aborted transaction, even when its abort marker is not in the response', () => {
    const batches = [data(0, ['a'], 7n, TRANSACTIONAL), data(1, ['x', 'y'], 9n, TRANSACTIONAL)];
    const out = recordsOfBatches('t', 0, batches, [{ producerId: 9n, firstOffset: 1n }], 0, 10);
    assert.deepEqual(values(out), ['a']);
    assert.equal(out.nextOffset, 3);
  });

  it("reads a producer's later transaction once the abort marker is passed", () => {
    const batches = [
      data(0, ['x'], 9n, TRANSACTIONAL),
      marker(1, 9n, false),
      data(2, ['ok'], 9n, TRANSACTIONAL),
      marker(3, 9n, true),
    ];
    const out = recordsOfBatches('t', 0, batches, [{ producerId: 9n, firstOffset: 0n }], 0, 10);
    assert.deepEqual(values(out), ['ok']);
    assert.equal(out.nextOffset, 4);
  });

  it('keeps aborted records for read_uncommitted readers and never returns control records', () => {
    const batches = [data(0, ['x'], 9n, TRANSACTIONAL), marker(1, 9n, false), data(2, ['plain'])];
    const out = recordsOfBatches('t', 0, batches, null, 0, 10);
    assert.deepEqual(values(out), ['x', 'plain']);
  });

  it('refuses an offset past 2^53', () => {
    assert.throws(() => recordsOfBatches('t', 3, [data(2 ** 53, ['a'])], null, 0, 1), /of t-3 is beyond 2\^53/);
  });
});
