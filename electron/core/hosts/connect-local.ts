import http from 'node:http';
import Docker from 'dockerode';
import { ApiError } from '../../shared/api';
import type { HostRecord } from '../catalog/hosts-repo';
import { parseLocalDockerAddress } from '../docker/docker-endpoint';
import { describeDockerError } from '../docker/probe-docker';
import { LocalHostOps } from '../host-ops/local-host-ops';
import type { HostConnection } from './host-connection';

/** This computer's Docker socket; files and ports are this computer's own. */
export function connectLocal(host: HostRecord): HostConnection {
  const socketPath = parseLocalDockerAddress(host.address);
  if (!socketPath)
    throw new ApiError('invalid_request', `Host "${host.name}" has no local Docker address (${host.address}).`);
  const agent = new http.Agent({ keepAlive: true });
  return {
    host,
    // No timeout: pulls and event streams are long by nature; keep-alive agent shared per host.
    docker: new Docker({ socketPath, agent } as Docker.DockerOptions),
    ops: new LocalHostOps(host.dataRoot),
    // The RCON port is published on the host's loopback, and a local host is this machine.
    rconAddress: (port) => ({ host: '127.0.0.1', port }),
    describeError: (err) => describeDockerError(err, host.address),
    routes: { hostOps: "this computer's filesystem and /proc", rcon: 'directly on 127.0.0.1' },
    close: () => agent.destroy(),
  };
}
