import os from 'node:os';
import path from 'node:path';

/** Where a local Docker Engine may be listening, in the order to try. */
export interface LocalDockerEndpoint {
  /** Unix socket path, or a Windows named pipe path (`//./pipe/docker_engine`). */
  socketPath: string;
  /** How the user would write it: `unix:///var/run/docker.sock`, `npipe:////./pipe/docker_engine`. */
  address: string;
  source: 'DOCKER_HOST' | 'default';
}

export class DockerHostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DockerHostError';
  }
}

/** Parses a `unix://` or `npipe://` address. Other schemes are not local. */
export function parseLocalDockerAddress(address: string): string | undefined {
  const trimmed = address.trim();
  if (trimmed.startsWith('unix://')) {
    const p = trimmed.slice('unix://'.length);
    if (!p.startsWith('/'))
      throw new DockerHostError(
        `"${address}" is not a usable Docker address: a unix socket path must be absolute, as in unix:///var/run/docker.sock.`,
      );
    return p;
  }
  if (trimmed.startsWith('npipe://')) {
    const p = trimmed.slice('npipe://'.length);
    if (!p) throw new DockerHostError(`"${address}" names no pipe; write it as npipe:////./pipe/docker_engine.`);
    return p;
  }
  return undefined;
}

/**
 * Candidate local Docker sockets: DOCKER_HOST when it names a local socket
 * (honoured alone: the user chose it), else the usual places.
 */
export function localDockerCandidates(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  homedir: string = os.homedir(),
): LocalDockerEndpoint[] {
  const fromEnv = env.DOCKER_HOST?.trim();
  if (fromEnv) {
    const socketPath = parseLocalDockerAddress(fromEnv);
    return socketPath ? [{ socketPath, address: fromEnv, source: 'DOCKER_HOST' }] : [];
  }
  if (platform === 'win32') {
    return [{ socketPath: '//./pipe/docker_engine', address: 'npipe:////./pipe/docker_engine', source: 'default' }];
  }
  const paths = ['/var/run/docker.sock', path.join(homedir, '.docker', 'run', 'docker.sock')];
  if (env.XDG_RUNTIME_DIR) paths.push(path.join(env.XDG_RUNTIME_DIR, 'docker.sock'));
  return paths.map((socketPath) => ({ socketPath, address: `unix://${socketPath}`, source: 'default' as const }));
}
