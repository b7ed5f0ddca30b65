import dgram from 'node:dgram';
import net from 'node:net';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  removeTestContainers,
  startPzSim,
  TEST_LABEL,
  TEST_SUITE_LABEL,
  type PzSim,
} from '../../../testenv/pz-sim-container';
import { LocalHostOps } from '../host-ops/local-host-ops';
import { useTempDirs } from '../testing/temp-dirs';
import { findConflicts, type PortHolder } from './port-conflicts';
import { dockerPortHolders, hostPortHolders } from './port-holders';

const env = inject('testenv');
const suite = 'ports-port-holders';
const docker = new Docker({ socketPath: env.dockerSocket });
const tempDir = useTempDirs('zedops-ports');

const stoppedName = `zedops-test-stopped-${process.pid}`;
let stoppedPorts = { gamePort: 0, udpPort: 0, rconPort: 0 };
let running: PzSim | undefined;

// The stopped container is started once, so its fixed ports must really be free.
async function freePort(protocol: 'udp' | 'tcp'): Promise<number> {
  if (protocol === 'udp') {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const { port } = socket.address();
    await new Promise<void>((resolve) => socket.close(resolve));
    return port;
  }
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  await removeTestContainers(docker, suite);
  stoppedPorts = { gamePort: await freePort('udp'), udpPort: await freePort('udp'), rconPort: await freePort('tcp') };
  const fixedOnLoopback = (port: number) => [{ HostIp: '127.0.0.1', HostPort: String(port) }];
  await docker.createContainer({
    name: stoppedName,
    Image: env.pzSimImage,
    Labels: { [TEST_LABEL]: 'true', [TEST_SUITE_LABEL]: suite, 'zedops.server.name': 'north' },
    ExposedPorts: { '16261/udp': {}, '16262/udp': {}, '27015/tcp': {} },
    HostConfig: {
      PortBindings: {
        '16261/udp': fixedOnLoopback(stoppedPorts.gamePort),
        '16262/udp': fixedOnLoopback(stoppedPorts.udpPort),
        '27015/tcp': fixedOnLoopback(stoppedPorts.rconPort),
      },
    },
  });
  running = await startPzSim(docker, { image: env.pzSimImage, suite });
});

afterAll(async () => {
  await running?.remove();
  await removeTestContainers(docker, suite);
});

function held(holders: PortHolder[], port: number, protocol: 'udp' | 'tcp'): PortHolder[] {
  return holders.filter((h) => h.port === port && h.protocol === protocol);
}

describe('dockerPortHolders against the real engine', () => {
  it('sees the ports of a container that was never started, and names the ZedOps server behind it', async () => {
    const holders = await dockerPortHolders(docker);
    const holder = `ZedOps server "north" (container "${stoppedName}", created, never started)`;
    const { gamePort, udpPort, rconPort } = stoppedPorts;
    expect(held(holders, gamePort, 'udp')).toEqual([
      { port: gamePort, protocol: 'udp', layer: 'docker', holder, serverName: 'north' },
    ]);
    expect(held(holders, udpPort, 'udp')).toHaveLength(1);
    expect(held(holders, rconPort, 'tcp')).toHaveLength(1);
    expect(findConflicts(stoppedPorts, holders).map((c) => c.message)).toContain(
      `Port ${gamePort}/udp is published by ${holder} in Docker; pick another or let ZedOps suggest one.`,
    );
  });

  it('sees the ports a stopped container keeps', async () => {
    const stopped = docker.getContainer(stoppedName);
    await stopped.start();
    await stopped.stop({ t: 0 });
    const holders = await dockerPortHolders(docker);
    expect(held(holders, stoppedPorts.udpPort, 'udp').map((h) => h.holder)).toEqual([
      `ZedOps server "north" (container "${stoppedName}", stopped)`,
    ]);
    expect(held(holders, stoppedPorts.rconPort, 'tcp')).toHaveLength(1);
  });

  it('sees the ports Docker picked for a running container', async () => {
    const sim = running!;
    const name = (await sim.container.inspect()).Name.slice(1);
    const holders = await dockerPortHolders(docker);
    const expected = `container "${name}" (running)`;
    expect(held(holders, sim.gamePort, 'udp').map((h) => h.holder)).toEqual([expected]);
    expect(held(holders, sim.directPort, 'udp').map((h) => h.holder)).toEqual([expected]);
    expect(held(holders, sim.rconPort, 'tcp').map((h) => h.holder)).toEqual([expected]);
  });
});

describe('hostPortHolders with LocalHostOps', () => {
  it('sees a UDP socket and a TCP listener bound on 127.0.0.1', async () => {
    const udp = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    const tcp = net.createServer();
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    try {
      const udpPort = udp.address().port;
      const tcpPort = (tcp.address() as net.AddressInfo).port;
      const holders = await hostPortHolders(new LocalHostOps(tempDir()));
      expect(held(holders, udpPort, 'udp')).toEqual([
        { port: udpPort, protocol: 'udp', layer: 'host', holder: 'another program' },
      ]);
      expect(held(holders, tcpPort, 'tcp')).toEqual([
        { port: tcpPort, protocol: 'tcp', layer: 'host', holder: 'another program' },
      ]);
    } finally {
      udp.close();
      await new Promise((resolve) => tcp.close(resolve));
    }
  });

  it("names a running container's ports after Docker, not the host, because Docker comes first", async () => {
    const sim = running!;
    const holders = [...(await dockerPortHolders(docker)), ...(await hostPortHolders(new LocalHostOps(tempDir())))];
    expect(held(holders, sim.rconPort, 'tcp').map((h) => h.layer)).toEqual(['docker', 'host']);
    const [conflict] = findConflicts({ gamePort: 16261, udpPort: 16262, rconPort: sim.rconPort }, holders).filter(
      (c) => c.role === 'rcon',
    );
    expect(conflict?.layer).toBe('docker');
  });
});
