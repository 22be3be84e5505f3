import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { IllegalStateError, InvalidDurationError, ManualClock, StreamingContext } from '../../src/index.ts';

function context(): StreamingContext {
  return new StreamingContext({ batchDurationMs: 1000, clock: new ManualClock(0) });
}

describe('DStream.checkpoint(intervalMs)', () => {
  it('needs a checkpoint directory at start', () => {
    const ssc = context();
    ssc
      .queueStream<number>([])
      .checkpoint(2000)
      .foreachRDD(() => {});
    assert.throws(() => ssc.start(), /checkpoint directory has not been set/);
  });

  it('must be a multiple of the slide', () => {
    const ssc = context();
    ssc.checkpoint(mkdtempSync(join(tmpdir(), 'sluice-ckpt-')));
    ssc
      .queueStream<number>([])
      .checkpoint(1500)
      .foreachRDD(() => {});
    assert.throws(() => ssc.start(), InvalidDurationError);
  });

  it('rejects a non-positive interval and a change after start', async () => {
    const ssc = context();
    ssc.checkpoint(mkdtempSync(join(tmpdir(), 'sluice-ckpt-')));
    const s = ssc.constantInputStream(ssc.sparkContext.parallelize([1]));
    assert.throws(() => s.checkpoint(0), InvalidDurationError);
    s.checkpoint(2000).foreachRDD(() => {});
    ssc.start();
    assert.throws(() => s.checkpoint(3000), IllegalStateError);
    await ssc.stop();
  });

  it('refuses a queue stream when checkpointing, as Spark does', () => {
    const ssc = context();
    ssc.checkpoint(mkdtempSync(join(tmpdir(), 'sluice-ckpt-')));
    ssc.queueStream<number>([]).foreachRDD(() => {});
    assert.throws(() => ssc.start(), /queueStream .* does not support checkpointing/);
  });
});
