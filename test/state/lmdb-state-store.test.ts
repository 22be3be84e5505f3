// The store on disk: the shared contract, then its folder's life and what msgpack keeps of a state.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LmdbStateStore } from '../../src/index.ts';
import { runStateStoreContract } from './state-store.contract.ts';

const root = mkdtempSync(join(tmpdir(), 'sluice-lmdb-test-'));
let n = 0;

runStateStoreContract({
  name: 'lmdb',
  create: ({ timeIndex }) => new LmdbStateStore({ directory: join(root, `store-${n++}`), timeIndex }),
});

describe('LmdbStateStore', () => {
  it('creates its folder and deletes it on close', () => {
    const directory = join(root, 'lifecycle');
    const store = new LmdbStateStore<string, number>({ directory });
    store.update(1000, (w) => w.put('a', 1));
    assert.ok(existsSync(directory));
    store.close();
    assert.equal(existsSync(directory), false);
  });

  it('keeps plain data, Maps, Dates and bigints; keys of every kind stay apart', () => {
    const store = new LmdbStateStore<unknown, unknown>({ directory: join(root, 'values') });
    const state = { list: [1, 'two', null], nested: { at: new Date(5) }, big: 12n, map: new Map([['k', 1]]) };
    store.update(1000, (w) => {
      w.put('1', 'string');
      w.put(1, 'number');
      w.put(true, 'boolean');
      w.put(1n, 'bigint');
      w.put(null, 'null');
      w.put(Number.NaN, 'nan');
      w.put(['a', 1], state);
    });
    assert.equal(store.size, 7);
    assert.deepEqual(store.get(['a', 1])?.state, state);
    assert.deepEqual(
      ['1', 1, true, 1n, null, Number.NaN].map((k) => store.get(k)?.state),
      ['string', 'number', 'boolean', 'bigint', 'null', 'nan'],
    );
    store.close();
  });
});
