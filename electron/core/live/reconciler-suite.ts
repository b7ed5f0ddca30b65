import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Server } from '../../shared/servers';
import { FleetHarness, waitForHistory, waitForServer, type TestHostKind } from '../testing/fleet-harness';
import { Zedops } from '../zedops';

/** Each kind's ports and names, so the three files can run at the same time on one dockerd. */
const perKind: Record<TestHostKind, { firstPort: number; prefix: string }> = {
  local: { firstPort: 26_001, prefix: 'lv' },
  tls: { firstPort: 26_301, prefix: 'lvt' },
  ssh: { firstPort: 26_801, prefix: 'lvs' },
  agent: { firstPort: 28_501, prefix: 'lva' },
};

/**
 * The reconciler suite: out-of-band changes made with Docker by hand, seen
 * through the event stream of a host reached by the given connection kind.
 * Every wait is on the change feed; nothing sleeps.
 */
export function reconcilerSuite(kind: TestHostKind): void {
  const env = inject('testenv');
  const { firstPort, prefix: P } = perKind[kind];
  let h: FleetHarness;
  let nextPort = firstPort;

  beforeAll(async () => {
    h = await FleetHarness.start(env, { kind });
    h.zedops.startBackgroundWork();
  });
  afterAll(async () => h.close());

  async function create(name: string, extraEnv: Record<string, string> = {}): Promise<Server> {
    const game = nextPort;
    nextPort += 3;
    const s = await h.call('servers.create', {
      hostId: h.hostId,
      name,
      image: env.pzSimImage,
      adminPassword: 'admin-secret',
      gamePort: game,
      udpPort: game + 1,
      rconPort: game + 2,
      env: extraEnv,
    });
    return waitForServer(h, s.id, (x) => x.health === 'healthy' || Object.keys(extraEnv).length > 0);
  }
  const container = (s: Server) => h.docker.getContainer(s.containerId!);
  const lastEvent = async (s: Server) => (await h.call('servers.history', { serverId: s.id, limit: 1 }))[0];

  describe('changes made outside ZedOps', () => {
    it('docker stop shows as stopped, with the exit code in the history', async () => {
      const s = await create(`${P}-stop`);
      await container(s).stop({ t: 10 });
      await waitForServer(h, s.id, (x) => x.status === 'stopped');
      expect(await lastEvent(s)).toMatchObject({ kind: 'stopped-outside', actor: 'reconciler', toStatus: 'stopped' });
      expect((await lastEvent(s))?.message).toMatch(/Stopped outside ZedOps \(signal \S+, exit code 0\)/);
    });

    it('docker kill shows as stopped, saying it was killed', async () => {
      const s = await create(`${P}-kill`);
      await container(s).kill();
      await waitForServer(h, s.id, (x) => x.status === 'stopped');
      expect(await lastEvent(s)).toMatchObject({ kind: 'killed', toStatus: 'stopped' });
      expect((await lastEvent(s))?.message).toMatch(/^Killed outside ZedOps \(signal (9|SIGKILL), exit code 137\)/);
    });

    it('docker start of a stopped server shows it running again', async () => {
      const s = await create(`${P}-start`);
      await container(s).stop({ t: 10 });
      await waitForServer(h, s.id, (x) => x.status === 'stopped');
      await container(s).start();
      await waitForServer(h, s.id, (x) => x.status === 'running');
      expect(await lastEvent(s)).toMatchObject({ kind: 'started-outside', toStatus: 'running' });
    });

    it('docker rm -f of a running server shows it missing, its world still there', async () => {
      const s = await create(`${P}-rm-running`);
      await container(s).remove({ force: true });
      const missing = await waitForServer(h, s.id, (x) => x.status === 'missing');
      expect(missing).toMatchObject({ containerId: null, dataExists: true });
    });

    it('docker rm of a stopped server shows it missing', async () => {
      const s = await create(`${P}-rm-stopped`);
      await container(s).stop({ t: 10 });
      await waitForServer(h, s.id, (x) => x.status === 'stopped');
      await container(s).remove();
      await waitForServer(h, s.id, (x) => x.status === 'missing');
    });

    it('a container recreated by hand with the same labels is relinked', async () => {
      const s = await create(`${P}-relink`);
      const info = await container(s).inspect();
      await container(s).remove({ force: true });
      await waitForServer(h, s.id, (x) => x.status === 'missing');
      const copy = await h.docker.createContainer({
        name: `zedops-${P}-relink`,
        Image: info.Config.Image,
        Env: info.Config.Env,
        Labels: info.Config.Labels,
        HostConfig: { Binds: info.HostConfig.Binds ?? [], PortBindings: info.HostConfig.PortBindings },
      });
      await copy.start();
      const back = await waitForServer(h, s.id, (x) => x.status === 'running');
      expect(back.containerId).toBe(copy.id);
    });
  });

  describe('overlays and what never changes', () => {
    it('a server that keeps crashing is shown crash-looping, with each crash and its exit code in the history', async () => {
      const s = await create(`${P}-crash`, { PZSIM_CRASH_AFTER: '0.3' });
      const looping = await waitForServer(h, s.id, (x) => x.crashLooping, 30_000);
      expect(looping.crashLooping).toBe(true);
      const history = await waitForHistory(h, s.id, (ev) => ev.filter((e) => e.kind === 'crashed').length >= 3);
      const crashes = history.filter((e) => e.kind === 'crashed');
      expect(crashes[0]?.message).toMatch(/^Crashed with exit code 1\./);
      await h.call('servers.action', { serverId: s.id, action: 'delete' });
    });

    it('reports the container health check: starting, then healthy', async () => {
      const seen: string[] = [];
      const off = h.zedops.feed.subscribe('server.changed', (x) => {
        if (x.name === `${P}-health` && x.health && seen.at(-1) !== x.health) seen.push(x.health);
      });
      await create(`${P}-health`);
      off();
      expect(seen).toEqual(['starting', 'healthy']);
    });

    it('a deleted server stays deleted when a container shows up for it', async () => {
      const s = await create(`${P}-deleted`);
      const info = await container(s).inspect();
      await h.call('servers.action', { serverId: s.id, action: 'delete' });
      const stray = await h.docker.createContainer({
        name: `zedops-${P}-deleted-stray`,
        Image: info.Config.Image,
        Labels: info.Config.Labels,
      });
      try {
        await stray.start();
        const result = await h.call('fleet.sync', { hostId: h.hostId });
        expect(result.hosts[0]?.reachable).toBe(true);
        expect((await h.call('servers.get', { serverId: s.id })).status).toBe('deleted');
      } finally {
        await stray.remove({ force: true });
      }
    });

    it('a failed server never becomes missing', async () => {
      const error = await h.refusal('servers.create', {
        hostId: h.hostId,
        name: `${P}-failed`,
        image: `${env.registry}/zedops/none:1`,
        adminPassword: 'a',
        gamePort: firstPort + 250,
        udpPort: firstPort + 251,
        rconPort: firstPort + 252,
      });
      expect(error.code).toBe('failed');
      await h.call('fleet.sync', { hostId: h.hostId });
      const [failed] = (await h.call('servers.list', { hostId: h.hostId, include: 'all' })).filter(
        (x) => x.name === `${P}-failed`,
      );
      expect(failed?.status).toBe('failed');
    });

    it('knows the health of servers that were already healthy when it started watching', async () => {
      const s = await create(`${P}-health-later`);
      const later = await Zedops.start({
        dataDir: h.home,
        mode: 'browser',
        env: { DOCKER_HOST: 'unix:///nonexistent.sock' },
        homedir: h.home,
      });
      try {
        const healthy = new Promise<void>((resolve) => {
          const off = later.feed.subscribe(
            'server.changed',
            (x) => x.id === s.id && x.health === 'healthy' && (off(), resolve()),
          );
        });
        later.startBackgroundWork();
        await healthy;
        expect(later.fleet.get(s.id).health).toBe('healthy');
      } finally {
        later.close();
      }
    });
  });
}
