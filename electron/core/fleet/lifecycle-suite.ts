import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Server } from '../../shared/servers';
import { FleetHarness, type TestHostKind } from '../testing/fleet-harness';
import { readSave } from '../../../testenv/pz-sim-container';

/** Where each kind's suite takes its ports and names, so the three files can run at the same time on one dockerd. */
const perKind: Record<TestHostKind, { firstGamePort: number; firstRconPort: number; prefix: string }> = {
  local: { firstGamePort: 21_001, firstRconPort: 23_000, prefix: 'lc' },
  tls: { firstGamePort: 21_201, firstRconPort: 23_200, prefix: 'lct' },
  ssh: { firstGamePort: 21_401, firstRconPort: 23_400, prefix: 'lcs' },
  agent: { firstGamePort: 21_601, firstRconPort: 23_600, prefix: 'lca' },
};

/**
 * The lifecycle suite: every action on a real dockerd, through `dispatch`,
 * on a host reached by the given connection kind. Run by one small test file
 * per kind.
 */
export function lifecycleSuite(kind: TestHostKind): void {
  const env = inject('testenv');
  const { firstGamePort, firstRconPort, prefix: P } = perKind[kind];
  // RCON listens on the host's 127.0.0.1: a TLS endpoint cannot reach it, so stops go through Docker (SIGTERM).
  const rconReachable = kind !== 'tls';
  const gracefulSaveReason = rconReachable ? /^quit$/ : /SIGTERM|sigterm|signal/i;
  let h: FleetHarness;
  let nextPort = firstGamePort;
  const ports = () => {
    const game = nextPort;
    nextPort += 2;
    return { gamePort: game, udpPort: game + 1, rconPort: firstRconPort + (game - firstGamePort) / 2 };
  };

  beforeAll(async () => {
    h = await FleetHarness.start(env, { kind });
  });
  afterAll(async () => h.close());

  async function create(name: string, extra: Record<string, unknown> = {}): Promise<Server> {
    return h.call('servers.create', {
      hostId: h.hostId,
      name,
      image: env.pzSimImage,
      adminPassword: 'admin-secret',
      rconPassword: 'rcon-secret',
      ...ports(),
      ...extra,
    });
  }
  const saveOf = (s: Server) =>
    readSave(path.join(h.dataRoot, s.name, 'data', 'Saves', 'Multiplayer', s.name, 'pz-sim-save.json'));
  const inspect = (s: Server) => h.docker.getContainer(s.containerId!).inspect();
  const history = async (s: Server) =>
    (await h.call('servers.history', { serverId: s.id, limit: 100 })).map((e) => `${e.kind}:${e.toStatus}`);
  async function waitForLog(s: Server, text: string) {
    for (let i = 0; i < 100; i++) {
      const logs = (await h.docker.getContainer(s.containerId!).logs({ stdout: true, stderr: true })).toString();
      if (logs.includes(text)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`"${text}" never appeared`);
  }

  describe('create', () => {
    it('runs a server with the labels, mounts, networks, ports, restart policy and stop timeout LIFECYCLE.md names', async () => {
      const s = await create(`${P}-create`);
      expect(s).toMatchObject({
        status: 'running',
        host: 'box',
        rconEnabled: true,
        dataExists: true,
        lastError: null,
        operation: null,
      });
      const info = await inspect(s);
      expect(info.Name).toBe(`/zedops-${P}-create`);
      expect(info.Config.Labels).toMatchObject({
        'zedops.managed': 'true',
        'zedops.server.id': s.id,
        'zedops.server.name': `${P}-create`,
      });
      expect(info.HostConfig.Binds).toEqual([
        `${h.dataRoot}/${P}-create/bin:/home/steam/ZomboidDedicatedServer`,
        `${h.dataRoot}/${P}-create/data:/home/steam/Zomboid`,
      ]);
      expect(Object.keys(info.NetworkSettings.Networks).sort()).toEqual(['zomboid-backend', 'zomboid-servers']);
      expect(info.Config.Env).toEqual(
        expect.arrayContaining([`DEFAULT_PORT=${s.gamePort}`, `UDP_PORT=${s.udpPort}`, `RCON_PORT=${s.rconPort}`]),
      );
      expect(info.HostConfig.PortBindings?.[`${s.rconPort}/tcp`]).toEqual([
        { HostIp: '127.0.0.1', HostPort: String(s.rconPort) },
      ]);
      expect(info.HostConfig.PortBindings?.[`${s.gamePort}/udp`]).toEqual([
        { HostIp: '', HostPort: String(s.gamePort) },
      ]);
      expect(info.HostConfig.RestartPolicy?.Name).toBe('unless-stopped');
      expect((info.Config as { StopTimeout?: number }).StopTimeout).toBe(60);
      expect(fs.existsSync(path.join(h.dataRoot, `${P}-create`, 'bin'))).toBe(true);
      expect(await history(s)).toEqual(['create:running', 'create:creating']);
    });

    it('reports pull progress as operation events', async () => {
      const progress: string[] = [];
      const off = h.zedops.feed.subscribe('operation.progress', (p) => progress.push(`${p.step}:${p.fraction ?? '-'}`));
      await create(`${P}-progress`);
      off();
      expect(progress[0]).toBe('pull:0');
      expect(progress).toContain('pull:1');
      expect(progress.some((p) => p.startsWith('container:'))).toBe(true);
    });

    it('keeps a failed create as failed with the reason, and Edit & Retry fixes it in place with the same id', async () => {
      const error = await h.refusal('servers.create', {
        hostId: h.hostId,
        name: `${P}-retry`,
        image: `${env.registry}/zedops/no-such-image:1`,
        adminPassword: 'a',
        ...ports(),
      });
      expect(error.code).toBe('failed');
      expect(error.message).toMatch(/image could not be found|Pulling/);
      const [failed] = await h
        .call('servers.list', { hostId: h.hostId, include: 'all' })
        .then((l) => l.filter((s) => s.name === `${P}-retry`));
      expect(failed).toMatchObject({ status: 'failed', containerId: null });
      expect(failed?.lastError).toMatch(/no-such-image/);

      const fixed = await h.call('servers.retry', { serverId: failed!.id, image: env.pzSimImage });
      expect(fixed).toMatchObject({ id: failed!.id, status: 'running', image: env.pzSimImage, lastError: null });
    });
  });

  describe('stop and start', () => {
    it(`stops through ${rconReachable ? 'RCON save and quit' : 'Docker (RCON is not reachable over TLS)'}, and the world is saved`, async () => {
      const s = await create(`${P}-stop`);
      await waitForLog(s, 'SERVER STARTED');
      const stopped = await h.call('servers.action', { serverId: s.id, action: 'stop' });
      expect(stopped.status).toBe('stopped');
      const save = saveOf(s);
      expect(save?.reason).toMatch(gracefulSaveReason);
      expect((await inspect(s)).State).toMatchObject({ Running: false, ExitCode: 0 });
      const events = await h.call('servers.history', { serverId: s.id, limit: 1 });
      expect(events[0]?.message).toMatch(rconReachable ? /RCON save and quit/ : /Docker/);

      const started = await h.call('servers.action', { serverId: s.id, action: 'start' });
      expect(started.status).toBe('running');
      expect((await inspect(s)).HostConfig.RestartPolicy?.Name).toBe('unless-stopped');
    });

    it('stops through Docker when RCON has no password, and the image still saves on SIGTERM', async () => {
      const s = await create(`${P}-norcon`, { rconPassword: undefined });
      expect(s.rconEnabled).toBe(false);
      await waitForLog(s, 'SERVER STARTED');
      await h.call('servers.action', { serverId: s.id, action: 'stop' });
      expect(saveOf(s)?.reason).toMatch(/SIGTERM|sigterm|signal/i);
    });

    it('refuses an action the status does not allow, says why, and changes nothing', async () => {
      const s = await create(`${P}-refuse`);
      const before = await history(s);
      const error = await h.refusal('servers.action', { serverId: s.id, action: 'start' });
      expect(error).toMatchObject({ code: 'not_allowed' });
      expect(error.message).toBe(
        `Cannot start server "${P}-refuse": it is running. Start works on servers that are stopped. Nothing was changed.`,
      );
      expect((await h.call('servers.get', { serverId: s.id })).status).toBe('running');
      expect(await history(s)).toEqual(before);
      for (const action of ['restore', 'recover'] as const) {
        expect((await h.refusal('servers.action', { serverId: s.id, action })).code).toBe('not_allowed');
      }
      expect((await h.refusal('servers.retry', { serverId: s.id })).code).toBe('not_allowed');
      expect((await h.refusal('servers.purge', { serverId: s.id, confirmName: `${P}-refuse` })).code).toBe(
        'not_allowed',
      );
    });
  });

  describe('the seed notes, reproduced with Docker by hand', () => {
    it('a container stopped or removed outside ZedOps is seen by sync; Recover brings it back with its world and ports', async () => {
      const s = await create(`${P}-oob`);
      await waitForLog(s, 'SERVER STARTED');
      await h.docker.getContainer(s.containerId!).stop({ t: 10 });
      await h.call('fleet.sync', { hostId: h.hostId });
      expect((await h.call('servers.get', { serverId: s.id })).status).toBe('stopped');
      const worldBefore = saveOf(s);
      expect(worldBefore).toBeDefined();

      await h.docker.getContainer(s.containerId!).remove({ force: true });
      await h.call('fleet.sync', { hostId: h.hostId });
      const missing = await h.call('servers.get', { serverId: s.id });
      expect(missing).toMatchObject({ status: 'missing', containerId: null, dataExists: true });

      const recovered = await h.call('servers.action', { serverId: s.id, action: 'recover' });
      expect(recovered).toMatchObject({
        status: 'running',
        gamePort: s.gamePort,
        udpPort: s.udpPort,
        rconPort: s.rconPort,
      });
      expect(recovered.containerId).not.toBe(s.containerId);
      await waitForLog(recovered, 'SERVER STARTED');
      expect(saveOf(s)?.saveCount).toBe(worldBefore?.saveCount); // same world, not a fresh one
    });

    it('a running container removed by hand becomes missing', async () => {
      const s = await create(`${P}-rm-running`);
      await h.docker.getContainer(s.containerId!).remove({ force: true });
      await h.call('fleet.sync', {});
      expect((await h.call('servers.get', { serverId: s.id })).status).toBe('missing');
      expect(await history(s)).toContain('container-gone:missing');
    });

    it('an accidental delete keeps config, data and ports until purge; restore and recover bring it back', async () => {
      const s = await create(`${P}-delete`);
      await waitForLog(s, 'SERVER STARTED');
      const deleted = await h.call('servers.action', { serverId: s.id, action: 'delete' });
      expect(deleted).toMatchObject({ status: 'deleted', containerId: null, dataExists: true });
      expect(deleted.purgeAt).not.toBeNull();
      expect(
        await h.call('servers.list', { hostId: h.hostId, include: 'active' }).then((l) => l.map((x) => x.name)),
      ).not.toContain(`${P}-delete`);

      // Its ports stay reserved while it is deleted.
      const clash = await h.refusal('servers.create', {
        hostId: h.hostId,
        name: `${P}-thief`,
        image: env.pzSimImage,
        adminPassword: 'a',
        gamePort: s.gamePort,
        udpPort: s.udpPort,
        rconPort: s.rconPort,
      });
      expect(clash.code).toBe('invalid_request');
      expect(clash.message).toContain(
        `Port ${s.gamePort}/udp is reserved in the catalog by server "${P}-delete" (deleted; kept until it is purged)`,
      );
      expect(
        await h.call('servers.list', { hostId: h.hostId, include: 'all' }).then((l) => l.map((x) => x.name)),
      ).not.toContain(`${P}-thief`);

      const restored = await h.call('servers.action', { serverId: s.id, action: 'restore' });
      expect(restored).toMatchObject({ status: 'missing', deletedAt: null, dataExists: true });
      const back = await h.call('servers.action', { serverId: s.id, action: 'recover' });
      expect(back.status).toBe('running');
    });

    it('purge needs the name typed, removes container, data and row, and releases the ports', async () => {
      const s = await create(`${P}-purge`);
      await waitForLog(s, 'SERVER STARTED');
      await h.call('servers.action', { serverId: s.id, action: 'delete' });
      const wrong = await h.refusal('servers.purge', { serverId: s.id, confirmName: `${P}-purg` });
      expect(wrong.code).toBe('invalid_request');
      expect((await h.call('servers.get', { serverId: s.id })).status).toBe('deleted');

      expect(await h.call('servers.purge', { serverId: s.id, confirmName: `${P}-purge` })).toEqual({
        purged: [{ id: s.id, name: `${P}-purge` }],
      });
      expect((await h.refusal('servers.get', { serverId: s.id })).code).toBe('not_found');
      expect(fs.existsSync(path.join(h.dataRoot, `${P}-purge`))).toBe(false);
      const check = await h.call('ports.check', {
        hostId: h.hostId,
        gamePort: s.gamePort,
        udpPort: s.udpPort,
        rconPort: s.rconPort,
      });
      expect(check.conflicts).toEqual([]);
    });

    it('purge with keep-data leaves the world on the host', async () => {
      const s = await create(`${P}-keep`);
      await waitForLog(s, 'SERVER STARTED');
      await h.call('servers.action', { serverId: s.id, action: 'delete' });
      await h.call('servers.purge', { serverId: s.id, confirmName: `${P}-keep`, keepData: true });
      expect(fs.existsSync(path.join(h.dataRoot, `${P}-keep`, 'data'))).toBe(true);
    });
  });

  describe('retention', () => {
    it('purges a deleted server on sync once deleted-retention has passed', async () => {
      const s = await create(`${P}-expire`);
      await waitForLog(s, 'SERVER STARTED');
      await h.call('settings.set', { key: 'deleted-retention', value: '1s' });
      try {
        await h.call('servers.action', { serverId: s.id, action: 'delete' });
        await new Promise((r) => setTimeout(r, 1100));
        const result = await h.call('fleet.sync', { hostId: h.hostId });
        expect(result.hosts[0]?.purged).toBeGreaterThanOrEqual(1);
        expect((await h.refusal('servers.get', { serverId: s.id })).code).toBe('not_found');
        expect(fs.existsSync(path.join(h.dataRoot, `${P}-expire`))).toBe(false);
      } finally {
        await h.call('settings.set', { key: 'deleted-retention', value: '24h' });
      }
    });
  });

  describe('restart, rebuild and the bulk actions', () => {
    it('restart stops gracefully and starts again; rebuild recreates the container on the same data', async () => {
      const s = await create(`${P}-restart`);
      await waitForLog(s, 'SERVER STARTED');
      const restarted = await h.call('servers.action', { serverId: s.id, action: 'restart' });
      expect(restarted).toMatchObject({ status: 'running', containerId: s.containerId });
      expect(saveOf(s)?.reason).toMatch(gracefulSaveReason);
      await waitForLog(restarted, 'SERVER STARTED');

      const rebuilt = await h.call('servers.action', { serverId: s.id, action: 'rebuild' });
      expect(rebuilt.status).toBe('running');
      expect(rebuilt.containerId).not.toBe(s.containerId);
      expect(
        (await h.docker.listContainers({ all: true, filters: { label: [`zedops.server.id=${s.id}`] } })).length,
      ).toBe(1);
      await waitForLog(rebuilt, 'SERVER STARTED');
      expect(saveOf(s)?.saveCount).toBeGreaterThanOrEqual(2); // the same world, saved again before the rebuild
      expect(await history(s)).toEqual(expect.arrayContaining(['rebuild:running', 'start:running', 'stop:stopped']));
    });

    it('purges every deleted server of a host at once, and cleans up failed ones keeping their data', async () => {
      const a = await create(`${P}-bulk-a`);
      const b = await create(`${P}-bulk-b`);
      await waitForLog(a, 'SERVER STARTED');
      await waitForLog(b, 'SERVER STARTED');
      await h.call('servers.action', { serverId: a.id, action: 'delete' });
      await h.call('servers.action', { serverId: b.id, action: 'delete' });
      const { purged } = await h.call('servers.purgeDeleted', { hostId: h.hostId });
      expect(purged.map((p) => p.name).sort()).toEqual([`${P}-bulk-a`, `${P}-bulk-b`]);

      await h.refusal('servers.create', {
        hostId: h.hostId,
        name: `${P}-bulk-failed`,
        image: `${env.registry}/zedops/none:1`,
        adminPassword: 'a',
        ...ports(),
      });
      const cleaned = await h.call('servers.cleanupFailed', { hostId: h.hostId });
      expect(cleaned.purged.map((p) => p.name)).toContain(`${P}-bulk-failed`);
      expect(
        await h
          .call('servers.list', { hostId: h.hostId, include: 'all' })
          .then((l) => l.filter((x) => x.status === 'failed')),
      ).toEqual([]);
    });

    it('refuses, in every status, each action the lifecycle table does not allow, and changes nothing', async () => {
      const s = await create(`${P}-table`);
      await waitForLog(s, 'SERVER STARTED');
      const tryAll = async (status: string, allowed: string[]) => {
        expect((await h.call('servers.get', { serverId: s.id })).status).toBe(status);
        const before = await history(s);
        for (const action of ['start', 'stop', 'restart', 'recover', 'rebuild', 'delete', 'restore'] as const) {
          if (allowed.includes(action)) continue;
          const error = await h.refusal('servers.action', { serverId: s.id, action });
          expect(error.code, `${action} on ${status}`).toBe('not_allowed');
          expect(error.message).toMatch(
            new RegExp(`^Cannot ${action} server "${P}-table": (it is|its container is) ${status}`),
          );
        }
        if (!allowed.includes('retry'))
          expect((await h.refusal('servers.retry', { serverId: s.id })).code).toBe('not_allowed');
        if (!allowed.includes('purge')) {
          expect((await h.refusal('servers.purge', { serverId: s.id, confirmName: `${P}-table` })).code).toBe(
            'not_allowed',
          );
        }
        expect(await history(s)).toEqual(before);
      };
      await tryAll('running', ['stop', 'restart', 'rebuild', 'delete']);
      await h.call('servers.action', { serverId: s.id, action: 'stop' });
      await tryAll('stopped', ['start', 'rebuild', 'delete']);
      await h.call('servers.action', { serverId: s.id, action: 'delete' });
      await tryAll('deleted', ['restore', 'purge']);
      await h.call('servers.action', { serverId: s.id, action: 'restore' });
      await tryAll('missing', ['recover', 'delete', 'purge']);
    });
  });
}
