// Spark's MapWithStateSuite "state - get, exists, update, remove": the rules of the State a mapping
// function receives.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IllegalStateError, NoSuchElementError } from '../../src/index.ts';
import { StateImpl } from '../../src/state/index.ts';

function expectState(
  state: StateImpl<number>,
  expected: number | undefined,
  flags: { updated?: boolean; removed?: boolean; timingOut?: boolean } = {},
): void {
  if (expected === undefined) {
    assert.equal(state.exists(), false);
    assert.throws(() => state.get(), NoSuchElementError);
    assert.equal(state.getOption(), undefined);
    assert.equal(String(state), '<state not set>');
  } else {
    assert.equal(state.exists(), true);
    assert.equal(state.get(), expected);
    assert.equal(state.getOption(), expected);
    assert.equal(String(state), String(expected));
  }
  assert.equal(state.isTimingOut(), flags.timingOut ?? false);
  assert.equal(state.updated, flags.updated ?? false);
  assert.equal(state.removed, flags.removed ?? false);
  if (flags.timingOut === true || flags.removed === true) {
    assert.throws(() => state.remove(), IllegalStateError);
    assert.throws(() => state.update(-1), IllegalStateError);
  }
}

describe('State (Spark MapWithStateSuite)', () => {
  it('state - get, exists, update, remove', () => {
    let state = new StateImpl<number>();
    expectState(state, undefined);
    state.wrap(false, undefined);
    expectState(state, undefined);
    state.wrap(true, 1);
    expectState(state, 1);
    state.update(2);
    expectState(state, 2, { updated: true });

    state = new StateImpl<number>();
    state.update(2);
    expectState(state, 2, { updated: true });
    state.remove();
    expectState(state, undefined, { removed: true });

    state.wrapTimingOut(3);
    expectState(state, 3, { timingOut: true });
  });

  it('says why an update or removal is refused', () => {
    const state = new StateImpl<number>();
    state.wrapTimingOut(3);
    assert.throws(() => state.update(1), /Cannot update the state that is timing out/);
    assert.throws(() => state.remove(), /Cannot remove the state that is timing out/);
    state.wrap(true, 1);
    state.remove();
    assert.throws(() => state.update(1), /Cannot update the state after it has been removed/);
    assert.throws(() => state.remove(), /already been removed/);
    state.wrap(false, undefined);
    assert.throws(() => state.get(), /State is not set/);
  });
});
