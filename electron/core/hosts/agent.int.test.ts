import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Host } from '../../shared/api';
import type { ServerEvent } from '../../shared/servers';
import { AgentProcess, agentBundle } from '../testing/agent-process';
import { FleetHarness, stopCutOffHalfway, waitForHistory, waitForServer } from '../testing/fleet-harness';
import { Zedops } from '../zedops';

/**
 * The agent kind beyond the shared suites: a ZedOps that was closed while
 * containers changed learns each change from the agent's journal with
 * Docker's own time; an agent killed in the middle of an operation leaves
 * nothing corrupted; and the agent over mutual TLS. Ports 27451-27499.
 */
const env = inject('testenv');

async function dockerEventTimes(containerId: string, sinceMs: number): Promise<Map<string, number>> {
  const docker = new (await import('dockerode')).default({ socketPath: env.dockerSocket });
  const stream = await docker.getEvents({
    since: Math.floor(sinceMs / 1000) - 1,
    until: Math.ceil(Date.now() / 1000) + 1,
    filters: { container: [containerId], type: ['container'] },
  });
  let text = '';
  for await (const chunk of stream as AsyncIterable<Buffer>) text += chunk.toString('utf8');
  const times = new Map<string, number>();
  for (const line of text.split('\n').filter(Boolean)) {
    const e = JSON.parse(line) as { Action: string; timeNano: number };
    times.set(e.Action, Math.floor(e.timeNano / 1e6));
  }
  return times;
}

async function waitForHost(z: Zedops, hostId: string, test: (h: Host) => boolean, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const host = (await z.handlers['hosts.list']({})).find((x) => x.id === hostId);
    if (host && test(host)) return host;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the host never reached the expected state');
}

describe('an agent host while ZedOps is closed', () => {
  let h: FleetHarness;
  beforeAll(async () => {
    h = await FleetHarness.start(env, { kind: 'agent' });
  }, 120_000);
  afterAll(async () => h?.close());

  it("replays what happened from the agent's journal, each change at Docker's time", async () => {
    const s = await h.createSim('agent-journal', 27_451);
    const first = await Zedops.start({ dataDir: h.home, mode: 'browser', env: {}, homedir: h.home });
    first.startBackgroundWork();
    await waitForHost(first, h.hostId, (x) => x.status === 'online');
    await new Promise((r) => setTimeout(r, 500)); // the journal position is taken on connect
    first.close();

    // While no ZedOps runs: stopped by hand, then started again.
    const since = Date.now();
    const container = h.docker.getContainer(s.containerId!);
    await container.stop({ t: 5 });
    await container.start();
    const times = await dockerEventTimes(s.containerId!, since);

    const second = await Zedops.start({ dataDir: h.home, mode: 'browser', env: {}, homedir: h.home });
    try {
      second.startBackgroundWork();
      const history = await new Promise<ServerEvent[]>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the history never showed both changes')), 30_000);
        const check = async () => {
          const events = await second.handlers['servers.history']({ serverId: s.id, limit: 50 });
          if (events.some((e) => e.kind === 'stopped-outside') && events.some((e) => e.kind === 'started-outside')) {
            clearTimeout(timer);
            resolve(events);
          } else setTimeout(() => void check(), 200);
        };
        void check();
      });
      const stopped = history.find((e) => e.kind === 'stopped-outside')!;
      const started = history.find((e) => e.kind === 'started-outside')!;
      // Each at the time Docker recorded it, not when this process learned of it.
      expect(Date.parse(stopped.at)).toBe(times.get('die') ?? times.get('stop'));
      expect(Date.parse(started.at)).toBe(times.get('start'));
      expect(Date.parse(started.at)).toBeLessThan(Date.now() - 100);
      expect(second.fleet.get(s.id).status).toBe('running');
    } finally {
      second.close();
    }
  });

  it('an agent killed in the middle of a stop leaves nothing corrupted: the catalog agrees with Docker once it is back', async () => {
    h.zedops.startBackgroundWork();
    await stopCutOffHalfway(
      h,
      'agent-midop',
      27_461,
      () => h.agent!.down('SIGKILL'),
      async () => {
        await h.agent!.up();
        expect(fs.readdirSync(h.agent!.stateDir).length).toBeGreaterThan(0); // the journal survived the kill
      },
    );
  });
});

