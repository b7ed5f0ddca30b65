import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { removeTestContainers, startPzSim } from '../../../../testenv/pz-sim-container';
import { dockerOverSsh } from './docker-over-ssh';
import { SshHostKeyError } from './host-key';
import { SshConnectionError, SshSession, type SshSessionOptions, type SshState } from './ssh-session';
import { TcpRelay } from '../../testing/tcp-relay';

const env = inject('testenv');
const SUITE = 'ssh-session';
const target = { host: env.ssh.host, port: env.ssh.port, username: env.ssh.user };
const auth = { privateKey: fs.readFileSync(env.ssh.identity), privateKeyLabel: env.ssh.identity };

const sessions: SshSession[] = [];
function session(options: Partial<SshSessionOptions> = {}): SshSession {
  const s = new SshSession({ target, auth, expectedHostKey: env.ssh.hostKeyFingerprint, ...options });
  sessions.push(s);
  return s;
}

const uncaught: unknown[] = [];
const onUncaught = (error: unknown): void => void uncaught.push(error);

beforeAll(() => {
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
});
afterEach(() => {
  for (const s of sessions.splice(0)) s.close();
});
afterAll(async () => {
  process.off('uncaughtException', onUncaught);
  process.off('unhandledRejection', onUncaught);
  await removeTestContainers(new Docker({ socketPath: env.dockerSocket }), SUITE);
  expect(uncaught).toEqual([]);
});

function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    stream.on('end', () => resolve(text));
    stream.on('error', reject);
  });
}

