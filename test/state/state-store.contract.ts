// The behaviour every state store must have: versions, rollback of a failed update, reading older
// versions, the time index, and the checkpoint methods (mark, changes since, snapshot, restore). Each
// store's test file runs it: `runStateStoreContract({ name, create })`.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { IllegalStateError, type StateChange, type StateEntry, type StateStore } from '../../src/index.ts';

export interface StateStoreContractOptions {
  readonly name: string;
  /** A new, empty store; `timeIndex` asks for `updatedBefore` support. */
  create(options: { timeIndex: boolean }): StateStore<unknown, unknown>;
}

type Store = StateStore<unknown, unknown>;

const sorted = (entries: Iterable<StateEntry<unknown, unknown>>) =>
  [...entries]
    .map((e) => [e.key, e.state, e.updatedAtMs])
    .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
const model = (m: Map<string, [unknown, number]>) =>
  [...m].map(([k, [s, t]]) => [k, s, t]).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
const sortedChanges = (changes: Iterable<StateChange<unknown, unknown>>) =>
  [...changes].sort((a, b) => (JSON.stringify(a.key) < JSON.stringify(b.key) ? -1 : 1));

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function runStateStoreContract(options: StateStoreContractOptions): void {
  describe(`state store contract: ${options.name}`, () => {
    const open: Store[] = [];
    const create = (timeIndex = false): Store => {
      const store = options.create({ timeIndex });
      open.push(store);
      return store;
    };
    afterEach(() => {
      for (const s of open.splice(0)) {
        try {
          s.close();
        } catch {
          // already closed by the test
        }
      }
    });

    it('starts empty, with no version', () => {
      const s = create();
      assert.equal(s.version, undefined);
      assert.equal(s.size, 0);
      assert.equal(s.get('a'), undefined);
      assert.deepEqual([...s.entries()], []);
    });

    it('commits an update as a new version; the writer sees its own changes', () => {
      const s = create();
      const result = s.update(1000, (w) => {
        assert.equal(w.version, 1000);
        w.put('a', 1);
        w.put('b', { n: 2 });
        assert.equal(w.get('a')?.state, 1);
        w.put('a', 10);
        w.remove('b');
        assert.equal(w.get('b'), undefined);
        w.put('b', [3]);
        w.remove('missing');
        return 'done';
      });
      assert.equal(result, 'done');
      assert.equal(s.version, 1000);
      assert.equal(s.size, 2);
      const a = s.get('a');
      assert.deepEqual([a?.key, a?.state, a?.updatedAtMs], ['a', 10, 1000]);
      assert.deepEqual(sorted(s.entries()), [
        ['a', 10, 1000],
        ['b', [3], 1000],
      ]);
    });

    it('keys are compared by value: arrays, objects, numbers and strings', () => {
      const s = create();
      s.update(1000, (w) => {
        w.put(['x', 1], 'tuple');
        w.put({ b: 2, a: 1 }, 'object');
        w.put(1, 'one');
        w.put('1', 'string one');
      });
      assert.equal(s.get(['x', 1])?.state, 'tuple');
      assert.equal(s.get({ a: 1, b: 2 })?.state, 'object');
      assert.equal(s.get(1)?.state, 'one');
      assert.equal(s.get('1')?.state, 'string one');
      assert.deepEqual(s.get(['x', 1])?.key, ['x', 1]);
      assert.equal(s.size, 4);
    });

    it('versions only move forward, and one update runs at a time', () => {
      const s = create();
      s.update(2000, (w) => w.put('a', 1));
      assert.throws(() => s.update(2000, () => {}), IllegalStateError);
      assert.throws(() => s.update(1000, () => {}), /not after the latest version 2000/);
      s.update(3000, () => {
        assert.throws(() => s.update(4000, () => {}), IllegalStateError);
      });
      assert.equal(s.version, 3000);
    });

    it('a failed update changes nothing: the previous version stays the latest, whole', () => {
      const s = create(true);
      s.update(1000, (w) => {
        w.put('keep', 1);
        w.put('change', 1);
        w.put('drop', 1);
      });
      const boom = new Error('boom');
      assert.throws(
        () =>
          s.update(2000, (w) => {
            w.put('change', 2);
            w.put('change', 3);
            w.remove('drop');
            w.put('new', 1);
            w.remove('new');
            w.put('new2', 1);
            throw boom;
          }),
        (e) => e === boom,
      );
      assert.equal(s.version, 1000);
      assert.deepEqual(sorted(s.entries()), [
        ['change', 1, 1000],
        ['drop', 1, 1000],
        ['keep', 1, 1000],
      ]);
      // The time index was rolled back too, and the store accepts the failed version again.
      s.update(2000, (w) => {
        assert.deepEqual(
          w
            .updatedBefore(1001)
            .map((e) => e.key)
            .sort(),
          ['change', 'drop', 'keep'],
        );
        w.put('change', 5);
      });
      assert.equal(s.get('change')?.state, 5);
      assert.equal(s.get('change', 1000)?.state, 1);
    });

    it('older versions stay readable, also while an update is under way', () => {
      const s = create();
      s.update(1000, (w) => {
        w.put('a', 1);
        w.put('b', 1);
      });
      s.update(2000, (w) => {
        w.put('a', 2);
        w.remove('b');
        w.put('c', 2);
      });
      s.update(3000, (w) => {
        w.put('b', 3);
        // Committed versions are read around the changes this update has made so far.
        assert.deepEqual(sorted(s.entries()), [
          ['a', 2, 2000],
          ['c', 2, 2000],
        ]);
        assert.equal(s.get('b'), undefined);
      });
      assert.deepEqual(sorted(s.entries(1000)), [
        ['a', 1, 1000],
        ['b', 1, 1000],
      ]);
      assert.deepEqual(sorted(s.entries(2000)), [
        ['a', 2, 2000],
        ['c', 2, 2000],
      ]);
      assert.deepEqual(sorted(s.entries(3000)), [
        ['a', 2, 2000],
        ['b', 3, 3000],
        ['c', 2, 2000],
      ]);
      assert.equal(s.get('b', 2000), undefined);
      assert.equal(s.get('b', 1500)?.state, 1);
      assert.equal(s.get('c', 1000), undefined);
      assert.deepEqual([...s.entries(500)], []);
    });

    it('released versions can no longer be read; later ones can', () => {
      const s = create();
      s.update(1000, (w) => w.put('a', 1));
      s.update(2000, (w) => w.put('a', 2));
      s.update(3000, (w) => w.put('a', 3));
      s.release(2000);
      assert.equal(s.get('a', 2000)?.state, 2);
      assert.throws(() => s.get('a', 1000), IllegalStateError);
      assert.throws(() => [...s.entries(1999)], /no longer kept/);
      assert.equal(s.get('a')?.state, 3);
    });

    it('lists the entries idle since before a threshold, oldest first, from the time index', () => {
      const s = create(true);
      s.update(1000, (w) => {
        w.put('a', 1);
        w.put('b', 1);
        w.put('c', 1);
      });
      s.update(2000, (w) => {
        w.put('b', 2);
        w.put('d', 2);
      });
      s.update(3000, (w) => {
        w.put('e', 3, 500);
        w.put('a', 3);
        assert.deepEqual(
          w.updatedBefore(2000).map((e) => [e.key, e.updatedAtMs]),
          [
            ['e', 500],
            ['c', 1000],
          ],
        );
        assert.deepEqual(
          w.updatedBefore(1000).map((e) => e.key),
          ['e'],
        );
        assert.deepEqual(
          w
            .updatedBefore(3000)
            .map((e) => e.key)
            .sort(),
          ['b', 'c', 'd', 'e'],
        );
        w.remove('c');
        assert.deepEqual(
          w.updatedBefore(2000).map((e) => e.key),
          ['e'],
        );
      });
    });

    it('a store without a time index refuses updatedBefore', () => {
      const s = create(false);
      assert.throws(() => s.update(1000, (w) => w.updatedBefore(1000)), IllegalStateError);
    });

    it('snapshot exports plain entries of a version', () => {
      const s = create();
      s.update(1000, (w) => w.put('a', { n: 1 }));
      s.update(2000, (w) => w.put('b', 2));
      assert.deepEqual([...s.snapshot(1000)], [{ key: 'a', state: { n: 1 }, updatedAtMs: 1000 }]);
      assert.deepEqual(sorted(s.snapshot()), [
        ['a', { n: 1 }, 1000],
        ['b', 2, 2000],
      ]);
    });

    it('lists what changed since a marked version, each key once', () => {
      const s = create();
      s.update(1000, (w) => {
        w.put('same', 1);
        w.put('changed', 1);
        w.put('removed', 1);
      });
      s.markCheckpoint(1000);
      s.release(3000); // readers are done with old versions, but the mark keeps the changes since 1000
      s.update(2000, (w) => {
        w.put('changed', 2);
        w.remove('removed');
        w.put('created-then-removed', 2);
      });
      s.update(3000, (w) => {
        w.put('changed', 3);
        w.remove('created-then-removed');
        w.put('created', 3);
      });
      s.release(3000);
      assert.deepEqual(sortedChanges(s.changesSince(1000)), [
        { key: 'changed', state: 3, updatedAtMs: 3000 },
        { key: 'created', state: 3, updatedAtMs: 3000 },
        { key: 'removed', removed: true },
      ]);
      assert.deepEqual(sortedChanges(s.changesSince(2000)), [
        { key: 'changed', state: 3, updatedAtMs: 3000 },
        { key: 'created', state: 3, updatedAtMs: 3000 },
        { key: 'created-then-removed', removed: true },
      ]);
      assert.deepEqual([...s.changesSince(3000)], []);
      s.markCheckpoint(3000);
      assert.throws(() => s.changesSince(1000), IllegalStateError);
      assert.throws(() => s.markCheckpoint(4000), /latest committed version is 3000/);
    });

    it('rebuilds from a snapshot plus later changes, at a version', () => {
      const source = create(true);
      source.update(1000, (w) => {
        w.put('a', 1);
        w.put('b', 1);
        w.put('c', 1);
      });
      const snapshot = [...source.snapshot()];
      source.markCheckpoint(1000);
      source.update(2000, (w) => {
        w.put('a', 2);
        w.remove('b');
      });
      const delta1 = [...source.changesSince(1000)];
      source.markCheckpoint(2000);
      source.update(3000, (w) => {
        w.put('b', 3);
        w.put('d', 3);
      });
      const delta2 = [...source.changesSince(2000)];

      const target = create(true);
      target.restore(3000, snapshot, [delta1, delta2]);
      assert.equal(target.version, 3000);
      assert.deepEqual(sorted(target.entries()), sorted(source.entries()));
      assert.equal(target.size, 4);
      assert.throws(() => target.update(3000, () => {}), IllegalStateError);
      target.update(4000, (w) => {
        assert.deepEqual(
          w.updatedBefore(2000).map((e) => e.key),
          ['c'],
        );
        w.put('c', 4);
      });
      assert.deepEqual([...target.changesSince(3000)], [{ key: 'c', state: 4, updatedAtMs: 4000 }]);
      assert.throws(() => target.get('a', 2000), IllegalStateError);
    });

    it('restore replaces whatever the store held', () => {
      const s = create();
      s.update(5000, (w) => w.put('old', 1));
      s.restore(2000, [{ key: 'new', state: 2, updatedAtMs: 1500 }]);
      assert.equal(s.version, 2000);
      assert.deepEqual(sorted(s.entries()), [['new', 2, 1500]]);
    });

    it('agrees with a model of full copies over random updates, failures and reads of older versions', () => {
      const next = random(20240607);
      const s = create(true);
      const versions = new Map<number, Map<string, [unknown, number]>>();
      let current = new Map<string, [unknown, number]>();
      for (let v = 1; v <= 40; v++) {
        const version = v * 1000;
        const fails = next() < 0.2;
        const copy = new Map(current);
        const run = () =>
          s.update(version, (w) => {
            const ops = 1 + Math.floor(next() * 12);
            for (let i = 0; i < ops; i++) {
              const key = `k${Math.floor(next() * 15)}`;
              if (next() < 0.3) {
                w.remove(key);
                copy.delete(key);
              } else {
                const state = next() < 0.5 ? Math.floor(next() * 100) : { v: version, i };
                w.put(key, state);
                copy.set(key, [state, version]);
              }
              assert.deepEqual(w.get(key)?.state, copy.get(key)?.[0]);
            }
            if (fails) throw new Error('injected');
          });
        if (fails) {
          assert.throws(run, /injected/);
        } else {
          run();
          current = copy;
          versions.set(version, current);
        }
        assert.deepEqual(sorted(s.entries()), model(current));
        if (v % 10 === 0) s.release(version - 3000);
        for (const [old, state] of versions) {
          if (old < version - 3000 && v >= 10) continue;
          assert.deepEqual(sorted(s.entries(old)), model(state), `version ${old} read at ${version}`);
          for (let k = 0; k < 15; k++) assert.deepEqual(s.get(`k${k}`, old)?.state, state.get(`k${k}`)?.[0]);
        }
      }
    });

    it('cannot be used once closed', () => {
      const s = create();
      s.update(1000, (w) => w.put('a', 1));
      s.close();
      assert.throws(() => s.get('a'), IllegalStateError);
      assert.throws(() => s.update(2000, () => {}), IllegalStateError);
    });
  });
}
