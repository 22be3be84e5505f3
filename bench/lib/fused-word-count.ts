/**
 * W1's baselines: word count fused by hand (split each line, count into a `Map`, then the same top-10 as
 * the engine's output), batch by batch, over the lines of each feed — held in memory, read from the
 * batch's files, or read from the loopback socket.
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { type CountSummary, summarizeCounts } from './checksum.ts';
import type { LineServer } from './line-server.ts';
import { read, type Span, since } from './measure.ts';

/** A timed run of a word count: its span and each batch's summary. */
export interface Run {
  readonly span: Span;
  readonly summaries: CountSummary[];
}

function countWords(line: string, counts: Map<string, number>): void {
  const words = line.split(' ');
  for (let j = 0; j < words.length; j++) {
    const w = words[j];
    counts.set(w, (counts.get(w) ?? 0) + 1);
  }
}

/** Lines held in memory, one array per batch. */
export function fusedFromMemory(batches: readonly (readonly string[])[], withChecksum: boolean): Run {
  const summaries: CountSummary[] = [];
  const start = read();
  for (const lines of batches) {
    const counts = new Map<string, number>();
    for (let i = 0; i < lines.length; i++) countWords(lines[i], counts);
    summaries.push(summarizeCounts(counts, withChecksum));
  }
  return { span: since(start), summaries };
}

/** Each batch's files (known in advance: no directory listing), read whole and split into lines. */
export function fusedFromFiles(files: readonly (readonly string[])[], withChecksum: boolean): Run {
  const summaries: CountSummary[] = [];
  const start = read();
  for (const batch of files) {
    const counts = new Map<string, number>();
    for (const file of batch) {
      const lines = readFileSync(file, 'utf8').split('\n');
      // The text ends with a line end, so the last piece is empty.
      for (let i = 0; i < lines.length - 1; i++) countWords(lines[i], counts);
    }
    summaries.push(summarizeCounts(counts, withChecksum));
  }
  return { span: since(start), summaries };
}

/**
 * A connection to the line server: asks for batch after batch and counts each batch's lines as the chunks
 * arrive (a line cut between two chunks is joined), until the batch's `linesPerBatch` lines are in.
 * Timed from the request of the first batch; connecting is not timed (nor is it on the engine's side).
 */
export async function fusedFromSocket(
  server: LineServer,
  numBatches: number,
  linesPerBatch: number,
  withChecksum: boolean,
): Promise<Run> {
  const accepted = server.nextConnection();
  const socket = connect({ host: '127.0.0.1', port: server.port });
  socket.setEncoding('utf8');
  await Promise.all([accepted, new Promise((resolve) => socket.once('connect', resolve))]);
  const summaries: CountSummary[] = [];
  let counts = new Map<string, number>();
  let linesIn = 0;
  let partial = '';
  let batchDone: (() => void) | undefined;
  socket.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (let i = 0; i < lines.length; i++) countWords(lines[i], counts);
    linesIn += lines.length;
    if (linesIn < linesPerBatch) return;
    if (linesIn > linesPerBatch) throw new Error(`W1 socket loop: ${linesIn} lines in a batch of ${linesPerBatch}`);
    summaries.push(summarizeCounts(counts, withChecksum));
    counts = new Map();
    linesIn = 0;
    batchDone?.();
  });
  const start = read();
  for (let i = 0; i < numBatches; i++) {
    const done = new Promise<void>((resolve) => {
      batchDone = resolve;
    });
    server.send(i);
    await done;
  }
  const span = since(start);
  socket.destroy();
  return { span, summaries };
}
