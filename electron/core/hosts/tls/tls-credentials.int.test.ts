import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { useTempDirs } from '../../testing/temp-dirs';
import { tlsFromDockerContext, tlsFromDockerEnv } from './tls-credentials';
import { probeTls } from './tls-docker';

const env = inject('testenv');
const tempDir = useTempDirs('zedops-tls-creds-int');
const daemon = `tcp://${env.tls.host}:${env.tls.port}`;

/** The Debian docker CLI the test environment installs, run against a scratch config folder. */
function dockerCli(configDir: string, ...args: string[]): void {
  execFileSync('/usr/bin/docker', args, {
    env: { PATH: '/usr/bin:/bin', HOME: configDir, DOCKER_CONFIG: configDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('Docker contexts made by the docker CLI', () => {
  it('gives the address and certificates that reach the daemon', async () => {
    const config = tempDir();
    dockerCli(
      config,
      'context',
      'create',
      'zedops-box',
      '--docker',
      `host=${daemon},ca=${env.tls.ca},cert=${env.tls.cert},key=${env.tls.key}`,
    );
    const context = tlsFromDockerContext('zedops-box', config);
    expect(context.address).toBe(daemon);
    expect(context.material).toEqual({
      ca: fs.readFileSync(env.tls.ca, 'utf8'),
      cert: fs.readFileSync(env.tls.cert, 'utf8'),
      key: fs.readFileSync(env.tls.key, 'utf8'),
    });
    expect((await probeTls(context.address, context.material)).dockerVersion).toBe(env.dockerVersion);
  });

  it('refuses one that skips verification, sends an SSH one elsewhere, and lists them all for an unknown name', () => {
    const config = tempDir();
    dockerCli(config, 'context', 'create', 'lax', '--docker', `host=${daemon},skip-tls-verify=true`);
    dockerCli(
      config,
      'context',
      'create',
      'via-ssh',
      '--docker',
      `host=ssh://${env.ssh.user}@${env.ssh.host}:${env.ssh.port}`,
    );
    expect(() => tlsFromDockerContext('lax', config)).toThrow(
      /^The Docker context "lax" turns off verification of the Docker host's certificate \(SkipTLSVerify\)\. ZedOps always verifies it/,
    );
    expect(() => tlsFromDockerContext('via-ssh', config)).toThrow(
      `The Docker context "via-ssh" reaches Docker over SSH (ssh://${env.ssh.user}@${env.ssh.host}:${env.ssh.port}): add it as an SSH host with that address instead.`,
    );
    expect(() => tlsFromDockerContext('nope', config)).toThrow(
      `There is no Docker context named "nope" in ${config}. The contexts there are: lax, via-ssh.`,
    );
  });
});

describe("Docker's environment variables", () => {
  it('DOCKER_HOST and DOCKER_CERT_PATH reach the daemon', async () => {
    const certs = tempDir();
    fs.copyFileSync(env.tls.ca, path.join(certs, 'ca.pem'));
    fs.copyFileSync(env.tls.cert, path.join(certs, 'cert.pem'));
    fs.copyFileSync(env.tls.key, path.join(certs, 'key.pem'));
    const found = tlsFromDockerEnv({ DOCKER_HOST: daemon, DOCKER_CERT_PATH: certs, DOCKER_TLS_VERIFY: '1' }, tempDir());
    expect(found.address).toBe(daemon);
    expect((await probeTls(found.address ?? '', found.material)).dockerVersion).toBe(env.dockerVersion);
  });
});
