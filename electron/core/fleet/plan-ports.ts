import { ApiError } from '../../shared/api';
import type { PortConflict, PortSet } from '../../shared/servers';
import type { Catalog } from '../catalog/catalog';
import type { HostConnection } from '../hosts/host-connection';
import { findConflicts, takenPorts } from '../ports/port-conflicts';
import { catalogPortHolders, dockerPortHolders, hostPortHolders } from '../ports/port-holders';
import { suggestPorts } from '../ports/suggest-ports';
import type { PortHolder } from '../ports/port-conflicts';
import { HostOpsError } from '../host-ops/host-ops';

/** Every port held on a host, in the three layers, except those of `exceptServerId` (Edit & Retry). */
export async function portHolders(
  catalog: Catalog,
  conn: HostConnection,
  exceptServerId?: string,
): Promise<PortHolder[]> {
  const rows = catalog.servers.reservations(conn.host.id).filter((r) => r.serverId !== exceptServerId);
  const own = exceptServerId ? catalog.servers.get(exceptServerId) : undefined;
  const [docker, host] = await Promise.all([dockerPortHolders(conn.docker), hostSockets(conn)]);
  // The server's own container, and the sockets Docker opens to publish its ports, do not conflict with itself.
  const isOwn = (h: PortHolder) => own !== undefined && h.serverName === own.name;
  const ownPublished = new Set(docker.filter(isOwn).map((h) => `${h.protocol}/${h.port}`));
  return [
    ...catalogPortHolders(rows),
    ...docker.filter((h) => !isOwn(h)),
    ...host.filter((h) => !ownPublished.has(`${h.protocol}/${h.port}`)),
  ];
}

/** The host's listening sockets; where the platform cannot list them, the other two layers still hold. */
async function hostSockets(conn: HostConnection): Promise<PortHolder[]> {
  try {
    return await hostPortHolders(conn.ops);
  } catch (err) {
    if (err instanceof HostOpsError && err.kind === 'unsupported') return [];
    throw err;
  }
}

export async function checkPorts(
  catalog: Catalog,
  conn: HostConnection,
  ports: PortSet,
  exceptServerId?: string,
): Promise<PortConflict[]> {
  return findConflicts(ports, await portHolders(catalog, conn, exceptServerId));
}

/** Fills in the ports not given with the first free set, then checks all three layers. */
export async function planPorts(
  catalog: Catalog,
  conn: HostConnection,
  wanted: Partial<PortSet>,
  exceptServerId?: string,
): Promise<PortSet> {
  const holders = await portHolders(catalog, conn, exceptServerId);
  const suggestion = suggestPorts(takenPorts(holders));
  const ports: PortSet = {
    gamePort: wanted.gamePort ?? suggestion.gamePort,
    udpPort: wanted.udpPort ?? (wanted.gamePort !== undefined ? wanted.gamePort + 1 : suggestion.udpPort),
    rconPort: wanted.rconPort ?? suggestion.rconPort,
  };
  const conflicts = findConflicts(ports, holders);
  if (conflicts.length > 0) throw new ApiError('invalid_request', conflicts.map((c) => c.message).join(' '));
  return ports;
}
