import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, inject, it, type TestContext } from 'vitest';
import { RconClient } from '../electron/core/rcon/rcon-client';
import {
  RconPacketDecoder,
  RconPacketType,
  encodeRconPacket,
  type RconPacket,
} from '../electron/core/rcon/rcon-packet';
import {
  readSave,
  removeTestContainers,
  startPzSim,
  waitForExit,
  waitForHealthy,
  waitForLog,
  type PzSim,
  type PzSimOptions,
} from './pz-sim-container';

const env = inject('testenv');
const docker = new Docker({ socketPath: env.dockerSocket });
const SUITE = 'testenv-pz-sim';
const PASSWORD = 'rcon-secret';

/** Starts pz-sim for one test and removes it when the test ends, pass or fail. */
async function startSim(
  context: TestContext,
  options: Partial<Omit<PzSimOptions, 'image' | 'suite'>> = {},
): Promise<PzSim> {
  const sim = await startPzSim(docker, { image: env.pzSimImage, suite: SUITE, ...options });
  context.onTestFinished(() => sim.remove());
  return sim;
}

function rcon(sim: PzSim): Promise<RconClient> {
  return RconClient.connect({ host: '127.0.0.1', port: sim.rconPort, password: PASSWORD, timeoutMs: 5000 });
}

function udpExchange(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`no answer on udp 127.0.0.1:${port}`));
    }, 3000);
    socket.once('message', (message) => {
      clearTimeout(timer);
      socket.close();
      resolve(message.toString('utf8'));
    });
    socket.send(Buffer.from('ping'), port, '127.0.0.1');
  });
}

beforeAll(() => removeTestContainers(docker, SUITE));
afterAll(() => removeTestContainers(docker, SUITE));

