// The benchmark command: `npm run bench -- <workload ...> [--quick] [--seconds N]` (no workload: all).
// Each workload runs in a process of its own, so one workload's compiled code and heap never colour
// another's figures, and `npm run bench -- w1` measures what `npm run bench` measures.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type BenchOptions, type Figure, passes, record } from './lib/report.ts';
import { w0BatchOverhead } from './w0-batch-overhead.ts';
import { w1WordCount } from './w1-word-count.ts';
import { w2WindowInverse } from './w2-window-inverse.ts';
import { w3State } from './w3-state.ts';
import { w5Kafka } from './w5-kafka.ts';

const WORKLOADS: Record<string, ((options: BenchOptions) => Promise<Figure[]>) | undefined> = {
  w0: w0BatchOverhead,
  w1: w1WordCount,
  w2: w2WindowInverse,
  w3: w3State,
  w4: undefined,
  w5: w5Kafka,
  nexmark: undefined,
  spark: undefined,
};

const usage = `usage: npm run bench -- [<workload> ...] [--quick] [--seconds N]
  workloads: ${Object.keys(WORKLOADS).join(', ')} (none: every implemented one)
  --quick      the short run (W0: 20 s per interval instead of 60 s; W1: 20 batches × 3 runs per feed instead of 40 × 5;
               W2: 10 steady slides per case instead of 30;
               W3: 10 batches × 200 k events instead of 20 × 250 k;
               W5: 300 k events per run and 35 s of live input instead of 1 M and 95 s)
  --seconds N  W0: N seconds per interval; W5: N seconds of live input for the latency case`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(2);
}

function parse(argv: readonly string[]): { names: string[]; options: BenchOptions } {
  const names: string[] = [];
  let quick = false;
  let seconds: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') quick = true;
    else if (arg === '--seconds') {
      seconds = Number(argv[++i]);
      if (!(seconds > 0)) fail(`--seconds needs a positive number, got ${argv[i]}`);
    } else if (arg === '--help' || arg === '-h') {
      console.log(usage);
      process.exit(0);
    } else if (arg in WORKLOADS) {
      if (WORKLOADS[arg] === undefined) {
        const ready = Object.keys(WORKLOADS).filter((w) => WORKLOADS[w] !== undefined);
        fail(`${arg} is not implemented yet (implemented: ${ready.join(', ')})`);
      }
      if (!names.includes(arg)) names.push(arg);
    } else fail(`unknown workload or option: ${arg}`);
  }
  if (names.length === 0) names.push(...Object.keys(WORKLOADS).filter((w) => WORKLOADS[w] !== undefined));
  return { names, options: { quick, seconds } };
}

async function main(): Promise<void> {
  const { names, options } = parse(process.argv.slice(2));
  if (names.length > 1) {
    const flags = process.argv.slice(2).filter((a) => !names.includes(a));
    let failed = false;
    for (const name of names) {
      const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), name, ...flags], {
        stdio: 'inherit',
      });
      if (child.status !== 0) failed = true;
    }
    process.exitCode = failed ? 1 : 0;
    return;
  }
  const name = names[0];
  const run = WORKLOADS[name];
  if (run === undefined) return;
  const figures = await run(options);
  record(name, figures, options);
  const missed = figures.filter((f) => !passes(f.row)).length;
  console.log(
    `${name}: ${figures.length - missed} of ${figures.length} targets met; wrote bench/results/${name}.json and a row per figure to bench/RESULTS.md\n`,
  );
}

await main();
