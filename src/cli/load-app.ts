import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { StreamingContext } from '../context/index.ts';
import { SluiceError } from '../core/index.ts';

/**
 * The contract of an application module run by `sluice run`: its default export builds the graph and
 * returns the context, not yet started (Spark's application `main`, minus the `start()` call).
 * `args` are the command-line arguments after the module path.
 *
 * @example
 * export default function app(args: string[]): StreamingContext {
 *   const ssc = new StreamingContext({ batchDurationMs: 1000 });
 *   ssc.seededTextStream().count().print();
 *   return ssc;
 * }
 */
export type AppMain = (args: string[]) => StreamingContext | Promise<StreamingContext>;

/** Thrown when the module cannot be found or does not follow the {@link AppMain} contract. */
export class AppModuleError extends SluiceError {
  constructor(message: string) {
    super('INVALID_APP_MODULE', message);
  }
}

/** Imports the module at `path` (relative to the working directory) and returns its default export. */
export async function loadApp(path: string): Promise<AppMain> {
  const file = resolve(path);
  if (!existsSync(file)) throw new AppModuleError(`cannot find the app module ${file}`);
  const module: { default?: unknown } = await import(pathToFileURL(file).href);
  if (typeof module.default !== 'function') {
    throw new AppModuleError(
      `${path} must have a default export (args: string[]) => StreamingContext | Promise<StreamingContext>`,
    );
  }
  return module.default as AppMain;
}

/**
 * Checks that the app returned a streaming context. By shape rather than `instanceof`: the app may
 * import its own copy of sluice.
 */
export function requireContext(path: string, value: unknown): StreamingContext {
  const ssc = value as Partial<StreamingContext> | null;
  if (typeof ssc?.start !== 'function' || typeof ssc.stop !== 'function' || typeof ssc.getState !== 'function') {
    throw new AppModuleError(`the default export of ${path} returned ${String(value)}, not a StreamingContext`);
  }
  return value as StreamingContext;
}
