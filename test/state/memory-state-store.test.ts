// The memory store: the shared contract, then what is particular to it (Spark's StateMapSuite asks the
// same of OpenHashMapBasedStateMap: copies stay independent, deltas never leak into older maps).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryStateStore } from '../../src/index.ts';
import { runStateStoreContract } from './state-store.contract.ts';

runStateStoreContract({ name: 'memory', create: ({ timeIndex }) => new MemoryStateStore({ timeIndex }) });

describe('MemoryStateStore', () => {
  it('shares unchanged entries between versions: a version keeps the very objects it stored', () => {
    const s = new MemoryStateStore<string, { n: number }>();
    const a = { n: 1 };
    s.update(1000, (w) => {
      w.put('a', a);
      w.put('b', { n: 1 });
    });
    s.update(2000, (w) => w.put('b', { n: 2 }));
    assert.equal(s.get('a', 1000)?.state, a);
    assert.equal(s.get('a', 2000)?.state, a);
    assert.deepEqual(s.get('b', 1000)?.state, { n: 1 });
  });

  it('keeps no undo log once versions are released and no checkpoint is marked', () => {
    const s = new MemoryStateStore<number, number>();
    for (let v = 1; v <= 100; v++) {
      s.update(v, (w) => {
        for (let k = 0; k < 10; k++) w.put(k, v);
      });
      s.release(v);
    }
    // Reading the latest needs no log; an older version cannot be read any more.
    assert.equal(s.get(3)?.state, 100);
    assert.throws(() => s.get(3, 99), /no longer kept/);
  });

  it('updates in a version after a released one still roll back whole', () => {
    const s = new MemoryStateStore<string, number>();
    s.update(1000, (w) => w.put('a', 1));
    s.release(1000);
    assert.throws(() =>
      s.update(2000, (w) => {
        w.put('a', 2);
        w.put('b', 2);
        throw new Error('x');
      }),
    );
    assert.deepEqual(
      [...s.entries()].map((e) => [e.key, e.state]),
      [['a', 1]],
    );
  });
});
