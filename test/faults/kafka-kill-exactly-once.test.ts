// RELIABILITY S1/S9: a checkpointed Kafka pipeline in a child process is killed with SIGKILL mid-run — by the
// parent at an arbitrary moment, or by itself just before or just after its sink commits a batch — and
// restarted from its checkpoint directory. Kafka → Kafka through the transactional sink: a read_committed
// checker sees every input exactly once. Kafka → PostgreSQL: the table holds every input exactly once; a
// kill after the commit forces the batch to run again after the restart, and its progress row skips it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { bootstrapServers, checkpointDir, KafkaFixture } from '../integration/kafka/fixtures.ts';
import { lazyDatabase, postgresUrl } from '../integration/postgres/database.ts';
import { uniqueName } from '../integration/service.ts';
import type { PipelineConfig } from './fixtures/kafka-pipeline-app.ts';

const APP = fileURLToPath(new URL('./fixtures/kafka-pipeline-app.ts', import.meta.url));
const PARTITIONS = 2;
const PER_PARTITION = 30;
// Six records per partition and batch: the input spreads over five batches, and the program runs seven.
const RATE = 6;
const BATCHES = 7;

const kafka = new KafkaFixture();
const db = lazyDatabase();
after(async () => {
  await kafka.close();
  await db.close();
});

interface ChildRun {
  readonly signal: NodeJS.Signals | null;
  readonly status: number | null;
  /** Batch times the child reported complete, in order. */
  readonly done: number[];
  readonly stderr: string;
}

/**
 * Runs the pipeline in a child until it exits. `crashAt` arms a crash point (the child kills itself there);
 * `killAfter` makes the parent SIGKILL the child once it reports that batch complete, while it runs the next.
 */
function runChild(dir: string, config: PipelineConfig, kill: { crashAt?: string; killAfter?: number } = {}) {
  const env = { ...process.env };
  delete env.SLUICE_CRASH_AT;
  if (kill.crashAt !== undefined) env.SLUICE_CRASH_AT = kill.crashAt;
  const child = spawn(process.execPath, [APP, dir, JSON.stringify(config)], { env });
  const done: number[] = [];
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    let newline = stdout.indexOf('\n');
    while (newline >= 0) {
      const m = /^DONE (\d+)$/.exec(stdout.slice(0, newline));
      stdout = stdout.slice(newline + 1);
      newline = stdout.indexOf('\n');
      if (m === null) continue;
      done.push(Number(m[1]));
      if (Number(m[1]) === kill.killAfter) child.kill('SIGKILL');
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise<ChildRun>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status, signal) => resolve({ signal, status, done, stderr }));
  });
}

/** Produces the input, `p<partition>-<i>` values, and returns what the output must hold, sorted. */
async function produceInput(topic: string): Promise<string[]> {
  const expected: string[] = [];
  for (let p = 0; p < PARTITIONS; p++) {
    const values = Array.from({ length: PER_PARTITION }, (_, i) => `p${p}-${i}`);
    await kafka.produce(topic, p, values);
    expected.push(...values.map((v) => `out:${v}`));
  }
  return expected.sort();
}

/** Asserts the first run died by SIGKILL mid-run and the restarted one ran to the last batch. */
function assertKilledThenFinished(first: ChildRun, second: ChildRun): void {
  assert.equal(first.signal, 'SIGKILL', `the first run was killed (status ${first.status}: ${first.stderr})`);
  assert.ok(first.done.length >= 2 && first.done.length < BATCHES, `killed mid-run after ${first.done}`);
  assert.equal(second.status, 0, `the restarted run finished: ${second.stderr}`);
  assert.equal(second.done.at(-1), BATCHES * 1000);
  // No batch skipped: the restart resumes at or before the first batch the killed run did not complete.
  assert.ok(second.done[0] <= (first.done.length + 1) * 1000, `restart at ${second.done[0]} after ${first.done}`);
}

