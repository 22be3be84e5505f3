// Fault tests arm one named point through the environment; the variable is read once, so an unarmed
// process pays one string comparison per call.
const armed = parseArmed(process.env.SLUICE_CRASH_AT);
let hits = 0;

function parseArmed(value: string | undefined): { name: string; hit: number } | undefined {
  if (value === undefined || value === '') return undefined;
  const at = value.lastIndexOf('@');
  if (at < 0) return { name: value, hit: 1 };
  const hit = Number(value.slice(at + 1));
  return { name: value.slice(0, at), hit: Number.isInteger(hit) && hit > 0 ? hit : 1 };
}

/**
 * Kills the process with `SIGKILL` when the environment variable `SLUICE_CRASH_AT` names this point
 * (`name`, or `name@n` for its n-th hit); otherwise does nothing. Fault tests use it to stop a child
 * process in the narrow windows of a durable write (between rename and directory fsync, …).
 */
export function crashPoint(name: string): void {
  if (armed === undefined || armed.name !== name) return;
  hits++;
  if (hits === armed.hit) process.kill(process.pid, 'SIGKILL');
}
