import { readFileSync } from 'node:fs';

/** The `version` of sluice's package.json, two folders up both from `src/cli` and from `dist/cli`. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
