import http from 'node:http';
import Docker from 'dockerode';
import { ApiError } from '../../shared/api';
import type { HostRecord } from '../catalog/hosts-repo';
import { parseLocalDockerAddress } from '../docker/docker-endpoint';
import type { HostOps } from '../host-ops/host-ops';
import { LocalHostOps } from '../host-ops/local-host-ops';

/** How core reaches one host: its Docker Engine, its files and sockets, and its RCON ports. */
export interface HostConnection {
  readonly host: HostRecord;
  readonly docker: Docker;
  readonly ops: HostOps;
  /** Where a server's RCON port (published on the host's 127.0.0.1) can be reached from here, if it can. */
  rconAddress(port: number): { host: string; port: number } | undefined;
}

/** One connection per host, made on first use and reused. */
export class HostConnections {
  private readonly byId = new Map<string, HostConnection>();

  get(host: HostRecord): HostConnection {
    const cached = this.byId.get(host.id);
    if (cached && cached.host.address === host.address && cached.host.dataRoot === host.dataRoot) return cached;
    const connection = connect(host);
    this.byId.set(host.id, connection);
    return connection;
  }

  forget(hostId: string): void {
    this.byId.delete(hostId);
  }
}

function connect(host: HostRecord): HostConnection {
  if (host.kind !== 'local') {
    throw new ApiError(
      'not_allowed',
      `Host "${host.name}" is a ${host.kind} host; this version of ZedOps manages local hosts only.`,
    );
  }
  const socketPath = parseLocalDockerAddress(host.address);
  if (!socketPath)
    throw new ApiError('invalid_request', `Host "${host.name}" has no local Docker address (${host.address}).`);
  return {
    host,
    // No timeout: pulls and event streams are long by nature; keep-alive agent shared per host.
    docker: new Docker({ socketPath, agent: new http.Agent({ keepAlive: true }) } as Docker.DockerOptions),
    ops: new LocalHostOps(host.dataRoot),
    // The RCON port is published on the host's loopback, and a local host is this machine.
    rconAddress: (port) => ({ host: '127.0.0.1', port }),
  };
}