const kills: { readonly what: string; readonly crashAt?: (sink: string) => string; readonly killAfter?: number }[] = [
  { what: 'the parent kills it while it runs batch 3000', killAfter: 2000 },
  { what: 'it dies just before the sink commits batch 3000', crashAt: (sink) => `${sink}.beforeCommit@3` },
  { what: 'it dies just after the sink committed batch 3000', crashAt: (sink) => `${sink}.afterCommit@3` },
];

describe('Kafka → Kafka (transactional sink) killed with SIGKILL and restarted from its checkpoint', () => {
  for (const kill of kills) {
    it(`${kill.what}: a read_committed reader sees every input exactly once`, async () => {
      const input = await kafka.topic('killin', PARTITIONS);
      const output = await kafka.topic('killout', PARTITIONS);
      const expected = await produceInput(input);
      const config: PipelineConfig = {
        bootstrapServers,
        input,
        groupId: `${input}-g`,
        maxRatePerPartition: RATE,
        batches: BATCHES,
        sink: { kind: 'kafka', topic: output, transactionalId: `${input}-app` },
      };
      const dir = checkpointDir();
      const crashAt = kill.crashAt?.('kafkaSink');
      const first = await runChild(dir, config, { crashAt, killAfter: kill.killAfter });
      const second = await runChild(dir, config);
      assertKilledThenFinished(first, second);
      assert.deepEqual(await kafka.visibleValues(output, expected.length), expected);
      // The group's offsets, committed in the sink's transactions, reached the end of the input.
      const consumer = kafka.client.consumer({ groupId: config.groupId });
      const committed = await consumer.committed([
        { topic: input, partition: 0 },
        { topic: input, partition: 1 },
      ]);
      await consumer.close();
      assert.deepEqual(
        committed.map((c) => c.offset),
        [PER_PARTITION, PER_PARTITION],
      );
    });
  }
});

describe('Kafka → PostgreSQL killed with SIGKILL and restarted from its checkpoint', () => {
  for (const kill of kills) {
    it(`${kill.what}: the table holds every input exactly once`, async () => {
      const client = await db.client();
      const input = await kafka.topic('pgin', PARTITIONS);
      const table = uniqueName('kafka_rows');
      const progressTable = uniqueName('kafka_progress');
      db.dropLater(table);
      db.dropLater(progressTable);
      await client.query(`create table ${table} (value text not null, batch_ms bigint not null)`);
      const expected = await produceInput(input);
      const config: PipelineConfig = {
        bootstrapServers,
        input,
        groupId: `${input}-g`,
        maxRatePerPartition: RATE,
        batches: BATCHES,
        sink: { kind: 'postgres', connectionString: postgresUrl, table, progressTable, application: input },
      };
      const dir = checkpointDir();
      const crashAt = kill.crashAt?.('postgresSink');
      const first = await runChild(dir, config, { crashAt, killAfter: kill.killAfter });
      const afterKill = Number((await client.query(`select count(*) as n from ${table}`)).rows[0].n);
      const second = await runChild(dir, config);
      assertKilledThenFinished(first, second);
      const values = (await client.query(`select value from ${table}`)).rows.map((r: { value: string }) => r.value);
      assert.deepEqual(values.sort(), expected);
      // Each batch is in the table once, with the rows of its own ranges: six per partition while input lasts.
      const perBatch = (
        await client.query(`select batch_ms, count(*) as n from ${table} group by batch_ms order by batch_ms`)
      ).rows.map((r: { batch_ms: string; n: string }) => [Number(r.batch_ms), Number(r.n)]);
      assert.deepEqual(
        perBatch,
        [1000, 2000, 3000, 4000, 5000].map((t) => [t, RATE * PARTITIONS]),
      );
      if (kill.crashAt !== undefined && kill.what.includes('after')) {
        // Batch 3000 had committed when the process died, and it ran again after the restart (the
        // checkpoint that marks it complete was never written): the progress row skipped it.
        assert.equal(afterKill, 3 * RATE * PARTITIONS);
        assert.ok(second.done.includes(3000), `batch 3000 ran again: ${second.done}`);
      }
    });
  }
});
