import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FleetHarness, waitForHistory, waitForServer } from '../testing/fleet-harness';
import { SocketProxy } from '../testing/socket-proxy';

// The host's Docker is reached through a proxy the test can cut, as when
// dockerd restarts or the link drops. Changes made while it is cut must all
// show once it is back.
const env = inject('testenv');
let h: FleetHarness;
let proxy: SocketProxy;
let hostId: string;

beforeAll(async () => {
  h = await FleetHarness.start(env);
  proxy = new SocketProxy(path.join(h.home, 'docker-proxy.sock'), env.dockerSocket);
  await proxy.start();
  const host = await h.call('hosts.add', {
    name: 'cut',
    kind: 'local',
    address: `unix://${proxy.path}`,
    dataRoot: path.join(h.home, 'cut-servers'),
  });
  hostId = host.id;
  h.zedops.startBackgroundWork();
});
afterAll(async () => {
  await proxy.cut();
  await h.close();
});

describe('the event stream cut and restored', () => {
  it('marks the servers stale while the host is unreachable, changes no status, and loses no change made meanwhile', async () => {
    const create = (name: string, game: number) => h.createSim(name, game, { hostId });
    const a = await create('cut-a', 26_501);
    const b = await create('cut-b', 26_511);
    await waitForServer(h, a.id, (x) => x.health === 'healthy');

    await proxy.cut();
    const stale = await waitForServer(h, a.id, (x) => x.stale);
    expect(stale).toMatchObject({ status: 'running', stale: true });
    expect(stale.hostLastSeen).not.toBeNull();
    const [host] = (await h.call('hosts.list', {})).filter((x) => x.id === hostId);
    expect(host?.status).toBe('offline');

    // While ZedOps cannot see the host, someone stops one server and removes the other.
    await h.docker.getContainer(a.containerId!).stop({ t: 10 });
    await h.docker.getContainer(b.containerId!).remove({ force: true });
    expect((await h.call('servers.get', { serverId: a.id })).status).toBe('running'); // unreachable changes nothing
    expect((await h.call('servers.get', { serverId: b.id })).status).toBe('running');

    await proxy.start();
    await waitForServer(h, a.id, (x) => x.status === 'stopped' && !x.stale, 20_000);
    await waitForServer(h, b.id, (x) => x.status === 'missing' && !x.stale, 20_000);
    const history = await waitForHistory(h, a.id, (ev) => ev.some((e) => e.toStatus === 'stopped'));
    expect(history[0]).toMatchObject({ actor: 'reconciler', toStatus: 'stopped' });
    const [back] = (await h.call('hosts.list', {})).filter((x) => x.id === hostId);
    expect(back?.status).toBe('online');
  });
});
