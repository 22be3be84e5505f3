import { loadApp, requireContext } from './load-app.ts';
import { onStopSignals } from './stop-signals.ts';

/**
 * `sluice run`: builds the app's context, starts it, and waits until it stops. The first SIGINT or
 * SIGTERM stops it gracefully (batches already generated finish); a second one exits at once.
 * Resolves with the exit code: 0 after a stop, 1 when the app could not start or the context failed.
 */
export async function runApp(path: string, args: string[]): Promise<number> {
  let removeSignalHandlers = (): void => {};
  try {
    const app = await loadApp(path);
    const ssc = requireContext(path, await app(args));
    // Waiting before start() makes a failure reach us rather than the context's own stderr report.
    const termination = ssc.awaitTermination();
    termination.catch(() => {});
    removeSignalHandlers = onStopSignals((signal) => {
      process.stderr.write(`sluice: ${signal}: stopping gracefully (send it again to exit at once)\n`);
      void ssc.stop();
    });
    if (ssc.getState() === 'initialized') ssc.start();
    await termination;
    return 0;
  } catch (e) {
    process.stderr.write(`sluice: ${explain(e)}\n`);
    return 1;
  } finally {
    removeSignalHandlers();
  }
}

/**
 * Errors with a `code` (Sluice's own, Node's) by their message, which says it all; anything else, most
 * likely a bug in the app, with its stack.
 */
function explain(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return typeof (error as { code?: unknown }).code === 'string' ? error.message : (error.stack ?? error.message);
}
