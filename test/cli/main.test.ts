import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

const main = new URL('../../src/cli/main.ts', import.meta.url).pathname;
const fixture = (name: string): string => new URL(`fixtures/${name}.ts`, import.meta.url).pathname;

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `sluice <args>` as a child process; `onStdout` sees the output so far and may signal the child. */
function sluice(args: string[], onStdout?: (text: string, kill: (s: NodeJS.Signals) => void) => void): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      onStdout?.(stdout, (signal) => child.kill(signal));
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('sluice', { timeout: 60_000 }, () => {
  it('runs an app module with its arguments and exits 0 when the app stops its context', async () => {
    const { code, stdout, stderr } = await sluice(['run', fixture('two-batches'), 'hello', '--flag']);
    assert.equal(stderr, '');
    assert.equal(code, 0);
    assert.match(stdout, /Time: 1000 ms\n-+\nhello\n--flag\n/);
    assert.match(stdout, /Time: 2000 ms\n-+\nlast\n/);
  });

  it('passes what follows -- to the app', async () => {
    const { code, stdout } = await sluice(['run', fixture('two-batches'), '--', '--verbose']);
    assert.equal(code, 0);
    assert.match(stdout, /Time: 1000 ms\n-+\n--verbose\n\n/);
  });

  it('exits 1 with the error of a failed batch', async () => {
    const { code, stdout, stderr } = await sluice(['run', fixture('failing')]);
    assert.equal(code, 1);
    assert.match(stdout, /Time: 1000 ms/);
    assert.match(stderr, /^sluice: Batch 2000 ms failed .*boom on 2\n$/);
  });

  it('exits 1 naming the contract when the module has no default export', async () => {
    const { code, stderr } = await sluice(['run', fixture('not-an-app')]);
    assert.equal(code, 1);
    assert.match(stderr, /not-an-app\.ts must have a default export/);
  });

  it('exits 1 when the module does not exist', async () => {
    const { code, stderr } = await sluice(['run', fixture('missing')]);
    assert.equal(code, 1);
    assert.match(stderr, /cannot find the app module .*missing\.ts/);
  });

  it('stops gracefully on SIGINT and exits 0', async () => {
    let signalled = false;
    const { code, stdout, stderr } = await sluice(['run', fixture('endless')], (text, kill) => {
      if (!signalled && text.includes('batch ')) {
        signalled = true;
        kill('SIGINT');
      }
    });
    assert.equal(code, 0);
    assert.match(stdout, /^batch \d+$/m);
    assert.match(stderr, /SIGINT: stopping gracefully/);
  });

  it('prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    const { code, stdout } = await sluice(['version']);
    assert.equal(code, 0);
    assert.equal(stdout, `${version}\n`);
  });
});
