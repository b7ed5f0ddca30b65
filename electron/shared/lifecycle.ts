/**
 * The lifecycle state machine, in one table (LIFECYCLE.md). Core refuses
 * what it does not allow; the UI shows exactly the buttons it allows.
 */

export const serverStatuses = ['creating', 'running', 'stopped', 'failed', 'missing', 'deleting', 'deleted'] as const;
export type ServerStatus = (typeof serverStatuses)[number];

export const serverActions = [
  'start',
  'stop',
  'restart',
  'recover',
  'retry',
  'rebuild',
  'delete',
  'restore',
  'purge',
] as const;
export type ServerAction = (typeof serverActions)[number];

export interface Transition {
  from: readonly ServerStatus[];
  /** Status on success; null when the row is removed. */
  to: ServerStatus | null;
  /** Status shown while the action runs, if it differs from the current one. */
  during?: ServerStatus;
  /** On failure the server becomes failed (create-like actions); otherwise it keeps its status. */
  failsTo?: ServerStatus;
}

export const lifecycle: Readonly<Record<ServerAction, Transition>> = {
  start: { from: ['stopped'], to: 'running' },
  stop: { from: ['running'], to: 'stopped' },
  restart: { from: ['running'], to: 'running' },
  recover: { from: ['missing'], to: 'running', failsTo: 'failed' },
  retry: { from: ['failed'], to: 'running', during: 'creating', failsTo: 'failed' },
  rebuild: { from: ['running', 'stopped'], to: 'running', failsTo: 'failed' },
  delete: { from: ['running', 'stopped', 'missing', 'failed'], to: 'deleted' },
  restore: { from: ['deleted'], to: 'missing' },
  purge: { from: ['deleted', 'failed', 'missing'], to: null, during: 'deleting' },
};

export function isAllowed(action: ServerAction, status: ServerStatus): boolean {
  return lifecycle[action].from.includes(status);
}

export function allowedActions(status: ServerStatus): ServerAction[] {
  return serverActions.filter((a) => isAllowed(a, status));
}

const why: Record<ServerStatus, string> = {
  creating: 'it is still being created',
  running: 'it is running',
  stopped: 'it is stopped',
  failed: 'it failed; use Edit & Retry, or purge it',
  missing: 'its container is missing; recover it first',
  deleting: 'it is being purged',
  deleted: 'it is deleted; restore it first',
};

/** Why an action is refused in a status, as a sentence; undefined when it is allowed. */
export function refusalReason(action: ServerAction, status: ServerStatus, name: string): string | undefined {
  if (isAllowed(action, status)) return undefined;
  const allowed = lifecycle[action].from.join(', ');
  return `Cannot ${action} server "${name}": ${why[status]}. ${capitalize(action)} works on servers that are ${allowed}.`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
