import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { describe, it } from 'node:test';
import { ManualClock, SystemClock } from '../../src/index.ts';

describe('ManualClock', () => {
  it('moves only when told to, and wakes waiters whose time has come, in order', async () => {
    const clock = new ManualClock(0);
    const woke: number[] = [];
    const a = clock.waitTillTime(2000).then((t) => woke.push(2000, t ?? -1));
    const b = clock.waitTillTime(1000).then((t) => woke.push(1000, t ?? -1));
    clock.advance(500);
    await Promise.resolve();
    assert.deepEqual(woke, []);
    clock.advance(500);
    await b;
    assert.deepEqual(woke, [1000, 1000]);
    clock.setTime(5000);
    await a;
    assert.deepEqual(woke, [1000, 1000, 2000, 5000]);
  });

  it('answers at once for a time already reached, and not at all once aborted', async () => {
    const clock = new ManualClock(3000);
    assert.equal(await clock.waitTillTime(1000), 3000);
    const abort = new AbortController();
    const waiting = clock.waitTillTime(9000, abort.signal);
    abort.abort();
    assert.equal(await waiting, undefined);
    clock.setTime(10_000);
  });

  it('leaves no abort listener behind on a signal reused for many waits (a timer uses one for every tick)', async () => {
    const clock = new ManualClock(0);
    const abort = new AbortController();
    for (let t = 1; t <= 20; t++) {
      const waiting = clock.waitTillTime(t, abort.signal);
      clock.setTime(t);
      assert.equal(await waiting, t);
    }
    assert.equal(getEventListeners(abort.signal, 'abort').length, 0);
    const waiting = clock.waitTillTime(100, abort.signal);
    assert.equal(getEventListeners(abort.signal, 'abort').length, 1);
    abort.abort();
    assert.equal(await waiting, undefined);
  });
});

describe('Clock.schedule', () => {
  it('calls back asynchronously even for a time already reached, and never once cancelled', async () => {
    const clock = new ManualClock(1000);
    const calls: string[] = [];
    clock.schedule(500, (t) => calls.push(`past ${t}`));
    const cancel = clock.schedule(2000, () => calls.push('cancelled'));
    clock.schedule(3000, (t) => calls.push(`future ${t}`));
    assert.deepEqual(calls, []);
    await Promise.resolve();
    assert.deepEqual(calls, ['past 1000']);
    cancel();
    clock.setTime(3000);
    await Promise.resolve();
    assert.deepEqual(calls, ['past 1000', 'future 3000']);
  });

  it('on the system clock, fires no earlier than the target and can be cancelled', async () => {
    const clock = new SystemClock();
    const target = clock.getTimeMillis() + 5;
    const fired = await new Promise<number>((resolve) => clock.schedule(target, resolve));
    assert.ok(fired >= target, `fired at ${fired}, before ${target}`);
    let called = false;
    clock.schedule(clock.getTimeMillis() + 1, () => {
      called = true;
    })();
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(called, false);
  });
});
