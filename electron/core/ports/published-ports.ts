import type Docker from 'dockerode';
import type { PortProtocol } from './port-conflicts';

/** The label Fleet puts on every server container (see LIFECYCLE.md, Create step 7). */
export const SERVER_NAME_LABEL = 'zedops.server.name';

type PortMap = Record<string, ReadonlyArray<{ HostIp?: string; HostPort?: string }> | null | undefined>;

export interface PublishedPort {
  port: number;
  protocol: PortProtocol;
}

/**
 * Host ports a container holds, running or not. `PortBindings` is what the
 * container asked for and keeps while stopped; `NetworkSettings.Ports` adds
 * the ports Docker picked at start for bindings that left the host port empty.
 * Host addresses are ignored: 127.0.0.1:27015 and 0.0.0.0:27015 collide.
 */
export function publishedPorts(info: Docker.ContainerInspectInfo): PublishedPort[] {
  const seen = new Map<string, PublishedPort>();
  const add = (map: PortMap | null | undefined): void => {
    for (const [containerPort, bindings] of Object.entries(map ?? {})) {
      const protocol = protocolOf(containerPort);
      if (!protocol) continue;
      for (const binding of bindings ?? []) {
        for (const port of hostPorts(binding.HostPort)) seen.set(`${port}/${protocol}`, { port, protocol });
      }
    }
  };
  add(info.HostConfig.PortBindings as PortMap | undefined);
  add(info.NetworkSettings.Ports as PortMap | undefined);
  return [...seen.values()].sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
}

/** Names the container and its state, and the ZedOps server behind it when it carries our label. */
export function describeContainer(info: Docker.ContainerInspectInfo): { holder: string; serverName?: string } {
  const name = info.Name.replace(/^\//, '') || info.Id.slice(0, 12);
  const state = stateWords(info.State.Status);
  const serverName = info.Config.Labels?.[SERVER_NAME_LABEL];
  if (serverName) return { holder: `ZedOps server "${serverName}" (container "${name}", ${state})`, serverName };
  return { holder: `container "${name}" (${state})` };
}

// Docker writes "27015/tcp", "16261/udp", or a bare "80" meaning TCP; SCTP never collides with the game's ports.
function protocolOf(containerPort: string): PortProtocol | undefined {
  const protocol = containerPort.split('/')[1] ?? 'tcp';
  return protocol === 'tcp' || protocol === 'udp' ? protocol : undefined;
}

// An empty or "0" host port means Docker picks one at start, so a stopped container holds nothing there.
// A range ("8000-8010") may land on any of its ports, so all of them count as held.
function hostPorts(hostPort: string | undefined): number[] {
  const match = /^(\d+)(?:-(\d+))?$/.exec(hostPort?.trim() ?? '');
  if (!match) return [];
  const first = Number(match[1]);
  const last = match[2] === undefined ? first : Number(match[2]);
  if (first < 1 || last > 65535 || last < first) return [];
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

function stateWords(status: string): string {
  switch (status) {
    case 'exited':
      return 'stopped';
    case 'created':
      return 'created, never started';
    default:
      return status;
  }
}