describe('Docker over one SSH connection (shared test sshd)', () => {
  it('reaches the Docker API through a stream-local forward: version() is the daemon on the host', async () => {
    const docker = dockerOverSsh(session(), env.dockerSocket);
    const version = await docker.version();
    expect(version.Version).toBe(env.dockerVersion);
  });

  it('carries 20 concurrent requests and an open event stream over ONE TCP connection', async () => {
    const relay = await TcpRelay.start(env.ssh.port);
    try {
      const s = session({ target: { ...target, port: relay.port } });
      const docker = dockerOverSsh(s, env.dockerSocket);
      // A fresh session: the first requests race to connect, and must share one handshake.
      const [events, results] = await Promise.all([
        docker.getEvents({ filters: { type: ['container'] } }) as Promise<NodeJS.ReadableStream & { destroy(): void }>,
        Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            i % 4 === 0
              ? docker.version().then((v) => v.Version)
              : i % 4 === 1
                ? docker.listContainers({ all: true }).then((l) => Array.isArray(l))
                : i % 4 === 2
                  ? docker.ping().then((p) => String(p))
                  : docker.info().then((info) => typeof info.ID),
          ),
        ),
      ]);
      events.on('error', () => undefined);
      expect(results.filter((r) => r === env.dockerVersion)).toHaveLength(5);
      expect(results.filter((r) => r === true)).toHaveLength(5);
      expect(results.filter((r) => r === 'OK')).toHaveLength(5);
      expect(results.filter((r) => r === 'string')).toHaveLength(5);
      const exec = await s.exec('echo same-connection');
      expect(exec.stdout).toBe('same-connection\n');
      events.destroy();
      expect(relay.connections).toBe(1);
    } finally {
      await relay.close();
    }
  });

  it('streams events, pulls with progress, and runs a container lifecycle through dockerode unchanged', async () => {
    const s = session();
    const docker = dockerOverSsh(s, env.dockerSocket);
    const label = `zedops.sshtest=${crypto.randomUUID()}`;

    const events = (await docker.getEvents({ filters: { label: [label] } })) as NodeJS.ReadableStream & {
      destroy(): void;
    };
    const seen: string[] = [];
    let buffered = '';
    events.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line) seen.push((JSON.parse(line) as { Action: string }).Action);
      }
    });
    events.on('error', () => undefined);

    const progress: unknown[] = [];
    const pullStream = await docker.pull(env.pzSimImage);
    await new Promise<void>((resolve, reject) =>
      docker.modem.followProgress(
        pullStream,
        (error) => (error ? reject(error) : resolve()),
        (event) => progress.push(event),
      ),
    );
    expect(progress.length).toBeGreaterThan(0);

    const [key, value] = label.split('=') as [string, string];
    const container = await docker.createContainer({
      Image: env.pzSimImage,
      name: `zedops-ssh-${crypto.randomUUID().slice(0, 8)}`,
      Labels: { [key]: value, 'zedops.test': 'true', 'zedops.test.suite': SUITE },
      StopTimeout: 2,
    });
    try {
      await container.start();
      await container.update({ CpuShares: 512 });
      expect((await container.inspect()).HostConfig.CpuShares).toBe(512);
      await container.stop({ t: 2 });
      expect((await container.inspect()).State.Running).toBe(false);
    } finally {
      await container.remove({ force: true });
    }

    await expect
      .poll(() => seen, { timeout: 10_000 })
      .toEqual(expect.arrayContaining(['create', 'start', 'update', 'destroy']));
    events.destroy();
  });

  it('starts a pz-sim server over SSH like the local Docker would', async () => {
    const docker = dockerOverSsh(session(), env.dockerSocket);
    const sim = await startPzSim(docker, { image: env.pzSimImage, suite: SUITE, stopTimeoutSeconds: 2 });
    try {
      expect((await sim.container.inspect()).State.Running).toBe(true);
    } finally {
      await sim.remove();
    }
  });

  it('runs commands over the same connection: stdout, stderr, exit code and stdin', async () => {
    const s = session();
    const ok = await s.exec('echo hello; echo oops >&2; exit 3');
    expect(ok).toEqual({ code: 3, stdout: 'hello\n', stderr: 'oops\n' });
    const withInput = await s.exec('tr a-z A-Z', { stdin: 'shout\n' });
    expect(withInput.stdout).toBe('SHOUT\n');
    expect(withInput.code).toBe(0);
  });

  it('gives up on a command that outlives its timeout, saying so, and stays usable', async () => {
    const s = session();
    await expect(s.exec('sleep 3', { timeoutMs: 500 })).rejects.toThrow(
      `The command "sleep 3" on root@127.0.0.1:${env.ssh.port} did not finish within 0.5 s; ZedOps stopped waiting for it (it may still be running there).`,
    );
    expect((await s.exec('echo still here')).stdout).toBe('still here\n');
  });

  it('forwards TCP to a port on the host (direct-tcpip), as for RCON on 127.0.0.1', async () => {
    const server = net.createServer((socket) => socket.on('data', (d) => socket.end(`echo:${d.toString()}`)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const stream = await session().forwardTcp('127.0.0.1', port);
      stream.write('ping');
      expect(await readAll(stream)).toBe('echo:ping');
    } finally {
      server.close();
    }
  });

  it('says clearly when nothing listens at the forwarded TCP port', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await expect(session().forwardTcp('127.0.0.1', port)).rejects.toThrow(
      new RegExp(`could not open a TCP connection to 127\\.0\\.0\\.1:${port} .*is anything listening there\\?`),
    );
  });

  it('says the Docker socket path is missing on the host, and how to fix it', async () => {
    const docker = dockerOverSsh(session(), '/run/no-such-dir/docker.sock');
    const error = await docker.version().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SshConnectionError);
    expect((error as SshConnectionError).kind).toBe('no-docker-socket');
    expect((error as Error).message).toMatch(
      /has no Docker socket at \/run\/no-such-dir\/docker\.sock .*set --docker-socket/,
    );
  });
});

