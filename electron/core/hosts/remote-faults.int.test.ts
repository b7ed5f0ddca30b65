import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Host } from '../../shared/api';
import {
  FleetHarness,
  stopCutOffHalfway,
  waitForServer,
  type HarnessEnv,
  type TestHostKind,
} from '../testing/fleet-harness';
import { PrivateSshd } from '../testing/private-sshd';
import { TcpRelay } from '../testing/tcp-relay';

/**
 * Remote hosts under faults, with ZedOps watching as the desktop does: an
 * sshd of the test's own stopped and started again (idle, and in the middle
 * of an operation), a host key that changes, and a TLS link that goes dead
 * without a word. Each must show the host offline within 10 s with a clear
 * error, keep its servers as they were (stale), never crash the process,
 * and come back by itself when the host does. Ports 27401-27499.
 */
const env = inject('testenv');
const offlineWithinMs = 10_000;

const uncaught: unknown[] = [];
const onUncaught = (err: unknown) => uncaught.push(err);

beforeAll(() => {
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
});
afterAll(() => {
  process.off('uncaughtException', onUncaught);
  process.off('unhandledRejection', onUncaught);
  expect(uncaught).toEqual([]);
});

async function waitForHost(h: FleetHarness, hostId: string, test: (x: Host) => boolean, timeoutMs = 30_000) {
  const now = (await h.call('hosts.list', {})).find((x) => x.id === hostId);
  if (now && test(now)) return now;
  return new Promise<Host>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`host never reached the expected state within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = h.zedops.feed.subscribe('host.changed', (x) => {
      if (x.id === hostId && test(x)) {
        clearTimeout(timer);
        off();
        resolve(x);
      }
    });
  });
}

/** A harness whose host is watched as the desktop watches it, once that host is online. */
async function watchedHarness(harnessEnv: HarnessEnv, kind: TestHostKind): Promise<FleetHarness> {
  const h = await FleetHarness.start(harnessEnv, { kind });
  h.zedops.startBackgroundWork();
  await waitForHost(h, h.hostId, (x) => x.status === 'online');
  return h;
}

describe('an SSH host whose sshd goes away and comes back', () => {
  let sshd: PrivateSshd;
  let h: FleetHarness;

  beforeAll(async () => {
    sshd = await PrivateSshd.start(27_401);
    sshd.authorize(fs.readFileSync(`${env.ssh.identity}.pub`, 'utf8'));
    // The test environment's identity, through this test's own sshd.
    h = await watchedHarness(
      { ...env, ssh: { ...env.ssh, port: sshd.port, hostKeyFingerprint: sshd.hostKeyFingerprint } },
      'ssh',
    );
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await sshd?.destroy();
  });

  it('stopped while idle: offline within 10 s, servers stale and unchanged; back online by itself', async () => {
    const s = await h.createSim('fault-idle', 27_421);
    await waitForServer(h, s.id, (x) => x.health === 'healthy');
    const historyBefore = await h.call('servers.history', { serverId: s.id, limit: 100 });

    const stoppedAt = Date.now();
    await sshd.down();
    const offline = await waitForHost(h, h.hostId, (x) => x.status === 'offline', 20_000);
    expect(Date.now() - stoppedAt).toBeLessThan(offlineWithinMs);
    expect(offline.lastError).toMatch(/SSH|ssh|connection/);
    expect(offline.lastSeen).not.toBeNull();
    const stale = await waitForServer(h, s.id, (x) => x.stale);
    expect(stale.status).toBe('running');

    // Actions while the host is away fail clearly and change nothing.
    const refused = await h.refusal('servers.action', { serverId: s.id, action: 'stop' });
    expect(refused.code).toBe('failed');
    expect(refused.message).not.toMatch(/\n\s+at /); // no stack trace
    expect((await h.call('servers.get', { serverId: s.id })).status).toBe('running');

    await sshd.up();
    await waitForHost(h, h.hostId, (x) => x.status === 'online', 30_000);
    const back = await waitForServer(h, s.id, (x) => !x.stale);
    expect(back.status).toBe('running');
    const historyAfter = await h.call('servers.history', { serverId: s.id, limit: 100 });
    expect(historyAfter.slice(-historyBefore.length)).toEqual(historyBefore);
  });

  it('stopped in the middle of a stop: the operation fails clearly, and after the host is back the catalog agrees with Docker', async () => {
    await stopCutOffHalfway(
      h,
      'fault-midop',
      27_431,
      () => sshd.down(),
      async () => {
        await sshd.up();
        await waitForHost(h, h.hostId, (x) => x.status === 'online', 30_000);
      },
    );
  });

  it('a changed host key is refused: the host stays offline saying so, and nothing reconnects behind the user', async () => {
    await sshd.down();
    await waitForHost(h, h.hostId, (x) => x.status === 'offline', 20_000);
    await sshd.up({ newHostKey: true });
    const refused = await waitForHost(h, h.hostId, (x) => /CHANGED|changed/.test(x.lastError ?? ''), 30_000);
    expect(refused.status).toBe('offline');
    expect(refused.lastError).toContain(sshd.hostKeyFingerprint);
    const test = await h.refusal('hosts.test', { hostId: h.hostId });
    expect(test.message).toMatch(/changed/i);
    const servers = await h.call('servers.list', { hostId: h.hostId });
    expect(servers.every((x) => x.stale)).toBe(true);
  });
});

describe('a TLS host whose link goes dead without a word', () => {
  let relay: TcpRelay;
  let h: FleetHarness;

  beforeAll(async () => {
    relay = await TcpRelay.start(env.tls.port, env.tls.host, 27_402);
    h = await watchedHarness({ ...env, tls: { ...env.tls, port: relay.port } }, 'tls');
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await relay?.close();
  });

  it('shows offline within 10 s, keeps the servers as they were, and reconnects when the link is back', async () => {
    const s = await h.createSim('fault-tls', 27_441);
    await waitForServer(h, s.id, (x) => x.health === 'healthy');

    const frozenAt = Date.now();
    relay.freeze();
    const offline = await waitForHost(h, h.hostId, (x) => x.status === 'offline', 20_000);
    expect(Date.now() - frozenAt).toBeLessThan(offlineWithinMs);
    expect(offline.lastError).toMatch(/did not answer|timed out|time/i);
    expect((await waitForServer(h, s.id, (x) => x.stale)).status).toBe('running');

    // Meanwhile the server is stopped by hand on the host: ZedOps learns it once the link is back.
    await h.docker.getContainer(s.containerId!).stop({ t: 10 });
    relay.thaw();
    await waitForHost(h, h.hostId, (x) => x.status === 'online', 30_000);
    const back = await waitForServer(h, s.id, (x) => !x.stale && x.status === 'stopped', 30_000);
    expect(back.status).toBe('stopped');
  });
});
