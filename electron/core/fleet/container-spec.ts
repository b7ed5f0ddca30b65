import path from 'node:path';
import type Dockerode from 'dockerode';
import type { ServerRecord } from '../catalog/servers-repo';

export const labels = {
  managed: 'zedops.managed',
  serverId: 'zedops.server.id',
  serverName: 'zedops.server.name',
} as const;

export const networks = { servers: 'zomboid-servers', backend: 'zomboid-backend' } as const;

/** Long enough for a big world to save; Docker's 10 s default is not (zomboid.md). */
export const defaultStopTimeoutSeconds = 60;

export function containerName(serverName: string): string {
  return `zedops-${serverName}`;
}

export interface ServerSecrets {
  adminPassword: string;
  rconPassword?: string;
}

export interface ServerDirs {
  bin: string;
  data: string;
}

export function serverDirs(dataRoot: string, name: string): ServerDirs {
  return { bin: path.posix.join(dataRoot, name, 'bin'), data: path.posix.join(dataRoot, name, 'data') };
}

/**
 * The container for a server, step 7 of "Create" in LIFECYCLE.md: labels,
 * bind mounts, env with the real ports, game ports on UDP, RCON on the
 * host's 127.0.0.1 only, restart unless-stopped, a stop timeout that saves.
 */
export function containerSpec(
  server: Pick<ServerRecord, 'id' | 'name' | 'image' | 'config' | 'gamePort' | 'udpPort' | 'rconPort'>,
  secrets: ServerSecrets,
  dataRoot: string,
  stopTimeoutSeconds = defaultStopTimeoutSeconds,
): Dockerode.ContainerCreateOptions {
  const dirs = serverDirs(dataRoot, server.name);
  const env: Record<string, string> = {
    SERVER_NAME: server.name,
    ...server.config.env,
    DEFAULT_PORT: String(server.gamePort),
    UDP_PORT: String(server.udpPort),
    RCON_PORT: String(server.rconPort),
    ADMIN_PASSWORD: secrets.adminPassword,
    ...(secrets.rconPassword ? { RCON_PASSWORD: secrets.rconPassword } : {}),
  };
  const game = `${server.gamePort}/udp`;
  const udp = `${server.udpPort}/udp`;
  const rcon = `${server.rconPort}/tcp`;
  return {
    name: containerName(server.name),
    Image: server.image,
    Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
    Labels: { [labels.managed]: 'true', [labels.serverId]: server.id, [labels.serverName]: server.name },
    ExposedPorts: { [game]: {}, [udp]: {}, [rcon]: {} },
    StopTimeout: stopTimeoutSeconds,
    HostConfig: {
      Binds: [`${dirs.bin}:/home/steam/ZomboidDedicatedServer`, `${dirs.data}:/home/steam/Zomboid`],
      PortBindings: {
        [game]: [{ HostPort: String(server.gamePort) }],
        [udp]: [{ HostPort: String(server.udpPort) }],
        [rcon]: [{ HostIp: '127.0.0.1', HostPort: String(server.rconPort) }],
      },
      RestartPolicy: { Name: 'unless-stopped' },
      NetworkMode: networks.servers,
    },
  };
}
