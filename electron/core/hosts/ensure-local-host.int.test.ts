import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { Zedops } from '../zedops';
import type { EventPayload } from '../../shared/api';
import { useTempDirs } from '../testing/temp-dirs';

const env = inject('testenv');
const freshHome = useTempDirs('zedops-home');

describe('"This computer" on the real Docker socket', () => {
  it('is added on first start with the engine version, and only once', async () => {
    const dataDir = freshHome();
    const first = await Zedops.start({ dataDir, mode: 'browser', env: { DOCKER_HOST: env.dockerHost } });
    const hosts = await first.handlers['hosts.list']({});
    first.close();
    expect(hosts).toHaveLength(1);
    expect(hosts[0]).toMatchObject({
      name: 'This computer',
      kind: 'local',
      address: env.dockerHost,
      status: 'online',
      dockerVersion: env.dockerVersion,
      lastError: null,
    });
    expect(hosts[0]?.lastSeen).not.toBeNull();

    const second = await Zedops.start({ dataDir, mode: 'browser', env: { DOCKER_HOST: env.dockerHost } });
    expect((await second.handlers['hosts.list']({})).map((h) => h.name)).toEqual(['This computer']);
    second.close();
  });

  it('is not added when no socket answers', async () => {
    const zedops = await Zedops.start({
      dataDir: freshHome(),
      mode: 'browser',
      env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' },
    });
    expect(await zedops.handlers['hosts.list']({})).toEqual([]);
    zedops.close();
  });

  it('turns offline with a readable reason when its socket stops answering, and back online after', async () => {
    const dataDir = freshHome();
    // Reach the real engine through a symlink we can take away, as if Docker were stopped.
    const link = path.join(dataDir, 'docker.sock');
    fs.symlinkSync(env.dockerSocket, link);
    const zedops = await Zedops.start({ dataDir, mode: 'browser', env: { DOCKER_HOST: `unix://${link}` } });
    const changes: EventPayload<'host.changed'>[] = [];
    zedops.feed.subscribe('host.changed', (h) => changes.push(h));

    fs.unlinkSync(link);
    await zedops.refreshLocalHosts();
    const [offline] = await zedops.handlers['hosts.list']({});
    expect(offline).toMatchObject({ status: 'offline', dockerVersion: env.dockerVersion });
    expect(offline?.lastError).toMatch(/socket does not exist.*Start Docker/);

    await zedops.refreshLocalHosts();
    expect(changes).toHaveLength(1); // no event when nothing changed

    fs.symlinkSync(env.dockerSocket, link);
    await zedops.refreshLocalHosts();
    expect((await zedops.handlers['hosts.list']({}))[0]).toMatchObject({ status: 'online', lastError: null });
    expect(changes.map((h) => h.status)).toEqual(['offline', 'online']);
    zedops.close();
  });
});