describe('host keys (shared test sshd)', () => {
  it('probes the host key without logging in: the fingerprint to confirm on first use', async () => {
    const probe = await SshSession.probeHostKey(target, { timeoutMs: 5000 });
    expect(probe).toEqual({ fingerprint: env.ssh.hostKeyFingerprint, keyType: 'ssh-ed25519' });
  });

  it('refuses a host whose key was never confirmed, showing its fingerprint and how to confirm it', async () => {
    const s = new SshSession({ target, auth });
    sessions.push(s);
    const error = await s.connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SshHostKeyError);
    expect(error).toMatchObject({ kind: 'unknown', fingerprint: env.ssh.hostKeyFingerprint });
    expect((error as Error).message).toContain(`--accept-host-key ${env.ssh.hostKeyFingerprint}`);
    expect(s.connected).toBe(false);
  });

  it('refuses a host whose key changed, saying so', async () => {
    const confirmed = `SHA256:${crypto.createHash('sha256').update('another key').digest('base64').replace(/=+$/, '')}`;
    const states: SshState[] = [];
    const s = session({ expectedHostKey: confirmed, onState: (state) => states.push(state) });
    const docker = dockerOverSsh(s, env.dockerSocket);
    const error = await docker.version().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SshHostKeyError);
    expect(error).toMatchObject({ kind: 'changed', fingerprint: env.ssh.hostKeyFingerprint, expected: confirmed });
    expect((error as Error).message).toMatch(/CHANGED.*intercepting.*refused to connect/s);
    expect(states.at(-1)).toEqual({ connected: false, error: (error as Error).message });
  });
});

describe('connection failures (shared test sshd)', () => {
  it('names the user, host and key tried when the login is refused', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zedops-sshkey-'));
    try {
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'id_other')]);
      const s = session({
        auth: { privateKey: fs.readFileSync(path.join(dir, 'id_other')), privateKeyLabel: path.join(dir, 'id_other') },
      });
      const error = await s.exec('true').catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'auth' });
      expect((error as Error).message).toBe(
        `SSH on root@127.0.0.1:${env.ssh.port} refused the login as root (tried the key file ${path.join(dir, 'id_other')}). ` +
          'Check that the matching public key is in ~/.ssh/authorized_keys of root on the host.',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says the connection was refused when nothing listens', async () => {
    const s = session({ target: { ...target, port: 27299 } });
    await expect(s.connect()).rejects.toThrow(
      'Could not connect to SSH at root@127.0.0.1:27299: the connection was refused (is sshd running and listening on port 27299?).',
    );
  });

  it('says the handshake timed out when the host accepts but never speaks SSH', async () => {
    const silentSockets: net.Socket[] = [];
    const server = net.createServer((socket) => void silentSockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const s = session({ target: { ...target, port }, readyTimeoutMs: 1000 });
      const error = await s.connect().catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'timeout' });
      expect((error as Error).message).toBe(
        `No SSH handshake with root@127.0.0.1:${port} within 1 s: the host did not answer in time (is it reachable, and is it an SSH server?).`,
      );
    } finally {
      for (const socket of silentSockets) socket.destroy();
      server.close();
    }
  });

  it('shares one attempt among concurrent callers and backs off after failures instead of hammering the host', async () => {
    let accepted = 0;
    const server = net.createServer((socket) => {
      accepted++;
      socket.destroy(); // not an SSH server: closes before the handshake
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const s = session({ target: { ...target, port }, backoff: { initialMs: 200, maxMs: 2000 } });
      const burst = await Promise.allSettled(Array.from({ length: 10 }, () => s.connect()));
      expect(burst.every((r) => r.status === 'rejected')).toBe(true);
      expect((burst[0] as PromiseRejectedResult).reason.message).toMatch(
        /closed the connection before the SSH handshake|reset during the SSH handshake/,
      );
      expect(accepted).toBe(1);

      // Keep calling for 1.5 s: with backoff (200, 400, 800 ms) that is at most 3 more attempts.
      const until = Date.now() + 1500;
      let calls = 0;
      while (Date.now() < until) {
        calls++;
        await s.connect().catch(() => undefined);
      }
      expect(accepted).toBeGreaterThanOrEqual(2);
      expect(accepted).toBeLessThanOrEqual(5);
      expect(calls).toBeLessThan(10);
    } finally {
      server.close();
    }
  });
});
