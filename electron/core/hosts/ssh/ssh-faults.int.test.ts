import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { PrivateSshd } from '../../testing/private-sshd';
import { dockerOverSsh } from './docker-over-ssh';
import { SshHostKeyError } from './host-key';
import { SshConnectionError, SshSession, type SshSessionOptions, type SshState } from './ssh-session';
import { TcpRelay } from '../../testing/tcp-relay';

// Fault tests: sshd stopped and restarted (idle, and during an operation), a link that goes silent,
// a host key that changes. Each must give a clear error, reconnect when possible, and crash nothing.

const env = inject('testenv');
const identity = fs.readFileSync(env.ssh.identity);
const publicKey = fs.readFileSync(`${env.ssh.identity}.pub`, 'utf8');

const sessions: SshSession[] = [];
const daemons: PrivateSshd[] = [];
const uncaught: unknown[] = [];
const onUncaught = (error: unknown): void => void uncaught.push(error);

async function privateSshd(port: number): Promise<PrivateSshd> {
  const sshd = await PrivateSshd.start(port);
  daemons.push(sshd);
  sshd.authorize(publicKey);
  return sshd;
}

function session(port: number, options: Partial<SshSessionOptions> = {}): { s: SshSession; states: SshState[] } {
  const states: SshState[] = [];
  const s = new SshSession({
    target: { host: '127.0.0.1', port, username: 'root' },
    auth: { privateKey: identity, privateKeyLabel: env.ssh.identity },
    backoff: { initialMs: 100, maxMs: 1000 },
    onState: (state) => states.push(state),
    ...options,
  });
  sessions.push(s);
  return { s, states };
}

type EventStream = NodeJS.ReadableStream & { destroy(): void };

/** Resolves with the error the stream fails with (or a note that it ended without one). */
function streamFailure(stream: EventStream): Promise<Error> {
  return new Promise((resolve) => {
    stream.on('data', () => undefined);
    stream.on('error', resolve);
    stream.on('end', () => resolve(new Error('the stream ended without an error')));
  });
}

beforeAll(() => {
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
});
afterEach(async () => {
  for (const s of sessions.splice(0)) s.close();
  for (const d of daemons.splice(0)) await d.destroy();
});
afterAll(async () => {
  // Late events (ssh2 closing sockets, timers) must not throw either.
  await new Promise((r) => setTimeout(r, 500));
  process.off('uncaughtException', onUncaught);
  process.off('unhandledRejection', onUncaught);
  expect(uncaught).toEqual([]);
});

describe('sshd stopped and restarted', () => {
  it('while idle: shows offline within 10 s, fails the next call clearly, and reconnects by itself once sshd is back', async () => {
    const sshd = await privateSshd(27211);
    const { s, states } = session(27211, { expectedHostKey: sshd.hostKeyFingerprint });
    expect((await s.exec('echo up')).stdout).toBe('up\n');
    expect(states.at(-1)).toEqual({ connected: true });

    await sshd.down();
    await expect.poll(() => states.at(-1)?.connected, { timeout: 10_000 }).toBe(false);
    expect(states.at(-1)?.error).toBe(
      'The SSH connection to root@127.0.0.1:27211 was lost: the host closed the connection. ZedOps reconnects on the next use.',
    );
    expect(s.connected).toBe(false);

    const whileDown = await s.exec('echo up').catch((e: unknown) => e);
    expect(whileDown).toBeInstanceOf(SshConnectionError);
    expect((whileDown as Error).message).toBe(
      'Could not connect to SSH at root@127.0.0.1:27211: the connection was refused (is sshd running and listening on port 27211?).',
    );

    await sshd.up();
    expect((await s.exec('echo back')).stdout).toBe('back\n');
    expect(s.connected).toBe(true);
    expect(states.at(-1)).toEqual({ connected: true });
  });

  it('during a command and an event stream: both fail with a clear error, and the next use reconnects', async () => {
    const sshd = await privateSshd(27212);
    const { s, states } = session(27212, { expectedHostKey: sshd.hostKeyFingerprint });
    const docker = dockerOverSsh(s, env.dockerSocket);
    const events = (await docker.getEvents()) as EventStream;
    const eventsFailed = streamFailure(events);
    const sleeping = s.exec('sleep 30').catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 300)); // the command is running on the host

    await sshd.down();
    const lost = 'The SSH connection to root@127.0.0.1:27212 was lost: the host closed the connection.';
    const execError = await sleeping;
    expect(execError).toBeInstanceOf(SshConnectionError);
    expect((execError as SshConnectionError).kind).toBe('lost');
    expect((execError as Error).message).toContain(lost);
    expect((await eventsFailed).message).toContain(lost);
    expect(states.at(-1)?.connected).toBe(false);

    await sshd.up();
    expect((await docker.version()).Version).toBe(env.dockerVersion);
    expect(states.at(-1)).toEqual({ connected: true });
  });

  it('with a NEW host key: refuses, saying the key changed, and nothing crashes', async () => {
    const sshd = await privateSshd(27213);
    const confirmed = sshd.hostKeyFingerprint;
    const { s, states } = session(27213, { expectedHostKey: confirmed });
    await s.connect();

    await sshd.down();
    await sshd.up({ newHostKey: true });
    const presented = sshd.hostKeyFingerprint;
    expect(presented).not.toBe(confirmed);

    const error = await dockerOverSsh(s, env.dockerSocket)
      .version()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SshHostKeyError);
    expect(error).toMatchObject({ kind: 'changed', fingerprint: presented, expected: confirmed });
    expect((error as Error).message).toContain(`CHANGED: it was ${confirmed}, and the host now presents ${presented}`);
    expect(states.at(-1)).toEqual({ connected: false, error: (error as Error).message });
    // The fingerprint to check and confirm, if the change is expected.
    expect((await SshSession.probeHostKey(s.target)).fingerprint).toBe(presented);
  });
});

describe('a link that goes silent (packets dropped, no FIN, no RST)', () => {
  it('is noticed by keepalives within 10 s: offline, and the running stream and command fail clearly', async () => {
    const relay = await TcpRelay.start(env.ssh.port);
    try {
      const { s, states } = session(relay.port, { expectedHostKey: env.ssh.hostKeyFingerprint });
      const docker = dockerOverSsh(s, env.dockerSocket);
      const events = (await docker.getEvents()) as EventStream;
      const eventsFailed = streamFailure(events);
      const sleeping = s.exec('sleep 20').catch((e: unknown) => e);
      await new Promise((r) => setTimeout(r, 300));

      relay.freeze();
      await expect.poll(() => states.at(-1)?.connected, { timeout: 10_000, interval: 100 }).toBe(false);
      const lost =
        'The SSH connection to root@127.0.0.1:' +
        `${relay.port} was lost: the host stopped answering (no reply to SSH keepalives for 8 s).`;
      expect(states.at(-1)?.error).toContain(lost);
      expect(((await sleeping) as Error).message).toContain(lost);
      expect((await eventsFailed).message).toContain(lost);
    } finally {
      await relay.close();
    }
  });
});
