import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CodecError,
  decodeValue,
  decodeValues,
  encodeValue,
  encodeValues,
  FRAME_HEADER_BYTES,
  frameRecord,
  readFrames,
} from '../../src/core/index.ts';

describe('codec', () => {
  it('round-trips plain values, keeping undefined apart from null, bigints, Maps with any keys and Sets', () => {
    const value = {
      n: 1.5,
      i: -42,
      big: 2n ** 70n,
      negBig: -5n,
      s: 'héllo',
      u: undefined,
      z: null,
      arr: [1, 'two', undefined, null, [3]],
      map: new Map<unknown, unknown>([
        [1, 'one'],
        [{ k: 'structured' }, new Map([['nested', 2]])],
        ['x', undefined],
      ]),
      set: new Set([1, 2, 3]),
      date: new Date(12_345),
      bytes: new Uint8Array([0, 255]),
      obj: { '1': 'numeric-like key', deep: { a: [{ b: 1 }] } },
      empty: {},
      large: 2 ** 53 - 1,
      nan: Number.NaN,
    };
    const back = decodeValue(encodeValue(value)) as typeof value;
    assert.deepEqual(back, value);
    assert.ok(back.map instanceof Map);
    assert.ok('u' in back && back.u === undefined);
    assert.equal(back.z, null);
  });

  it('encodes many objects of one shape independently, each call self-describing', () => {
    const entries = Array.from({ length: 200 }, (_, i) => ({ id: `k${i}`, key: i, state: { sum: i }, updatedAtMs: i }));
    const a = encodeValue(entries);
    const b = encodeValue(entries);
    assert.deepEqual(Buffer.from(a), Buffer.from(b));
    assert.deepEqual(decodeValue(b), entries);
  });

  it('refuses values msgpack cannot carry and bytes that are not exactly one value', () => {
    assert.throws(
      () => encodeValue(Symbol('x')),
      (e) => e instanceof CodecError && e.code === 'CODEC_FAILED',
    );
    const bytes = encodeValue({ a: [1, 2, 3], b: 'text' });
    assert.throws(() => decodeValue(new Uint8Array(0)), CodecError);
    assert.throws(() => decodeValue(bytes.subarray(0, bytes.length - 2)), CodecError);
    assert.throws(() => decodeValue(Buffer.concat([bytes, Buffer.from([1])])), CodecError);
  });
});

describe('record frames', () => {
  const payloads = ['a', 'bb', '', 'dddd'].map((s) => new TextEncoder().encode(s));
  const log = Buffer.concat(payloads.map(frameRecord));

  it('reads back every framed record and their offsets', () => {
    const read = readFrames(log);
    assert.deepEqual(
      read.payloads.map((p) => Buffer.from(p).toString()),
      ['a', 'bb', '', 'dddd'],
    );
    assert.deepEqual(read.offsets, [0, 9, 19, 27]);
    assert.equal(read.validBytes, log.length);
    assert.equal(read.defect, undefined);
  });

  it('stops at a torn header, a torn payload and a CRC mismatch, keeping the records before', () => {
    const tornHeader = readFrames(log.subarray(0, 9 + 3));
    assert.deepEqual(tornHeader.defect, { offset: 9, reason: 'truncated-header' });
    assert.equal(tornHeader.payloads.length, 1);
    const tornPayload = readFrames(log.subarray(0, log.length - 1));
    assert.deepEqual(tornPayload.defect, { offset: 27, reason: 'truncated-payload' });
    assert.equal(tornPayload.validBytes, 27);
    const flipped = Buffer.from(log);
    flipped[9 + FRAME_HEADER_BYTES] ^= 0x01;
    const bad = readFrames(flipped);
    assert.deepEqual(bad.defect, { offset: 9, reason: 'crc-mismatch' });
    assert.equal(bad.payloads.length, 1);
  });

  it('a header of zeros or a damaged length is a CRC mismatch, not a valid record', () => {
    const zeros = readFrames(Buffer.concat([log, Buffer.alloc(16)]));
    assert.deepEqual(zeros.defect, { offset: log.length, reason: 'crc-mismatch' });
    assert.equal(zeros.payloads.length, 4);
    // The empty record's length (at 19) made 1: the byte after it is read as its payload, and the CRC fails.
    const longer = Buffer.from(log);
    longer[19 + 3] = 1;
    assert.deepEqual(readFrames(longer).defect, { offset: 19, reason: 'crc-mismatch' });
  });
});

describe('value streams (encodeValues / decodeValues)', () => {
  it('round-trip a sequence of values of many shapes, in order', () => {
    // More distinct record shapes than msgpackr keeps in its structure table at once.
    const values: unknown[] = [];
    for (let i = 0; i < 300; i++) values.push({ [`k${i}`]: i, shared: 'x', nested: { [`n${i % 7}`]: [i] } });
    values.push(new Map([[1, 'a']]), new Set(['s']), 12345678901234567890n, null, undefined, 'end', [1, [2]]);
    assert.deepEqual(decodeValues(encodeValues(values)), values);
  });

  it('are empty for no values, and refuse a stream cut inside a value', () => {
    assert.deepEqual(decodeValues(encodeValues([])), []);
    const bytes = encodeValues([{ a: 'a long enough string' }, { a: 'another string' }]);
    assert.throws(() => decodeValues(bytes.subarray(0, bytes.length - 3)), CodecError);
  });

  it('name the value that cannot be encoded', () => {
    assert.throws(() => encodeValues([1, Symbol('s')]), /Cannot encode value 1/);
  });
});
