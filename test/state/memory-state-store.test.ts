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

describe('MemoryStateStore time index', () => {
  it('lists idle keys exactly while most of a bucket moves on, also after a failed update', () => {
    const s = new MemoryStateStore<number, number>({ timeIndex: true });
    s.update(1000, (w) => {
      for (let k = 0; k < 1000; k++) w.put(k, 0);
    });
    // Move 900 keys on, in steps, so the bucket of 1000 is compacted along the way.
    for (let v = 2; v <= 10; v++) {
      s.update(v * 1000, (w) => {
        for (let k = (v - 2) * 100; k < (v - 1) * 100; k++) w.put(k, v);
      });
    }
    assert.throws(() =>
      s.update(11_000, (w) => {
        for (let k = 900; k < 1000; k++) w.put(k, 11);
        w.remove(0);
        throw new Error('fails');
      }),
    );
    s.update(11_000, (w) => {
      const idle = w.updatedBefore(2000).map((e) => e.key);
      assert.deepEqual(
        idle.sort((a, b) => a - b),
        Array.from({ length: 100 }, (_, i) => 900 + i),
      );
      assert.equal(w.updatedBefore(3000).length, 200);
      w.put(950, 11, 500);
      assert.deepEqual(
        w.updatedBefore(1000).map((e) => [e.key, e.updatedAtMs]),
        [[950, 500]],
      );
    });
  });

  it('after a checkpoint mark keeps which keys changed, not the states they replaced', () => {
    const s = new MemoryStateStore<string, number>();
    s.update(1000, (w) => w.put('a', 1));
    s.markCheckpoint(1000);
    s.update(2000, (w) => w.put('a', 2));
    s.update(3000, (w) => w.put('b', 3));
    s.release(3000);
    // Version 2000 can no longer be read, but the changes since the mark are still known.
    assert.throws(() => s.get('a', 2000), /no longer kept/);
    assert.deepEqual(
      [...s.changesSince(1000)].map((c) => c.key),
      ['a', 'b'],
    );
    assert.deepEqual([...s.changesSince(2000)], [{ key: 'b', state: 3, updatedAtMs: 3000 }]);
  });
});

describe('MemoryStateStore checkpoint changes', () => {
  const byKey = (changes: Iterable<unknown>) =>
    [...changes].sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1));

  it('lists each key once: changed twice, removed and added again, added and removed, removed', () => {
    const s = new MemoryStateStore<string, number>();
    s.update(1000, (w) => {
      w.put('twice', 1);
      w.put('again', 1);
      w.put('gone', 1);
      w.put('kept', 1);
    });
    s.markCheckpoint(1000);
    s.update(2000, (w) => {
      w.put('twice', 2);
      w.remove('again');
      w.put('brief', 2);
      w.remove('gone');
    });
    s.update(3000, (w) => {
      w.put('twice', 3);
      w.put('again', 3);
      w.remove('brief');
    });
    assert.deepEqual(byKey(s.changesSince(1000)), [
      { key: 'again', state: 3, updatedAtMs: 3000 },
      { key: 'gone', removed: true },
      { key: 'twice', state: 3, updatedAtMs: 3000 },
    ]);
    // Listing again gives the same changes (each call lists afresh).
    assert.equal([...s.changesSince(1000)].length, 3);
    assert.deepEqual(byKey(s.changesSince(2000)), [
      { key: 'again', state: 3, updatedAtMs: 3000 },
      { key: 'brief', removed: true },
      { key: 'twice', state: 3, updatedAtMs: 3000 },
    ]);
  });

  it('restores from its own snapshot and change lists, removals included', () => {
    const source = new MemoryStateStore<string, number>({ timeIndex: true });
    source.update(1000, (w) => {
      for (const k of ['a', 'b', 'c']) w.put(k, 1);
    });
    const snapshot = [...source.snapshot()];
    source.markCheckpoint(1000);
    source.update(2000, (w) => {
      w.put('a', 2);
      w.remove('b');
      w.put('d', 2);
    });
    const delta = source.changesSince(1000);
    const target = new MemoryStateStore<string, number>({ timeIndex: true });
    target.restore(2000, snapshot, [delta]);
    const plain = (s: MemoryStateStore<string, number>) =>
      byKey([...s.entries()].map((e) => [e.key, e.state, e.updatedAtMs]));
    assert.deepEqual(plain(target), [
      ['a', 2, 2000],
      ['c', 1, 1000],
      ['d', 2, 2000],
    ]);
    assert.equal(target.size, 3);
    target.update(3000, (w) => {
      assert.deepEqual(
        w.updatedBefore(2000).map((e) => e.key),
        ['c'],
      );
    });
  });
});

