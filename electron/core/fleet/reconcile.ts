import type { ServerStatus } from '../../shared/lifecycle';
import type { ServerPatch, ServerRecord } from '../catalog/servers-repo';

/** A container labelled `zedops.managed=true`, as Docker shows it. */
export interface ObservedContainer {
  id: string;
  serverId: string | undefined;
  serverName: string | undefined;
  /** Docker's state word: created, running, paused, restarting, removing, exited, dead. */
  state: string;
  created: number;
  /** From the container's health check when it has one (Docker shows it in the list's status text). */
  health?: 'starting' | 'healthy' | 'unhealthy' | null;
}

export interface ReconcileInput {
  rows: readonly ServerRecord[];
  containers: readonly ObservedContainer[];
  /** Whether `<data root>/<name>` holds anything, for servers without a container. */
  dataExists: ReadonlyMap<string, boolean>;
  now: number;
}

export interface ServerChange {
  serverId: string;
  /** Set when the status changes; the change then leaves a history event. */
  to?: ServerStatus;
  patch: ServerPatch;
  kind: string;
  message: string;
}

export interface ReconcileResult {
  changes: ServerChange[];
  /** Labelled containers with no catalog row: offered for import. */
  importable: ObservedContainer[];
  /** Containers that showed up for deleted servers: reported, never adopted. */
  strays: { serverId: string; containerId: string }[];
}

const liveStates = new Set(['running', 'restarting']);

function observedStatus(c: ObservedContainer): ServerStatus {
  return liveStates.has(c.state) ? 'running' : 'stopped';
}

/** The container that speaks for a server: a running one, else the newest. */
function pick(candidates: readonly ObservedContainer[]): ObservedContainer | undefined {
  return [...candidates].sort(
    (a, b) => Number(liveStates.has(b.state)) - Number(liveStates.has(a.state)) || b.created - a.created,
  )[0];
}

/**
 * The reconciliation rules of LIFECYCLE.md as a pure function: what the
 * catalog should become, given what Docker and the host show. Containers
 * are matched by their `zedops.server.id` label, never by a stored id.
 */
export function reconcile(input: ReconcileInput): ReconcileResult {
  const byServer = new Map<string, ObservedContainer[]>();
  for (const c of input.containers) {
    if (!c.serverId) continue;
    const list = byServer.get(c.serverId) ?? [];
    list.push(c);
    byServer.set(c.serverId, list);
  }
  const known = new Set(input.rows.map((r) => r.id));
  const changes: ServerChange[] = [];
  const strays: ReconcileResult['strays'] = [];

  for (const row of input.rows) {
    const container = pick(byServer.get(row.id) ?? []);
    const leaseLive = row.leaseOwner !== null && (row.leaseExpiresAt ?? 0) > input.now;
    if (leaseLive) continue; // an operation owns this server right now
    const dataExists = container ? row.dataExists : (input.dataExists.get(row.id) ?? row.dataExists);
    const change = ruleFor(row, container, dataExists);
    if (row.status === 'deleted' && container) strays.push({ serverId: row.id, containerId: container.id });
    if (change) changes.push({ serverId: row.id, ...change });
  }

  const importable = input.containers.filter((c) => !c.serverId || !known.has(c.serverId));
  return { changes, importable, strays };
}

type Rule = Omit<ServerChange, 'serverId'> | undefined;

function ruleFor(row: ServerRecord, container: ObservedContainer | undefined, dataExists: boolean): Rule {
  const dataPatch: ServerPatch = dataExists !== row.dataExists ? { dataExists } : {};
  switch (row.status) {
    case 'deleted':
      return quiet(dataPatch);
    case 'creating':
      if (container)
        return follow(
          row,
          container,
          'interrupted',
          'The create was interrupted; the container exists, so the server follows it.',
        );
      return {
        to: 'failed',
        patch: {
          ...dataPatch,
          containerId: null,
          lastError:
            'Creating was interrupted (ZedOps stopped mid-way) before a container existed. Use Edit & Retry to finish it.',
        },
        kind: 'interrupted',
        message: 'Create was interrupted before the container existed.',
      };
    case 'deleting':
      return {
        to: 'deleted',
        patch: { ...dataPatch, deletedAt: row.deletedAt ?? Date.now() },
        kind: 'interrupted',
        message: 'A purge was interrupted; the server is kept as deleted. Purge it again to finish.',
      };
    case 'failed':
      // A failed server stays failed unless a matching container really runs.
      if (container && observedStatus(container) === 'running')
        return follow(row, container, 'observed', 'Its container is running again.');
      return quiet(dataPatch);
    case 'running':
    case 'stopped':
    case 'missing':
      if (container) return follow(row, container, 'observed', undefined);
      if (row.status === 'missing') return quiet({ ...dataPatch, ...(row.containerId ? { containerId: null } : {}) });
      return {
        to: 'missing',
        patch: { ...dataPatch, containerId: null },
        kind: 'container-gone',
        message: dataExists
          ? 'Its container is gone; the world data is still on the host. Recover recreates the container.'
          : 'Its container is gone and no data was found on the host. Recover starts a fresh world.',
      };
  }
}

function follow(row: ServerRecord, c: ObservedContainer, kind: string, message: string | undefined): Rule {
  const to = observedStatus(c);
  const patch: ServerPatch = {};
  if (row.containerId !== c.id) patch.containerId = c.id;
  if (to === 'running' && row.lastError && row.status === 'failed') patch.lastError = null;
  if (to === row.status) return quiet(patch);
  const text =
    message ??
    (to === 'running'
      ? 'Its container is running.'
      : row.status === 'missing'
        ? 'Its container is back, stopped.'
        : 'Its container stopped outside ZedOps.');
  return { to, patch, kind: row.status === 'missing' ? 'container-relinked' : kind, message: text };
}

function quiet(patch: ServerPatch): Rule {
  return Object.keys(patch).length ? { patch, kind: 'refreshed', message: '' } : undefined;
}
