import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FleetHarness, testHostParams, waitForServer } from '../testing/fleet-harness';
import { PrivateDockerd } from '../testing/private-dockerd';

// A real dockerd restart, on a daemon of this test's own so the shared one
// keeps serving the other suites; reached through its socket, and through the
// test environment's sshd forwarding to that socket.
const env = inject('testenv');
let h: FleetHarness;
let dockerd: PrivateDockerd;

beforeAll(async () => {
  dockerd = await PrivateDockerd.start();
  h = await FleetHarness.start(env);
  h.zedops.startBackgroundWork();
}, 120_000);
afterAll(async () => {
  await h.close();
  await dockerd.destroy();
});

describe.each([
  { kind: 'local' as const, firstPort: 26_601, prefix: 'rs' },
  { kind: 'ssh' as const, firstPort: 27_411, prefix: 'rss' },
])('dockerd restarted under a watching ZedOps ($kind host)', ({ kind, firstPort, prefix }) => {
  it('shows the host offline and its servers stale meanwhile, then converges with no change lost', async () => {
    const params = testHostParams(
      { ...env, dockerHost: dockerd.address, dockerSocket: dockerd.socket },
      kind,
      path.join(h.home, `${prefix}-servers`),
      `restarting-${kind}`,
    );
    const { id: hostId } = await h.call('hosts.add', params);
    const create = (name: string, game: number) => h.createSim(name, game, { hostId });
    const a = await create(`${prefix}-a`, firstPort);
    const b = await create(`${prefix}-b`, firstPort + 10);
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
