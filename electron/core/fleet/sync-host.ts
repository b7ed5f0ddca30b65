import os from 'node:os';
import type { ServerRecord } from '../catalog/servers-repo';
import type { Catalog } from '../catalog/catalog';
import type { HostConnection } from '../hosts/host-connection';
import { managedContainers } from './docker-ops';
import { reconcile, type ObservedContainer } from './reconcile';

export interface SyncOutcome {
  reachable: boolean;
  error: string | null;
  /** Servers whose row changed. */
  changed: string[];
  importable: ObservedContainer[];
  /** Every ZedOps container seen, for what Docker shows beside the status (health). */
  containers: ObservedContainer[];
}

/**
 * One full reconciliation of a host, without an event stream: gather what
 * Docker and the host show, let the pure `reconcile` decide, and apply its
 * changes with their history events in one transaction. A host that cannot
 * be reached changes nothing.
 */
export async function syncHost(
  catalog: Catalog,
  conn: HostConnection,
  now = Date.now(),
  { probeVersion = true }: { probeVersion?: boolean } = {},
): Promise<SyncOutcome> {
  let containers: ObservedContainer[];
  let version: string | undefined;
  try {
    // An idle host costs one request per sync: the version is only asked for when it may have changed.
    [containers, version] = await Promise.all([
      managedContainers(conn.docker),
      probeVersion ? conn.docker.version().then((v) => v.Version) : Promise.resolve(undefined),
    ]);
  } catch (err) {
    const error = conn.describeError(err);
    catalog.hosts.recordProbe(conn.host.id, { status: 'offline', error });
    return { reachable: false, error, changed: [], importable: [], containers: [] };
  }
  const known = catalog.hosts.get(conn.host.id);
  catalog.hosts.recordProbe(conn.host.id, {
    status: 'online',
    dockerVersion: version ?? known?.dockerVersion ?? 'unknown',
  });

  const stored = catalog.servers.list({ hostId: conn.host.id });
  // Leases of operations that died (expired, or their process is gone) no longer protect a row.
  const deadLeases = stored.filter((r) => r.leaseOwner !== null && !leaseIsLive(r, now)).map((r) => r.id);
  const rows = stored.map((r) => (deadLeases.includes(r.id) ? withoutLease(r) : r));
  const withContainer = new Set(containers.map((c) => c.serverId));
  const dataExists = new Map<string, boolean>();
  for (const r of rows) {
    if (!withContainer.has(r.id)) dataExists.set(r.id, (await conn.ops.dataDirStatus(r.name)).exists);
  }
  const result = reconcile({ rows, containers, dataExists, now });
  catalog.transaction(() => {
    for (const id of deadLeases) catalog.servers.clearLease(id);
    for (const c of result.changes) {
      if (c.to)
        catalog.servers.transition(c.serverId, {
          to: c.to,
          kind: c.kind,
          message: c.message,
          actor: 'reconciler',
          patch: c.patch,
        });
      else catalog.servers.update(c.serverId, c.patch);
    }
  });
  return {
    reachable: true,
    error: null,
    changed: [...new Set([...result.changes.map((c) => c.serverId), ...deadLeases])],
    importable: result.importable,
    containers,
  };
}

/**
 * A lease is live until it expires, except one held by a process on this
 * machine that no longer exists: a killed ZedOps is resolved at once.
 */
export function leaseIsLive(r: ServerRecord, now: number): boolean {
  if (!r.leaseOwner || (r.leaseExpiresAt ?? 0) <= now) return false;
  const [host, pid] = r.leaseOwner.split(':');
  if (host !== os.hostname() || !pid) return true;
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function withoutLease(r: ServerRecord): ServerRecord {
  return { ...r, leaseOwner: null, leaseOperation: null, leaseExpiresAt: null };
}
