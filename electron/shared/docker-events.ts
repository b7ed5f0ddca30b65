/**
 * What ZedOps asks Docker's /events for, shared by core's event stream and
 * the agent's journal so both watch exactly the same container actions.
 */

/**
 * The container events that can change what ZedOps shows. Health-check
 * execs (every few seconds per server) are left out at the source, so an
 * idle fleet sends nothing. Docker matches `health_status` as a prefix.
 */
export const watchedActions = [
  'create',
  'start',
  'restart',
  'die',
  'kill',
  'stop',
  'destroy',
  'pause',
  'unpause',
  'oom',
  'rename',
  'health_status',
] as const;

/** Docker's `since`: seconds with a nanosecond fraction. */
export function sinceParam(nano: bigint): string {
  const s = nano / 1_000_000_000n;
  const frac = (nano % 1_000_000_000n).toString().padStart(9, '0');
  return `${s}.${frac}`;
}