describe('MemoryStateStore writes through an entry (putEntry)', () => {
  it('changes the entry in place like put: older versions, checkpoint changes and rollback see it', () => {
    const s = new MemoryStateStore<string, number>();
    s.update(1000, (w) => w.put('a', 1));
    const a = s.get('a');
    assert.ok(a !== undefined);
    s.markCheckpoint(1000);
    s.update(2000, (w) => assert.equal(w.putEntry?.(a, 5), true));
    assert.equal(s.get('a')?.state, 5);
    assert.equal(s.get('a')?.updatedAtMs, 2000);
    assert.equal(s.get('a', 1000)?.state, 1);
    assert.deepEqual([...s.changesSince(1000)], [{ key: 'a', state: 5, updatedAtMs: 2000 }]);
    assert.throws(
      () =>
        s.update(3000, (w) => {
          w.putEntry?.(a, 9);
          throw new Error('boom');
        }),
      /boom/,
    );
    assert.equal(s.get('a')?.state, 5);
  });

  it('refuses, changing nothing, an entry that is no longer current or is another store’s', () => {
    const s = new MemoryStateStore<string, number>();
    s.update(1000, (w) => {
      w.put('a', 1);
      w.put('b', 1);
    });
    const a = s.get('a');
    const b = s.get('b');
    assert.ok(a !== undefined && b !== undefined);
    const other = new MemoryStateStore<string, number>();
    other.update(1000, (w) => w.put('b', 7));
    const foreign = other.get('b');
    assert.ok(foreign !== undefined);
    s.update(2000, (w) => {
      w.remove('a');
      assert.equal(w.putEntry?.(a, 2), false);
      assert.equal(w.putEntry?.(foreign, 2), false);
      assert.equal(w.putEntry?.({ key: 'b', state: 1, updatedAtMs: 1000 }, 2), false);
    });
    assert.equal(s.get('a'), undefined);
    assert.equal(s.get('b')?.state, 1);
    assert.equal(other.get('b')?.state, 7);
    // A failed version that created a key leaves its entry stale; so does a restore.
    let created: ReturnType<typeof s.get>;
    assert.throws(() =>
      s.update(3000, (w) => {
        w.put('c', 1);
        created = w.get('c');
        throw new Error('boom');
      }),
    );
    s.update(3000, (w) => {
      assert.ok(created !== undefined);
      assert.equal(w.putEntry?.(created, 2), false);
    });
    assert.equal(s.get('c'), undefined);
    s.restore(3000, [{ key: 'b', state: 4, updatedAtMs: 3000 }]);
    s.update(4000, (w) => assert.equal(w.putEntry?.(b, 9), false));
    assert.equal(s.get('b')?.state, 4);
  });

  it('a delta since the mark, applied to the state at the mark, gives the latest state (random updates, failed ones included)', () => {
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const s = new MemoryStateStore<number, number>();
    let checkpointed = new Map<number, number>();
    let mark: number | undefined;
    for (let v = 1; v <= 60; v++) {
      const fail = random(5) === 0;
      try {
        s.update(v, (w) => {
          for (let i = 0; i < 8; i++) {
            const key = random(12);
            if (random(3) === 0) w.remove(key);
            else w.put(key, v * 100 + i);
          }
          if (fail) throw new Error('the update fails');
        });
      } catch {
        continue;
      }
      s.release(v);
      if (v % 5 !== 0) continue;
      if (mark !== undefined) {
        const next = new Map(checkpointed);
        for (const change of s.changesSince(mark)) {
          if (change.removed === true) next.delete(change.key);
          else next.set(change.key, change.state);
        }
        const latest = new Map([...s.entries()].map((e): [number, number] => [e.key, e.state]));
        assert.deepEqual(next, latest, `version ${v}`);
      }
      checkpointed = new Map([...s.entries()].map((e): [number, number] => [e.key, e.state]));
      s.markCheckpoint(v);
      mark = v;
    }
  });

  it('lists the changes of versions committed after the mark was taken but before it was set', () => {
    const s = new MemoryStateStore<string, number>();
    s.update(1000, (w) => w.put('a', 1));
    s.update(2000, (w) => w.put('b', 2));
    s.markCheckpoint(1000);
    s.update(3000, (w) => w.put('c', 3));
    assert.deepEqual(
      [...s.changesSince(1000)].map((c) => c.key),
      ['b', 'c'],
    );
  });
});
