// The contract every replayable source passes: a batch's records are fixed when it is generated, a
// program restarted from its checkpoint serves every batch time exactly as an uninterrupted run does
// (the replayed batches included), and stopping ends the source's batches.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type DStream, ManualClock, type Rdd, StreamingContext } from '../../src/index.ts';
import { EventLog } from '../support/events.ts';

export interface SourceContractSubject<T> {
  readonly name: string;
  /** Builds the source on `ssc`, reading from `world` (a fresh directory per scenario); called again for a restarted program. */
  create(ssc: StreamingContext, world: string): DStream<T>;
  /**
   * Makes the input of the batch at `batchTimeMs` available, before the clock reaches that time; a source
   * fed through a network (Kafka) returns a promise, awaited before the clock moves.
   */
  feed?(world: string, batchTimeMs: number): void | Promise<void>;
  /** Prepares a fresh world before any program reads it (creates a Kafka topic named after it). */
  setUp?(world: string): Promise<void>;
}

const batchMs = 1000;
const temp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

interface Scenario {
  readonly world: string;
  readonly checkpointDir: string | undefined;
  /** Batch times already fed, so each time is fed once across restarts. */
  readonly fed: Set<number>;
  /** Each batch's records by partition, by batch time, across every program of the scenario. */
  readonly out: Map<number, unknown[][]>;
}

async function scenario<T>(subject: SourceContractSubject<T>, checkpointed: boolean): Promise<Scenario> {
  const world = temp('sluice-source-world-');
  await subject.setUp?.(world);
  return {
    world,
    checkpointDir: checkpointed ? temp('sluice-source-ckpt-') : undefined,
    fed: new Set(),
    out: new Map(),
  };
}

interface RunResult {
  readonly ssc: StreamingContext;
  readonly clock: ManualClock;
  readonly rescheduled: readonly number[];
  /** Each batch's dataset, kept to compute it again later. */
  readonly rdds: Map<number, Rdd<unknown>>;
  readonly replayed: Map<number, unknown[][]>;
}

/**
 * Runs one program of the scenario (recreated from its checkpoint when `recover`) for `batches` more
 * batch intervals, feeding each batch's input before the clock reaches it; `failAt` fails that batch.
 */
async function runProgram<T>(
  subject: SourceContractSubject<T>,
  s: Scenario,
  batches: number,
  options: { recover?: boolean; failAt?: number } = {},
): Promise<RunResult> {
  let clock = new ManualClock(0);
  const rdds = new Map<number, Rdd<unknown>>();
  const replayed = new Map<number, unknown[][]>();
  const build = () => {
    clock = new ManualClock(0);
    const ssc = new StreamingContext({ batchDurationMs: batchMs, clock, defaultParallelism: 2 });
    if (s.checkpointDir !== undefined) ssc.checkpoint(s.checkpointDir);
    subject.create(ssc, s.world).foreachRDD((rdd, time) => {
      if (time === options.failAt) throw new Error(`failing batch ${time}`);
      const records = rdd.collectPartitions() as unknown[][];
      if (s.out.has(time)) replayed.set(time, records);
      s.out.set(time, records);
      rdds.set(time, rdd as Rdd<unknown>);
    });
    return ssc;
  };
  const feed = async (t: number) => {
    if (!s.fed.has(t)) await subject.feed?.(s.world, t);
    s.fed.add(t);
  };
  let ssc: StreamingContext;
  if (options.recover) {
    assert.ok(s.checkpointDir !== undefined);
    ssc = StreamingContext.getOrCreate(s.checkpointDir, build);
    const at = ssc.recoveredCheckpointTime;
    assert.ok(at !== undefined, 'the program was recreated from a checkpoint');
    clock.setTime(at);
  } else {
    ssc = build();
  }
  const log = new EventLog(ssc);
  const stopped = log.waitFor('streamingStopped');
  ssc.start();
  const rescheduled = [...ssc.rescheduledTimes];
  for (const t of rescheduled) await Promise.race([log.batchCompleted(t), stopped]);
  for (let i = 0; i < batches && ssc.getState() === 'active'; i++) {
    const t = clock.getTimeMillis() + batchMs;
    await feed(t);
    clock.advance(batchMs);
    await Promise.race([log.batchCompleted(t), stopped]);
  }
  await ssc.stop();
  await ssc.awaitTermination().catch(() => {});
  return { ssc, clock, rescheduled, rdds, replayed };
}

export function runSourceContract<T>(subject: SourceContractSubject<T>): void {
  describe(`source contract: ${subject.name}`, () => {
    it("fixes a batch's records when it is generated: computing its dataset again gives the same records", async () => {
      const s = await scenario(subject, false);
      const run = await runProgram(subject, s, 3);
      assert.deepEqual([...s.out.keys()], [1000, 2000, 3000]);
      // Input for later batches arrives; the datasets of the batches already generated must not change.
      await subject.feed?.(s.world, 4000);
      await subject.feed?.(s.world, 5000);
      for (const [t, rdd] of run.rdds) assert.deepEqual(rdd.collectPartitions(), s.out.get(t), `batch ${t}`);
    });

    it('serves every batch time after a restart from the checkpoint exactly as an uninterrupted run', async () => {
      const uninterrupted = await scenario(subject, false);
      await runProgram(subject, uninterrupted, 5);

      const s = await scenario(subject, true);
      await runProgram(subject, s, 3);
      const restarted = await runProgram(subject, s, 2, { recover: true });
      assert.deepEqual(restarted.rescheduled, [3000], 'the batch of the last checkpoint runs again');
      assert.deepEqual(restarted.replayed.get(3000), uninterrupted.out.get(3000), 'the replayed batch');
      assert.deepEqual([...s.out], [...uninterrupted.out]);
    });

    it('replays a batch that failed exactly as it was generated, then goes on', async () => {
      const uninterrupted = await scenario(subject, false);
      await runProgram(subject, uninterrupted, 4);

      const s = await scenario(subject, true);
      await runProgram(subject, s, 3, { failAt: 2000 });
      assert.deepEqual([...s.out.keys()], [1000], 'the program stopped at the failed batch');
      const restarted = await runProgram(subject, s, 2, { recover: true });
      assert.deepEqual(restarted.rescheduled, [2000]);
      assert.deepEqual([...s.out], [...uninterrupted.out]);
    });

    it('stops and starts again from its checkpoint any number of times, each batch time served once', async () => {
      const uninterrupted = await scenario(subject, false);
      await runProgram(subject, uninterrupted, 6);

      const s = await scenario(subject, true);
      const first = await runProgram(subject, s, 2);
      // A stopped program generates nothing, however far its clock moves.
      first.clock.advance(5 * batchMs);
      assert.deepEqual([...s.out.keys()], [1000, 2000]);
      await runProgram(subject, s, 2, { recover: true });
      await runProgram(subject, s, 2, { recover: true });
      assert.deepEqual([...s.out], [...uninterrupted.out]);
    });
  });
}
