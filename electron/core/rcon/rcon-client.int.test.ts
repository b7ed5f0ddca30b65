import net from 'node:net';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  removeTestContainers,
  startPzSim,
  waitForExit,
  waitForLog,
  type PzSim,
} from '../../../testenv/pz-sim-container';
import { RconClient } from './rcon-client';
import { RconError } from './rcon-error';

const env = inject('testenv');
const docker = new Docker({ socketPath: env.dockerSocket });
const SUITE = 'core-rcon-client';
const PASSWORD = 'rcon-secret';

async function startServer(extraEnv: Record<string, string> = {}): Promise<PzSim> {
  const sim = await startPzSim(docker, {
    image: env.pzSimImage,
    suite: SUITE,
    env: { RCON_PASSWORD: PASSWORD, ...extraEnv },
  });
  await waitForLog(sim.container, 'SERVER STARTED');
  return sim;
}

function login(sim: PzSim, password = PASSWORD): Promise<RconClient> {
  return RconClient.connect({ host: '127.0.0.1', port: sim.rconPort, password, timeoutMs: 5000 });
}

/** A port that nothing listens on: bound by the OS, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function rejection(promise: Promise<unknown>): Promise<RconError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof RconError)) throw new Error(`expected an RconError, got ${String(error)}`);
  return error;
}

describe('RconClient against pz-sim', () => {
  let server: PzSim;
  let splitting: PzSim;

  beforeAll(async () => {
    await removeTestContainers(docker, SUITE);
    [server, splitting] = await Promise.all([startServer(), startServer({ PZSIM_RCON_SPLIT: '64' })]);
  });
  afterAll(async () => {
    await Promise.all([server?.remove(), splitting?.remove()]);
  });

  it('logs in and returns the reply to players', async () => {
    const client = await login(server);
    try {
      expect(await client.exec('players')).toBe('Players connected (0): \n');
    } finally {
      await client.close();
    }
  });

  it('runs commands issued together one after another, each getting its own reply', async () => {
    const client = await login(server);
    try {
      const replies = await Promise.all([
        client.exec('players'),
        client.exec('servermsg "hello"'),
        client.exec('nope'),
        client.exec('players'),
      ]);
      expect(replies).toEqual([
        'Players connected (0): \n',
        'Message sent.',
        'Unknown command /nope',
        'Players connected (0): \n',
      ]);
    } finally {
      await client.close();
    }
  });

  it('joins a reply that the server splits over several packets', async () => {
    const client = await login(splitting);
    try {
      const help = await client.exec('help');
      expect(help.length).toBeGreaterThan(64 * 3);
      expect(help).toMatch(/^List of server commands :\n/);
      expect(help).toContain('* servermsg : Broadcast a message to all connected players.\n');
      expect(await client.exec('players')).toBe('Players connected (0): \n');
    } finally {
      await client.close();
    }
  });

  it('says the password was rejected and where to set it', async () => {
    const error = await rejection(login(server, 'wrong'));
    expect(error.kind).toBe('auth');
    expect(error.message).toMatch(/rejected the password\. Check RCONPassword/);
  });

  it('says the connection was refused when nothing listens on the port', async () => {
    const port = await closedPort();
    const error = await rejection(RconClient.connect({ host: '127.0.0.1', port, password: PASSWORD }));
    expect(error.kind).toBe('refused');
    expect(error.message).toBe(
      `Could not connect to RCON at 127.0.0.1:${port}: connection refused. Check that the server is running ` +
        'and that RCONPort and RCONPassword are set in its .ini (RCON is off without both).',
    );
  });

  it('times out when the server accepts the connection but never answers', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const started = Date.now();
      const error = await rejection(
        RconClient.connect({ host: '127.0.0.1', port, password: PASSWORD, timeoutMs: 300 }),
      );
      expect(error.kind).toBe('timeout');
      expect(error.message).toMatch(/did not answer within 0\.3 s while logging in/);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      silent.close();
    }
  });

  it('says the port is not RCON when another service answers there (here sshd)', async () => {
    const error = await rejection(RconClient.connect({ host: env.ssh.host, port: env.ssh.port, password: PASSWORD }));
    expect(error.kind).toBe('protocol');
    expect(error.message).toMatch(/not an RCON port/);
  });

  it('returns the reply to quit although the server exits right after sending it', async () => {
    const sim = await startServer();
    try {
      const client = await login(sim);
      expect(await client.exec('quit')).toBe('Quit');
      expect(await waitForExit(sim.container)).toBe(0);
      const error = await rejection(client.exec('players'));
      expect(error.kind).toBe('closed');
      await client.close();
    } finally {
      await sim.remove();
    }
  });
});
