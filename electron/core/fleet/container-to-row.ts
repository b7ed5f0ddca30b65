import path from 'node:path';
import type Dockerode from 'dockerode';
import {
  envSchema,
  imageReferenceSchema,
  managedEnvKeys,
  portSchema,
  serverNameSchema,
  type PortSet,
} from '../../shared/servers';
import type { HostRecord } from '../catalog/hosts-repo';
import type { NewServer } from '../catalog/servers-repo';
import { labels, serverDirs, type ServerSecrets } from './container-spec';

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
