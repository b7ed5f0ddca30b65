import type Dockerode from 'dockerode';
import { ApiError } from '../../shared/api';
import type { Server } from '../../shared/servers';
import type { Catalog } from '../catalog/catalog';
import type { HostRecord } from '../catalog/hosts-repo';
import type { HostConnection, HostConnections } from '../hosts/host-connection';
import { findConflicts } from '../ports/port-conflicts';
import { catalogPortHolders } from '../ports/port-holders';
import { labels } from './container-spec';
import { rowFromContainer, type ImportableContainer } from './container-to-row';
import { managedContainers } from './docker-ops';
import type { Fleet } from './fleet';
import { reconcile, type ObservedContainer } from './reconcile';

export interface ImportDeps {
  catalog: Catalog;
  fleet: Fleet;
  connections: HostConnections;
}

/** Labelled containers on the host whose server is not in the catalog: reconcile's `importable`. */
export async function listImportable(deps: ImportDeps, hostId: string): Promise<ImportableContainer[]> {
  const host = deps.fleet.requireHost(hostId);
  const conn = deps.connections.get(host);
  const candidates = await importableContainers(deps, conn);
  const listed: ImportableContainer[] = [];
  for (const c of candidates) {
    if (!c.serverId || !c.serverName) continue; // no way to name it; `server import` could not reach it
    const info = await inspectIfPresent(conn, c.id);
    if (!info) continue;
    listed.push({
      containerId: c.id,
      name: c.serverName,
      serverId: c.serverId,
      image: info.Config.Image,
      state: c.state,
    });
  }
  return listed.sort((a, b) => a.name.localeCompare(b.name) || a.containerId.localeCompare(b.containerId));
}

/**
 * Imports the labelled container named `name` on a host: rebuilds its row,
 * checks its ports against the catalog, and inserts the row, its port
 * reservations and an "import" history event in one transaction. Nothing is
 * written when anything is refused.
 */
