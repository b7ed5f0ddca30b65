import type { ServerAction, ServerStatus } from '../../../electron/shared/lifecycle';

export const statusLabel: Record<ServerStatus, string> = {
  creating: 'Creating',
  running: 'Running',
  stopped: 'Stopped',
  failed: 'Failed',
  missing: 'Missing',
  deleting: 'Purging',
  deleted: 'Deleted',
};

export const actionLabel: Record<ServerAction, string> = {
  start: 'Start',
  stop: 'Stop',
  restart: 'Restart',
  recover: 'Recover',
  retry: 'Edit & Retry',
  rebuild: 'Rebuild',
  delete: 'Delete',
  restore: 'Restore',
  purge: 'Purge',
};

const operationWords: Record<string, string> = {
  create: 'Creating',
  start: 'Starting',
  stop: 'Stopping',
  restart: 'Restarting',
  recover: 'Recovering',
  retry: 'Retrying',
  rebuild: 'Rebuilding',
  delete: 'Deleting',
  restore: 'Restoring',
  purge: 'Purging',
};

/** "Stopping…" for an operation name from the catalog; unknown names still read as a sentence. */
export function operationLabel(operation: string): string {
  return `${operationWords[operation] ?? `Running ${operation}`}…`;
}

/** "just now", "5 min ago", "3 h ago", "2 days ago"; `in …` for times ahead. */
export function relativeTime(iso: string, now: number): string {
  const diff = new Date(iso).getTime() - now;
  const ahead = diff > 0;
  const abs = Math.abs(diff);
  const minutes = Math.round(abs / 60_000);
  if (abs < 45_000) return ahead ? 'in under a minute' : 'just now';
  const span =
    minutes < 60
      ? `${minutes} min`
      : minutes < 48 * 60
        ? `${Math.round(minutes / 60)} h`
        : `${Math.round(minutes / 1440)} days`;
  return ahead ? `in ${span}` : `${span} ago`;
}