describe('an agent whose state dir is wiped (a reinstalled host)', () => {
  let h: FleetHarness;
  beforeAll(async () => {
    h = await FleetHarness.start(env, { kind: 'agent' });
    h.zedops.startBackgroundWork();
  }, 120_000);
  afterAll(async () => h?.close());

  it('starts over on the new journal instead of asking forever for entries it no longer has', async () => {
    const s = await h.createSim('agent-wiped', 27_491);
    await waitForServer(h, s.id, (x) => x.health === 'healthy');
    // Some journal entries exist, so the position kept in the catalog is past the new journal's head.
    await h.docker.getContainer(s.containerId!).restart({ t: 5 });
    await waitForHistory(h, s.id, (events) =>
      events.some((e) => e.kind === 'started-outside' || e.kind === 'restarted'),
    );
    const killedAt = Date.now();
    await h.agent!.down('SIGKILL');
    // The agent gone: its host shows offline at once (the journal stream's channel closes), well within 10 s.
    await waitForServer(h, s.id, (x) => x.stale, 10_000);
    expect(Date.now() - killedAt).toBeLessThan(10_000);
    expect((await h.call('hosts.list', {})).find((x) => x.id === h.hostId)?.status).toBe('offline');
    fs.rmSync(h.agent!.stateDir, { recursive: true, force: true });
    await h.agent!.up();
    await h.docker.getContainer(s.containerId!).stop({ t: 5 });
    // Seen through the new journal, and the host back online (not stale) once the agent answers again.
    await waitForServer(h, s.id, (x) => x.status === 'stopped' && !x.stale, 30_000);
    await waitForHistory(h, s.id, (events) => events.some((e) => e.kind === 'stopped-outside'));
  });
});

describe('an agent over mutual TLS', () => {
  let agent: AgentProcess;
  let h: FleetHarness;
  let certs = '';
  const port = 27_471;

  beforeAll(async () => {
    certs = fs.mkdtempSync(path.join(os.tmpdir(), 'zedops-agent-certs-'));
    execFileSync(process.execPath, [agentBundle, 'certs', 'init', '--dir', certs, '--host', '127.0.0.1']);
    const dataRoot = path.join(certs, 'servers');
    const server = (f: string) => path.join(certs, f);
    agent = await AgentProcess.start({
      dockerSocket: env.dockerSocket,
      dataRoot,
      listen: {
        address: `tls://127.0.0.1:${port}`,
        ca: server('ca.pem'),
        cert: server('server-cert.pem'),
        key: server('server-key.pem'),
      },
    });
    h = await FleetHarness.start(env, {
      params: {
        name: 'agent-tls',
        kind: 'agent',
        address: `tls://127.0.0.1:${port}`,
        caFile: path.join(certs, 'client', 'ca.pem'),
        certFile: path.join(certs, 'client', 'cert.pem'),
        keyFile: path.join(certs, 'client', 'key.pem'),
        dataRoot,
      },
    });
    // Watching too: the journal over TLS, and the health the stop below waits for.
    h.zedops.startBackgroundWork();
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await agent?.destroy();
    fs.rmSync(certs, { recursive: true, force: true });
  });

  it('is added online, runs a server, and reports what works and how', async () => {
    const [host] = await h.call('hosts.list', {});
    expect(host).toMatchObject({ kind: 'agent', status: 'online', address: `tls://127.0.0.1:${port}` });
    const s = await h.createSim('agent-tls-srv', 27_481);
    expect(s.status).toBe('running');
    expect(fs.existsSync(path.join(certs, 'servers', 'agent-tls-srv', 'data'))).toBe(true);
    // The game must be up (its SIGTERM handler installed) before a stop through Docker, or Docker waits 60 s.
    await waitForServer(h, s.id, (x) => x.health === 'healthy');
    const stopped = await h.call('servers.action', { serverId: s.id, action: 'stop' });
    expect(stopped.status).toBe('stopped');
    const test = await h.call('hosts.test', { hostId: h.hostId });
    const byName = Object.fromEntries(test.operations.map((o) => [o.name, o]));
    expect(byName['Data folders']).toMatchObject({ available: true });
    expect(byName['Data folders']?.detail).toContain("the agent's own endpoints");
    expect(byName['RCON']).toMatchObject({ available: false });
  });

  it('refuses a client bundle from another CA, adding nothing', async () => {
    const error = await h.refusal('hosts.add', {
      name: 'agent-tls-wrong',
      kind: 'agent',
      address: `tls://127.0.0.1:${port}`,
      caFile: env.tls.ca,
      certFile: env.tls.cert,
      keyFile: env.tls.key,
    });
    expect(error.code).toBe('failed');
    expect(error.message).toContain('Nothing was added');
    expect((await h.call('hosts.list', {})).map((x) => x.name)).not.toContain('agent-tls-wrong');
  });
});
