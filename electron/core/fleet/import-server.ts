import path from 'node:path';
import type Dockerode from 'dockerode';
import { ApiError } from '../../shared/api';
import {
  envSchema,
  imageReferenceSchema,
  managedEnvKeys,
  portSchema,
  serverNameSchema,
  type PortSet,
  type Server,
} from '../../shared/servers';
import type { Catalog } from '../catalog/catalog';
import type { HostRecord } from '../catalog/hosts-repo';
import type { NewServer } from '../catalog/servers-repo';
import { describeDockerError } from '../docker/probe-docker';
import type { HostConnection, HostConnections } from '../hosts/host-connection';
import { findConflicts } from '../ports/port-conflicts';
import { catalogPortHolders } from '../ports/port-holders';
import { labels, serverDirs, type ServerSecrets } from './container-spec';
import { managedContainers } from './docker-ops';
import type { Fleet } from './fleet';
import { reconcile, type ObservedContainer } from './reconcile';

/** Where the image expects the two folders ZedOps binds from `<data root>/<name>`. */
export const mountTargets = { bin: '/home/steam/ZomboidDedicatedServer', data: '/home/steam/Zomboid' } as const;

/** A catalog row rebuilt from a container, ready for `ServersRepo.insert` once its secrets are sealed. */
export type ImportedServer = Omit<NewServer, 'secrets' | 'status'> & {
  status: 'running' | 'stopped';
  containerId: string;
};

export type ImportRow = { ok: true; server: ImportedServer; secrets: ServerSecrets } | { ok: false; reason: string };

/** A labelled container with no catalog row, as `servers.importable` lists it. */
export interface ImportableContainer {
  containerId: string;
  name: string;
  serverId: string;
  image: string;
  state: string;
}

// Ids ZedOps makes are UUIDs; accept any plain token a catalog key can hold.
const serverIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/**
 * Rebuilds a server's catalog row from its container (LIFECYCLE.md,
 * reconciliation: "Import"): id and name from the labels, image and env from
 * the config, ports from the port variables (else the published ports),
 * passwords from the env. Refuses, with every reason found, a container
 * ZedOps could not manage as it is: missing labels, no admin password, or
 * folders bound from anywhere but `<host data root>/<name>`.
 *
 * `imageEnv` is the image's own env; variables the container only inherits
 * from it are left out of the server's config, so a rebuild on a newer image
 * takes the image's new values.
 */
