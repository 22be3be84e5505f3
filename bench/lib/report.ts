/**
 * Where results go: `bench/results/<workload>.json` (one row per figure that has a target; read by other
 * tools, so the row shape is fixed) and one line per row appended to the committed `bench/RESULTS.md`.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fixed, si } from './measure.ts';

/** One figure with a target. `ratio` = value / baseline; the target applies to the ratio. */
export interface ResultRow {
  workload: string;
  case: string;
  value: number;
  baseline: number;
  ratio: number;
  target: number;
  higherIsBetter: boolean;
  unit: string;
}

/** How a workload is run: `--quick` shortens it, `--seconds N` overrides its per-case duration. */
export interface BenchOptions {
  readonly quick: boolean;
  readonly seconds: number | undefined;
}

/** A row plus what the history table shows beside it (per-core figures, peak RSS, checksum). */
export interface Figure {
  readonly row: ResultRow;
  readonly notes: string;
}

const rootDir = fileURLToPath(new URL('../..', import.meta.url));
const benchDir = fileURLToPath(new URL('..', import.meta.url));
const resultsDir = `${benchDir}results`;
const historyFile = `${benchDir}RESULTS.md`;

export function row(
  workload: string,
  name: string,
  value: number,
  baseline: number,
  target: number,
  higherIsBetter: boolean,
  unit: string,
): ResultRow {
  return { workload, case: name, value, baseline, ratio: value / baseline, target, higherIsBetter, unit };
}

export function passes(r: ResultRow): boolean {
  return r.higherIsBetter ? r.ratio >= r.target : r.ratio <= r.target;
}

/** `ratio 0.51 (target ≥ 0.5): pass`. */
export function verdict(r: ResultRow): string {
  return `ratio ${fixed(r.ratio)} (target ${r.higherIsBetter ? '≥' : '≤'} ${fixed(r.target)}): ${passes(r) ? 'pass' : 'MISS'}`;
}

function commit(): string {
  try {
    const git = (...args: string[]): string =>
      execFileSync('git', args, { cwd: rootDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const hash = git('rev-parse', '--short', 'HEAD');
    // Dirty: the engine or the benchmarks differ from the commit (new benchmark files not yet added aside).
    const changes = git('status', '--porcelain', '--', 'src', 'bench', ':(exclude)bench/RESULTS.md')
      .split('\n')
      .filter((line) => line !== '' && (!line.startsWith('??') || line.startsWith('?? src/')));
    return changes.length > 0 ? `${hash}+dirty` : hash;
  } catch {
    return 'unknown';
  }
}

const header = `# Benchmark results

The history of benchmark runs, newest last. Reproduce a row with one command (\`--quick\` is the short run;
without it each case runs at full length, and with no workload named every workload runs):

    npm run bench -- w0 w1 --quick

Each row is one figure that has a target. **Value** and **Baseline** come from the same run (the case names
the baseline: a hand-written equivalent measured alongside, or for a delay the batch interval), **Ratio** =
value / baseline, and the target applies to the ratio; an absolute target (W0's fixed cost ≤ 100 µs per
batch) is turned into the ratio bound it means against that run's baseline, and the case states it. Notes
give per-core figures (from \`process.cpuUsage()\`, all threads), the peak RSS of the benchmark process and
the output checksum. The machine-readable form of the latest run of a workload is
\`bench/results/<workload>.json\` (not committed).

| Date (UTC) | Commit | Node | Mode | Workload | Case | Value | Baseline | Ratio | Target | Result | Notes |
|---|---|---|---|---|---|---|---|---|---|---|---|
`;

/** Writes the workload's JSON rows and appends them to the history table. */
export function record(workload: string, figures: readonly Figure[], options: BenchOptions): void {
  mkdirSync(resultsDir, { recursive: true });
  const rows = figures.map((f) => f.row);
  writeFileSync(`${resultsDir}/${workload}.json`, `${JSON.stringify(rows, null, 2)}\n`);
  if (!existsSync(historyFile) || !readFileSync(historyFile, 'utf8').includes('| Date (UTC) |')) {
    writeFileSync(historyFile, header);
  }
  const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const mode = options.seconds !== undefined ? `${options.seconds} s` : options.quick ? 'quick' : 'full';
  const at = commit();
  const lines = figures.map(({ row: r, notes }) => {
    const cells = [
      date,
      at,
      process.version,
      mode,
      r.workload,
      r.case,
      `${si(r.value)} ${r.unit}`,
      `${si(r.baseline)} ${r.unit}`,
      fixed(r.ratio),
      `${r.higherIsBetter ? '≥' : '≤'} ${fixed(r.target)}`,
      passes(r) ? 'pass' : '**miss**',
      notes,
    ];
    return `| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |\n`;
  });
  appendFileSync(historyFile, lines.join(''));
}
