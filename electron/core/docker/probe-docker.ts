import http from 'node:http';
import Docker from 'dockerode';

export type DockerProbe = { ok: true; version: string; apiVersion: string } | { ok: false; error: string };

/** Asks an engine for its version, within a short timeout. Never throws. */
export async function probeDocker(docker: Docker, what: string): Promise<DockerProbe> {
  try {
    const v = await docker.version();
    return { ok: true, version: v.Version, apiVersion: v.ApiVersion };
  } catch (err) {
    return { ok: false, error: describeDockerError(err, what) };
  }
}

/**
 * A client for a probe: its own agent without keep-alive, so the answer
 * proves the engine is reachable now, not that a pooled socket still is.
 */
export function localDocker(socketPath: string, timeoutMs = 5000): Docker {
  return new Docker({
    socketPath,
    timeout: timeoutMs,
    agent: new http.Agent({ keepAlive: false }),
  } as Docker.DockerOptions);
}

/** Turns a connection failure into a sentence with the next step. */
export function describeDockerError(err: unknown, what: string): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return `No Docker Engine at ${what}: the socket does not exist. Start Docker, or set DOCKER_HOST to where it listens.`;
    case 'ECONNREFUSED':
      return `Docker Engine at ${what} refused the connection. Is the daemon running?`;
    case 'EACCES':
      return `Permission denied on ${what}. Add your user to the "docker" group (then log in again), or run ZedOps as a user who can reach Docker.`;
    case 'ETIMEDOUT':
    case 'ESOCKETTIMEDOUT':
      return `Docker Engine at ${what} did not answer in time.`;
    default: {
      const message = err instanceof Error ? err.message : String(err);
      return `Could not reach Docker Engine at ${what}: ${message}`;
    }
  }
}