export function rowFromContainer(
  info: Dockerode.ContainerInspectInfo,
  host: HostRecord,
  imageEnv: readonly string[] = [],
): ImportRow {
  const containerName = info.Name?.replace(/^\//, '') || info.Id.slice(0, 12);
  const refuse = (reasons: string[]): ImportRow => ({
    ok: false,
    reason: `Container "${containerName}" cannot be imported. ${reasons.map(capitalize).join(' ')}`,
  });
  const tags = info.Config?.Labels ?? {};

  if (tags[labels.managed] !== 'true')
    return refuse([`it is not labelled ${labels.managed}=true, so it is not a ZedOps server.`]);
  const id = tags[labels.serverId];
  if (!id) return refuse([`it has no ${labels.serverId} label, so ZedOps cannot tell which server it belongs to.`]);
  if (!serverIdPattern.test(id))
    return refuse([
      `its ${labels.serverId} label "${id}" is not a server id (letters, digits, dots, dashes and underscores, at most 100).`,
    ]);
  const labelledName = tags[labels.serverName];
  if (!labelledName) return refuse([`it has no ${labels.serverName} label, so the server has no name.`]);
  const parsedName = serverNameSchema.safeParse(labelledName);
  if (!parsedName.success)
    return refuse([
      `its ${labels.serverName} label "${labelledName}" is not a valid server name: ${parsedName.error.issues[0]?.message ?? 'invalid'}`,
    ]);
  const name = parsedName.data;

  const reasons: string[] = [];
  const env = parseEnv(info.Config?.Env ?? []);
  const inherited = parseEnv(imageEnv);

  const adminPassword = env.get('ADMIN_PASSWORD');
  if (!adminPassword)
    reasons.push(
      'it has no ADMIN_PASSWORD in its environment, and the server cannot be managed without it (ZedOps recreates the container with it on recover and rebuild).',
    );
  const rconPassword = env.get('RCON_PASSWORD') || undefined;

  const image = info.Config?.Image ?? '';
  if (!imageReferenceSchema.safeParse(image).success)
    reasons.push(`its image "${image}" is not an image reference ZedOps can pull again on rebuild.`);

  reasons.push(...mountProblems(info, host, name));

  const ports = portsOf(env, info.HostConfig?.PortBindings as PortBindings | undefined);
  reasons.push(...ports.problems);

  const config: Record<string, string> = {};
  for (const [key, value] of env) {
    if ((managedEnvKeys as readonly string[]).includes(key)) continue;
    if (key === 'SERVER_NAME' && value === name) continue;
    if (inherited.get(key) === value) continue;
    config[key] = value;
  }
  const envCheck = envSchema.safeParse(config);
  if (!envCheck.success) {
    const issue = envCheck.error.issues[0];
    const key = issue?.path[0];
    // A bad key nests its real reason one level down.
    const why = issue?.code === 'invalid_key' ? issue.issues[0]?.message : issue?.message;
    reasons.push(
      `its environment cannot be kept as server settings${key === undefined ? '' : ` (${String(key)})`}: ${why ?? 'invalid'}`,
    );
  }

  if (reasons.length > 0 || !adminPassword || !ports.set) return refuse(reasons);
  return {
    ok: true,
    server: {
      id,
      hostId: host.id,
      name,
      image,
      config: { env: config },
      ...ports.set,
      status: info.State?.Running || info.State?.Restarting ? 'running' : 'stopped',
      containerId: info.Id,
    },
    secrets: { adminPassword, ...(rconPassword ? { rconPassword } : {}) },
  };
}

/** `KEY=value` lines as a map; the last one wins, as in Docker. */
function parseEnv(lines: readonly string[]): Map<string, string> {
  const env = new Map<string, string>();
  for (const line of lines) {
    const at = line.indexOf('=');
    if (at > 0) env.set(line.slice(0, at), line.slice(at + 1));
  }
  return env;
}

function cleanPath(p: string): string {
  const normalized = path.posix.normalize(p);
  return normalized.length > 1 ? normalized.replace(/\/+$/, '') : normalized;
}

function mountProblems(info: Dockerode.ContainerInspectInfo, host: HostRecord, name: string): string[] {
  const dirs = serverDirs(host.dataRoot, name);
  const expected = [
    { target: mountTargets.bin, source: dirs.bin },
    { target: mountTargets.data, source: dirs.data },
  ];
  const mounts = info.Mounts ?? [];
  const problems: string[] = [];
  const elsewhere: string[] = [];
  for (const want of expected) {
    const found = mounts.find((m) => cleanPath(m.Destination) === want.target);
    if (!found) {
      problems.push(`Its ${want.target} is not bound to a folder on the host (ZedOps binds ${want.source} there).`);
    } else if (found.Type !== 'bind') {
      problems.push(
        `Its ${want.target} is a Docker ${found.Type}${found.Name ? ` "${found.Name}"` : ''}, not the host folder ${want.source}.`,
      );
    } else if (cleanPath(found.Source) !== want.source) {
      elsewhere.push(`its ${want.target} points to ${found.Source}, not ${want.source}`);
    }
  }
  if (elsewhere.length > 0) {
    problems.push(
      `${capitalize(elsewhere.join(', and '))}. The data root of host "${host.name}" (${host.dataRoot}) must match where the container's folders are: change the host's data root, or move the folders there and recreate the container.`,
    );
  }
  const extra = mounts.filter(
    (m) => m.Type === 'bind' && !expected.some((want) => cleanPath(m.Destination) === want.target),
  );
  if (extra.length > 0) {
    problems.push(
      `It also binds ${extra.map((m) => `${m.Source} to ${m.Destination}`).join(', ')}, which ZedOps would not keep when it recreates the container.`,
    );
  }
  return problems;
}

type PortBindings = Record<string, Array<{ HostIp?: string; HostPort?: string }> | null | undefined>;

/**
 * The three ports: from DEFAULT_PORT, UDP_PORT and RCON_PORT (what the game
 * listens on), else from the published ports. ZedOps publishes every port on
 * the same number, so a port published elsewhere is refused.
 */
function portsOf(env: Map<string, string>, bindings: PortBindings | undefined): { set?: PortSet; problems: string[] } {
  const published = (protocol: 'udp' | 'tcp'): { container: number; host: number }[] =>
    Object.entries(bindings ?? {})
      .flatMap(([key, list]) => {
        const [port, proto] = key.split('/');
        if (proto !== protocol) return [];
        return (list ?? []).map((b) => ({ container: Number(port), host: Number(b.HostPort || port) }));
      })
      .sort((a, b) => a.host - b.host);
  const udp = published('udp');
  const tcp = published('tcp');
  const fromEnv = (key: string): number | undefined => {
    const v = env.get(key);
    return v === undefined || v.trim() === '' ? undefined : Number(v);
  };

  const envUdp = fromEnv('UDP_PORT');
  const game = fromEnv('DEFAULT_PORT') ?? udp.find((p) => p.host !== envUdp)?.host;
  // Without UDP_PORT: game + 1 when published (ZedOps' default), else the other published UDP port.
  const udpPort =
    envUdp ??
    (game === undefined ? undefined : (udp.find((p) => p.host === game + 1) ?? udp.find((p) => p.host !== game))?.host);
  const rcon = fromEnv('RCON_PORT') ?? tcp[0]?.host;

  const problems: string[] = [];
  const roles = [
    ['game port', 'DEFAULT_PORT', game, 'udp', udp],
    ['UDP port', 'UDP_PORT', udpPort, 'udp', udp],
    ['RCON port', 'RCON_PORT', rcon, 'tcp', tcp],
  ] as const;
  for (const [role, key, port, protocol, list] of roles) {
    if (port === undefined) {
      problems.push(`Its ${role} is unknown: no ${key} in its environment and no published ${protocol} port for it.`);
      continue;
    }
    const valid = portSchema.safeParse(port);
    if (!valid.success) {
      problems.push(`Its ${role} (${key}=${env.get(key) ?? port}) is not usable: ${valid.error.issues[0]?.message}`);
      continue;
    }
    const moved = list.find((p) => p.container === port && p.host !== port);
    if (moved)
      problems.push(
        `Its ${role} ${port}/${protocol} is published on host port ${moved.host}; ZedOps publishes each port on the same number, so recreate the container with matching ports.`,
      );
  }
  if (problems.length > 0 || game === undefined || udpPort === undefined || rcon === undefined) return { problems };
  if (game === udpPort)
    return { problems: [`Its game port and UDP port are both ${game}/udp; each needs its own port.`] };
  return { set: { gamePort: game, udpPort, rconPort: rcon }, problems };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// ---- I/O: what the API handlers call --------------------------------------

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
    throw new ApiError('failed', describeDockerError(err, conn.host.address));
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
    throw new ApiError('failed', describeDockerError(err, conn.host.address));
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
