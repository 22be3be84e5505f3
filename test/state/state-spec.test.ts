import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BatchContext,
  HashPartitioner,
  InvalidArgumentError,
  InvalidDurationError,
  type State,
  StateSpec,
} from '../../src/index.ts';

const count = (_key: string, value: number | undefined, state: State<number>) => {
  state.update((state.getOption() ?? 0) + (value ?? 0));
  return state.get();
};

describe('StateSpec', () => {
  it('setters return the spec and record the settings', () => {
    const initial = new BatchContext().makeRDD<[string, number]>([['a', 1]]);
    const spec = StateSpec.function(count);
    assert.equal(spec.numPartitions(3).timeout(5000).initialState(initial).stateStore('memory'), spec);
    assert.ok(new HashPartitioner(3).equals(spec.getPartitioner()));
    assert.equal(spec.getTimeoutMs(), 5000);
    assert.equal(spec.getInitialState(), initial);
    const p = new HashPartitioner(5);
    assert.equal(spec.partitioner(p).getPartitioner(), p);
  });

  it('refuses a timeout that is not a positive whole number of ms', () => {
    for (const bad of [0, -1000, 1.5, Number.NaN]) {
      assert.throws(() => StateSpec.function(count).timeout(bad), InvalidDurationError);
    }
    assert.throws(
      () => StateSpec.function(count).timeout(0),
      /StateSpec\.timeout must be a positive whole number of ms, got 0/,
    );
  });

  it('refuses bad partition counts and a missing function', () => {
    assert.throws(() => StateSpec.function(count).numPartitions(0), InvalidArgumentError);
    assert.throws(() => StateSpec.function(count).numPartitions(2.5), /whole number >= 1, got 2.5/);
    assert.throws(() => StateSpec.function(count).partitioner(new HashPartitioner(0)), InvalidArgumentError);
    assert.throws(() => StateSpec.function(undefined as never), /StateSpec.function needs a function/);
  });

  it('tells the two forms of function apart by their parameters', () => {
    const simple = StateSpec.function(count);
    const withTime = StateSpec.function((_t: number, key: string, _v: number | undefined, _s: State<number>) => key);
    assert.equal(simple.emitsUndefined, true);
    assert.equal(withTime.emitsUndefined, false);
  });
});
