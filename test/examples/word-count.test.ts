import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';

const example = new URL('../../examples/word-count.ts', import.meta.url).pathname;
const batchLine = /^\d\d:\d\d:\d\d\.\d{3} {2}100 lines {2}\d+ ms {2}top 5: (\S+ \d+, ){4}\S+ \d+$/;

/** Runs the example; `onStdout` sees the output so far and may signal it. */
function wordCount(
  args: string[],
  onStdout?: (text: string, kill: (s: NodeJS.Signals) => void) => void,
): Promise<{ code: number | null; lines: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [example, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      onStdout?.(stdout, (signal) => child.kill(signal));
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, lines: stdout.split('\n').filter((l) => l !== '') }));
  });
}

describe('examples/word-count.ts', { timeout: 60_000 }, () => {
  it('prints one line per batch and exits 0 after --seconds', async () => {
    const { code, lines } = await wordCount(['--seconds', '2', '--batch-ms', '200', '--lines', '100']);
    assert.equal(code, 0);
    assert.ok(lines.length > 0, 'no batch line printed');
    for (const line of lines) assert.match(line, batchLine);
  });

  it('stops gracefully on Ctrl-C and exits 0', async () => {
    let signalled = false;
    const { code, lines } = await wordCount(
      ['--seconds', '600', '--batch-ms', '100', '--lines', '100'],
      (text, kill) => {
        if (!signalled && text.includes('\n')) {
          signalled = true;
          kill('SIGINT');
        }
      },
    );
    assert.equal(code, 0);
    for (const line of lines) assert.match(line, batchLine);
  });
});