describe.concurrent('pz-sim, the simulated Project Zomboid server', () => {
  it('prints SERVER STARTED when it is ready', async (context) => {
    const sim = await startSim(context);
    const output = await waitForLog(sim.container, 'SERVER STARTED');
    expect(output).toContain('starting server "servertest"');
  });

  it('waits PZSIM_START_DELAY seconds before it reports SERVER STARTED', async (context) => {
    const started = Date.now();
    const sim = await startSim(context, { env: { PZSIM_START_DELAY: '1' } });
    await waitForLog(sim.container, 'SERVER STARTED');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('reports healthy through its HEALTHCHECK once started', async (context) => {
    const sim = await startSim(context);
    await waitForHealthy(sim.container);
  });

  it('installs the server binaries and writes <name>.ini with its ports on first start', async (context) => {
    const sim = await startSim(context, {
      env: { SERVER_NAME: 'north', RCON_PASSWORD: PASSWORD, DEFAULT_PORT: '17261', UDP_PORT: '17262' },
    });
    await waitForLog(sim.container, 'SERVER STARTED');
    expect(fs.readFileSync(path.join(sim.installDir, 'version.txt'), 'utf8')).toMatch(/^41\./);
    const ini = fs.readFileSync(path.join(sim.zomboidDir, 'Server', 'north.ini'), 'utf8');
    expect(ini).toContain('DefaultPort=17261\n');
    expect(ini).toContain('UDPPort=17262\n');
    expect(ini).toContain('RCONPort=27015\n');
    expect(ini).toContain(`RCONPassword=${PASSWORD}\n`);
    expect(fs.existsSync(path.join(sim.zomboidDir, 'Saves', 'Multiplayer', 'north'))).toBe(true);
  });

  it('answers a datagram on both of its UDP ports', async (context) => {
    const sim = await startSim(context);
    await waitForLog(sim.container, 'SERVER STARTED');
    expect(await udpExchange(sim.gamePort)).toContain('port 16261');
    expect(await udpExchange(sim.directPort)).toContain('port 16262');
  });

  it('accepts an RCON login with RCON_PASSWORD and answers players like the game', async (context) => {
    const sim = await startSim(context, { env: { RCON_PASSWORD: PASSWORD } });
    await waitForLog(sim.container, 'SERVER STARTED');
    const client = await rcon(sim);
    try {
      expect(await client.exec('players')).toMatch(/^Players connected \(0\): \n$/);
      expect(await client.exec('servermsg "Restart in 5 minutes"')).toBe('Message sent.');
      expect(await client.exec('frobnicate')).toBe('Unknown command /frobnicate');
    } finally {
      await client.close();
    }
    await waitForLog(sim.container, 'servermsg: Restart in 5 minutes');
  });

  it('rejects an RCON login with a wrong password', async (context) => {
    const sim = await startSim(context, { env: { RCON_PASSWORD: PASSWORD } });
    await waitForLog(sim.container, 'SERVER STARTED');
    await expect(
      RconClient.connect({ host: '127.0.0.1', port: sim.rconPort, password: 'guess', timeoutMs: 5000 }),
    ).rejects.toMatchObject({ kind: 'auth' });
  });

  it('refuses an RCON command sent before logging in, and hangs up', async (context) => {
    const sim = await startSim(context, { env: { RCON_PASSWORD: PASSWORD } });
    await waitForLog(sim.container, 'SERVER STARTED');
    const received = await new Promise<RconPacket[]>((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port: sim.rconPort });
      const decoder = new RconPacketDecoder();
      const packets: RconPacket[] = [];
      socket.on('connect', () =>
        socket.write(encodeRconPacket({ id: 5, type: RconPacketType.ExecCommand, body: 'save' })),
      );
      socket.on('data', (chunk: Buffer) => packets.push(...decoder.push(chunk)));
      socket.on('close', () => resolve(packets));
      socket.on('error', reject);
    });
    expect(received).toEqual([{ id: -1, type: RconPacketType.AuthResponse, body: '' }]);
    expect(readSave(sim.saveFile())).toBeUndefined();
  });

  it('save writes the world under Saves/Multiplayer/<name> with a counter and a time', async (context) => {
    const sim = await startSim(context, { env: { RCON_PASSWORD: PASSWORD, SERVER_NAME: 'south' } });
    await waitForLog(sim.container, 'SERVER STARTED');
    const client = await rcon(sim);
    try {
      const before = Date.now();
      expect(await client.exec('save')).toBe('World saved');
      const first = readSave(sim.saveFile('south'));
      expect(first).toMatchObject({ serverName: 'south', saveCount: 1, reason: 'save' });
      expect(Date.parse(first?.savedAt ?? '')).toBeGreaterThanOrEqual(before - 1000);
      await client.exec('save');
      expect(readSave(sim.saveFile('south'))?.saveCount).toBe(2);
    } finally {
      await client.close();
    }
  });

  it('quit saves the world, replies and exits 0', async (context) => {
    const sim = await startSim(context, { env: { RCON_PASSWORD: PASSWORD } });
    await waitForLog(sim.container, 'SERVER STARTED');
    const client = await rcon(sim);
    try {
      expect(await client.exec('quit')).toBe('Quit');
    } finally {
      await client.close();
    }
    expect(await waitForExit(sim.container)).toBe(0);
    expect(readSave(sim.saveFile())).toMatchObject({ saveCount: 1, reason: 'quit' });
  });

  it('docker stop (SIGTERM) saves the world and exits 0', async (context) => {
    const sim = await startSim(context);
    await waitForLog(sim.container, 'SERVER STARTED');
    await sim.container.stop({ t: 10 });
    expect(await waitForExit(sim.container)).toBe(0);
    expect(readSave(sim.saveFile())).toMatchObject({ saveCount: 1, reason: 'SIGTERM' });
  });

  it('crashes with exit code 1 after PZSIM_CRASH_AFTER seconds', async (context) => {
    const sim = await startSim(context, { env: { PZSIM_CRASH_AFTER: '0.5' } });
    expect(await waitForExit(sim.container)).toBe(1);
    expect(readSave(sim.saveFile())).toBeUndefined();
  });

  it('is killed (137) without saving when docker stop -t is shorter than its save', async (context) => {
    const sim = await startSim(context, { env: { PZSIM_SAVE_DELAY: '5' } });
    await waitForLog(sim.container, 'SERVER STARTED');
    const started = Date.now();
    await sim.container.stop({ t: 1 });
    expect(await waitForExit(sim.container)).toBe(137);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(readSave(sim.saveFile())).toBeUndefined();
  });

  it('exits 0 with the world saved when docker stop -t leaves time for its save', async (context) => {
    const sim = await startSim(context, { env: { PZSIM_SAVE_DELAY: '0.5' } });
    await waitForLog(sim.container, 'SERVER STARTED');
    await sim.container.stop({ t: 5 });
    expect(await waitForExit(sim.container)).toBe(0);
    expect(readSave(sim.saveFile())).toMatchObject({ saveCount: 1, reason: 'SIGTERM' });
  });

  it('honours the StopTimeout set at container creation when docker stop gives none', async (context) => {
    const sim = await startSim(context, { env: { PZSIM_SAVE_DELAY: '5' }, stopTimeoutSeconds: 1 });
    // @types/dockerode lacks StopTimeout in the inspect result; the Engine API has it.
    const { Config: config } = (await sim.container.inspect()) as Docker.ContainerInspectInfo & {
      Config: { StopTimeout?: number };
    };
    expect(config.StopTimeout).toBe(1);
    await waitForLog(sim.container, 'SERVER STARTED');
    await sim.container.stop();
    expect(await waitForExit(sim.container)).toBe(137);
    expect(readSave(sim.saveFile())).toBeUndefined();
  });
});
