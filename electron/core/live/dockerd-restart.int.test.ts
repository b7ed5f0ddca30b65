import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FleetHarness, waitForServer } from '../testing/fleet-harness';
import { PrivateDockerd } from '../testing/private-dockerd';

// A real dockerd restart, on a daemon of this test's own so the shared one
// keeps serving the other suites.
const env = inject('testenv');
let h: FleetHarness;
let dockerd: PrivateDockerd;
let hostId: string;

beforeAll(async () => {
  dockerd = await PrivateDockerd.start();
  h = await FleetHarness.start(env);
  const host = await h.call('hosts.add', {
    name: 'restarting',
    kind: 'local',
    address: dockerd.address,
    dataRoot: path.join(h.home, 'restart-servers'),
  });
  hostId = host.id;
  h.zedops.startBackgroundWork();
}, 120_000);
afterAll(async () => {
  await h.close();
  await dockerd.destroy();
});

describe('dockerd restarted under a watching ZedOps', () => {
  it('shows the host offline and its servers stale meanwhile, then converges with no change lost', async () => {
    const create = (name: string, game: number) => h.createSim(name, game, { hostId });
    const a = await create('rs-a', 26_601);
    const b = await create('rs-b', 26_611);
    // The game must be up (its SIGTERM handler installed) before the daemon stops it.
    await waitForServer(h, a.id, (x) => x.health === 'healthy');
    await waitForServer(h, b.id, (x) => x.health === 'healthy');

    await dockerd.down();
    // Stopping the daemon stops its containers, and ZedOps may see that before the API goes away.
    await waitForServer(h, a.id, (x) => x.stale);
    const [offline] = (await h.call('hosts.list', {})).filter((x) => x.id === hostId);
    expect(offline?.status).toBe('offline');

    await dockerd.up();
    // Right after the daemon is back, before ZedOps has reconnected, someone removes one server.
    await dockerd.docker.getContainer(b.containerId!).remove({ force: true });

    // unless-stopped brings the other back with the daemon; the removed one is missing.
    await waitForServer(h, a.id, (x) => x.status === 'running' && !x.stale, 30_000);
    await waitForServer(h, b.id, (x) => x.status === 'missing' && !x.stale, 30_000);
    const [host] = (await h.call('hosts.list', {})).filter((x) => x.id === hostId);
    expect(host?.status).toBe('online');
  });
});
