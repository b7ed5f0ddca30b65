import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FleetHarness, waitForServer } from '../testing/fleet-harness';

// A running ZedOps (as `zedops serve` or the desktop app) and the CLI in another process, on one catalog.
const env = inject('testenv');
const run = promisify(execFile);
let h: FleetHarness;
beforeAll(async () => {
  h = await FleetHarness.start(env);
  h.zedops.startBackgroundWork();
});
afterAll(async () => h.close());

describe('changes made by another process', () => {
  it('reach the change feed of a running ZedOps, with no Docker event involved', async () => {
    const s = await h.call('servers.create', {
      hostId: h.hostId,
      name: 'cw-restore',
      image: env.pzSimImage,
      adminPassword: 'a',
      gamePort: 26_701,
      udpPort: 26_702,
      rconPort: 26_703,
    });
    await waitForServer(h, s.id, (x) => x.health === 'healthy');
    await h.call('servers.action', { serverId: s.id, action: 'delete' });

    // Restore only touches the catalog: nothing in Docker announces it.
    await run(process.execPath, ['bin/zedops.cjs', '--home', h.home, 'server', 'restore', 'cw-restore'], {
      env: { ...process.env, DOCKER_HOST: 'unix:///nonexistent.sock' },
    });
    const restored = await waitForServer(h, s.id, (x) => x.status === 'missing');
    expect(restored.deletedAt).toBeNull();

    const removed = new Promise<string>((resolve) => {
      const off = h.zedops.feed.subscribe('server.removed', (r) => {
        off();
        resolve(r.name);
      });
    });
    await run(process.execPath, ['bin/zedops.cjs', '--home', h.home, 'server', 'purge', 'cw-restore', '--yes'], {
      env: { ...process.env, DOCKER_HOST: 'unix:///nonexistent.sock' },
    });
    expect(await removed).toBe('cw-restore');
  });
});
