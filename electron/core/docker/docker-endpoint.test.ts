import { describe, expect, it } from 'vitest';
import { DockerHostError, localDockerCandidates, parseLocalDockerAddress } from './docker-endpoint';

describe('localDockerCandidates', () => {
  it('honours DOCKER_HOST alone when it names a unix socket', () => {
    expect(localDockerCandidates({ DOCKER_HOST: 'unix:///tmp/d.sock' }, 'linux', '/h')).toEqual([
      { socketPath: '/tmp/d.sock', address: 'unix:///tmp/d.sock', source: 'DOCKER_HOST' },
    ]);
  });

  it('offers no local socket when DOCKER_HOST points at a remote engine', () => {
    expect(localDockerCandidates({ DOCKER_HOST: 'tcp://10.0.0.5:2376' }, 'linux', '/h')).toEqual([]);
  });

  it('tries the system socket, Docker Desktop and rootless sockets on Linux', () => {
    const paths = localDockerCandidates({ XDG_RUNTIME_DIR: '/run/user/1000' }, 'linux', '/home/ann').map(
      (c) => c.socketPath,
    );
    expect(paths).toEqual(['/var/run/docker.sock', '/home/ann/.docker/run/docker.sock', '/run/user/1000/docker.sock']);
  });

  it('uses the named pipe on Windows', () => {
    expect(localDockerCandidates({}, 'win32', 'C:/Users/ann')[0]?.socketPath).toBe('//./pipe/docker_engine');
  });
});

describe('parseLocalDockerAddress', () => {
  it('refuses a relative unix socket path with a readable error', () => {
    expect(() => parseLocalDockerAddress('unix://docker.sock')).toThrow(DockerHostError);
    expect(() => parseLocalDockerAddress('unix://docker.sock')).toThrow(/must be absolute/);
  });

  it('reads named pipes', () => {
    expect(parseLocalDockerAddress('npipe:////./pipe/docker_engine')).toBe('//./pipe/docker_engine');
  });
});