export async function importServer(deps: ImportDeps, hostId: string, name: string): Promise<Server> {
  const { catalog, fleet } = deps;
  const host = fleet.requireHost(hostId);
  refuseKnownName(catalog, host, name);
  const conn = deps.connections.get(host);

  const all = await listManaged(conn);
  const named = all.filter((c) => c.serverName === name);
  if (named.length === 0) {
    throw new ApiError(
      'not_found',
      `There is no container for a server named "${name}" on host "${host.name}" (none labelled ${labels.serverName}=${name}). List what can be imported with "zedops server importable --host '${host.name}'".`,
    );
  }
  const candidates = named.filter((c) => !c.serverId || !catalog.servers.get(c.serverId));
  if (candidates.length === 0) {
    const known = catalog.servers.get(named[0]?.serverId ?? '');
    const where = known ? catalog.hosts.get(known.hostId) : undefined;
    throw new ApiError(
      'not_allowed',
      `The container of "${name}" belongs to server id ${named[0]?.serverId}, which is already in the catalog as "${known?.name}"${where ? ` on host "${where.name}"` : ''}. There is nothing to import; nothing was changed.`,
    );
  }
  const ids = new Set(candidates.map((c) => c.serverId ?? ''));
  if (ids.size > 1) {
    throw new ApiError(
      'not_allowed',
      `Several containers on host "${host.name}" are labelled ${labels.serverName}=${name}, for different servers (${[...ids].map((i) => i || 'no id').join(', ')}). Remove the ones that are not wanted, then import again. Nothing was changed.`,
    );
  }
  // Several containers of one server: the one that speaks for it, as sync picks it.
  const container = [...candidates].sort(
    (a, b) => Number(isLive(b.state)) - Number(isLive(a.state)) || b.created - a.created,
  )[0] as ObservedContainer;

  const info = await inspectIfPresent(conn, container.id);
  if (!info)
    throw new ApiError('not_found', `The container of "${name}" was removed a moment ago; there is nothing to import.`);
  const row = rowFromContainer(info, host, await imageEnvOf(conn, info.Image));
  if (!row.ok) throw new ApiError('invalid_request', `${row.reason} Nothing was imported.`);
  const { server } = row;
  const containerName = info.Name.replace(/^\//, '');

  const conflicts = findConflicts(server, catalogPortHolders(catalog.servers.reservations(host.id)));
  if (conflicts.length > 0) {
    const clashes = conflicts.map((c) =>
      c.layer === 'catalog'
        ? `its ${c.role === 'rcon' ? 'RCON' : c.role === 'udp' ? 'UDP' : 'game'} port ${c.port}/${c.protocol} is reserved in the catalog by ${c.holder}`
        : c.message,
    );
    throw new ApiError(
      'invalid_request',
      `Container "${containerName}" cannot be imported: ${clashes.join('; ')}. Two servers on one host cannot share a port; free the port first (purge or Edit & Retry the other server). Nothing was imported.`,
    );
  }

  const data = await conn.ops.dataDirStatus(server.name);
  const secrets = fleet.seal(row.secrets);
  const { containerId, ...fields } = server;
  try {
    catalog.transaction(() => {
      refuseKnownName(catalog, host, server.name);
      refuseKnownId(catalog, server.id, containerName);
      catalog.servers.insert(
        { ...fields, secrets },
        {
          kind: 'import',
          actor: 'user',
          message: `Imported from container ${containerName} (${server.status}).`,
        },
      );
      catalog.servers.update(server.id, { containerId, dataExists: data.exists });
    });
  } catch (err) {
    if (err instanceof ApiError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE') {
      throw new ApiError(
        'not_allowed',
        `Another operation on host "${host.name}" took the name "${server.name}", its id or one of its ports a moment ago. Nothing was imported; look at the catalog and try again.`,
      );
    }
    throw err;
  }
  return fleet.emit(server.id);
}

function refuseKnownName(catalog: Catalog, host: HostRecord, name: string): void {
  const existing = catalog.servers.findByName(host.id, name);
  if (existing) {
    throw new ApiError(
      'not_allowed',
      `A server named "${name}" is already in the catalog on host "${host.name}" (${existing.status}); there is nothing to import. Nothing was changed.`,
    );
  }
}

function refuseKnownId(catalog: Catalog, id: string, containerName: string): void {
  const existing = catalog.servers.get(id);
  if (existing) {
    throw new ApiError(
      'not_allowed',
      `Container "${containerName}" belongs to server id ${id}, which is already in the catalog as "${existing.name}". There is nothing to import; nothing was changed.`,
    );
  }
}

const isLive = (state: string) => state === 'running' || state === 'restarting';

async function listManaged(conn: HostConnection): Promise<ObservedContainer[]> {
  try {
    return await managedContainers(conn.docker);
  } catch (err) {
    throw new ApiError('failed', conn.describeError(err));
  }
}

/** Reconcile's rule: a labelled container whose server id has no catalog row on this host (nor anywhere else). */
async function importableContainers(deps: ImportDeps, conn: HostConnection): Promise<ObservedContainer[]> {
  const containers = await listManaged(conn);
  const rows = deps.catalog.servers.list({ hostId: conn.host.id });
  const { importable } = reconcile({ rows, containers, dataExists: new Map(), now: Date.now() });
  return importable.filter((c) => !c.serverId || !deps.catalog.servers.get(c.serverId));
}

async function inspectIfPresent(conn: HostConnection, id: string): Promise<Dockerode.ContainerInspectInfo | undefined> {
  try {
    return await conn.docker.getContainer(id).inspect();
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw new ApiError('failed', conn.describeError(err));
  }
}

/** The image's own env; empty when the image is gone (then every variable is kept). */
async function imageEnvOf(conn: HostConnection, imageId: string): Promise<string[]> {
  try {
    return (await conn.docker.getImage(imageId).inspect()).Config?.Env ?? [];
  } catch {
    return [];
  }
}
