import { connect } from 'node:net';

/**
 * Resolves when something accepts TCP connections on 127.0.0.1:port, and otherwise throws an error naming the
 * service and the script that starts it: a test that needs a service fails without it, it never skips.
 */
export async function requireService(name: string, port: number, script: string): Promise<void> {
  const reachable = await new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(2000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
  if (!reachable) {
    throw new Error(`${name} is not running on 127.0.0.1:${port}: start it with ${script} start`);
  }
}

/** A port from the environment (as the service scripts read it), or the scripts' default. */
export function portFromEnv(variable: string, fallback: number): number {
  const raw = process.env[variable];
  return raw === undefined || raw === '' ? fallback : Number(raw);
}

/** A name no earlier run used, so tests never see each other's topics or tables. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
}
