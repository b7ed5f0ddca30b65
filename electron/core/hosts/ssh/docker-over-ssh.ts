import Docker from 'dockerode';
import type { SshSession } from './ssh-session';

/**
 * Dockerode, unchanged, on top of an SSH session: every request is a stream-local forward to the
 * Docker socket at `socketPath` on the host, over the session's one connection. The host, port and
 * path prefix are explicit so that DOCKER_HOST in the environment cannot redirect it.
 */
export function dockerOverSsh(session: SshSession, socketPath: string, options: Docker.DockerOptions = {}): Docker {
  return new Docker({
    ...options,
    protocol: 'http',
    host: 'docker',
    port: 80,
    pathPrefix: '/',
    agent: session.dockerAgent(socketPath),
  } as Docker.DockerOptions);
}
