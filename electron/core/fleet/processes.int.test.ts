import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FleetHarness } from '../testing/fleet-harness';
import { Zedops } from '../zedops';
import type { Server } from '../../shared/servers';

// Two real processes on one catalog: this test process and the `zedops` CLI.
const env = inject('testenv');
let h: FleetHarness;
beforeAll(async () => {
  h = await FleetHarness.start(env);
});
afterAll(async () => h.close());

function cli(args: string[]): ChildProcess {
  return spawn(process.execPath, ['bin/zedops.cjs', '--home', h.home, ...args], {
    env: {
      ...process.env,
      DOCKER_HOST: 'unix:///nonexistent.sock',
      ZEDOPS_ADMIN_PASSWORD: 'admin-secret',
      ZEDOPS_RCON_PASSWORD: 'rcon-secret',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function exited(child: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
}

/** Watches the catalog from a separate connection, as another process would. */
async function waitForRow(
  name: string,
  predicate: (row: { status: string; lease_operation: string | null }) => boolean,
) {
  const db = new Database(`${h.home}/catalog.db`, { readonly: true });
  try {
    for (let i = 0; i < 400; i++) {
      const row = db.prepare('SELECT status, lease_operation FROM servers WHERE name = ?').get(name) as
        { status: string; lease_operation: string | null } | undefined;
      if (row && predicate(row)) return row;
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    db.close();
  }
  throw new Error(`server ${name} never reached the expected state`);
}

describe('two processes, one server', () => {
  it('refuses an operation while another process holds the server, and lets it through after', async () => {
    const s = await h.call('servers.create', {
      hostId: h.hostId,
      name: 'pr-busy',
      image: env.pzSimImage,
      adminPassword: 'admin-secret',
      rconPassword: 'rcon-secret',
      gamePort: 25_001,
      udpPort: 25_002,
      rconPort: 25_003,
      env: { PZSIM_SAVE_DELAY: '3' },
    });
    await waitForRow('pr-busy', (r) => r.status === 'running');
    await new Promise((r) => setTimeout(r, 1000)); // let the game reach SERVER STARTED
    const stop = cli(['server', 'stop', 'pr-busy']);
    const stopDone = exited(stop);
    await waitForRow('pr-busy', (r) => r.lease_operation === 'stop');

    const refused = await h.refusal('servers.action', { serverId: s.id, action: 'restart' });
    expect(refused.code).toBe('not_allowed');
    expect(refused.message).toMatch(/"pr-busy" is busy: stop is running/);

    expect((await stopDone).code).toBe(0);
    expect((await h.call('servers.get', { serverId: s.id })).status).toBe('stopped');
    expect((await h.call('servers.action', { serverId: s.id, action: 'start' })).status).toBe('running');
  });

  it('resolves a create whose process was killed mid-way on the next sync, never leaving it creating', async () => {
    // A "registry" that accepts connections and never answers keeps the pull hanging.
    const sockets: net.Socket[] = [];
    const hanging = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
    const port = (hanging.address() as net.AddressInfo).port;
    try {
      const create = cli([
        'server',
        'create',
        'pr-killed',
        '--host',
        'box',
        '--image',
        `127.0.0.1:${port}/zedops/slow:1`,
        '--game-port',
        '25011',
        '--udp-port',
        '25012',
        '--rcon-port',
        '25013',
      ]);
      const done = exited(create);
      await waitForRow('pr-killed', (r) => r.status === 'creating');
      create.kill('SIGKILL');
      await done;

      const result = await h.call('fleet.sync', { hostId: h.hostId });
      expect(result.hosts[0]?.reachable).toBe(true);
      const [server] = (await h.call('servers.list', { hostId: h.hostId, include: 'all' })).filter(
        (x) => x.name === 'pr-killed',
      );
      expect(server).toMatchObject({ status: 'failed', operation: null });
      expect(server?.lastError).toMatch(/interrupted/i);
      const history = await h.call('servers.history', { serverId: server!.id, limit: 5 });
      expect(history[0]).toMatchObject({
        kind: 'interrupted',
        actor: 'reconciler',
        fromStatus: 'creating',
        toStatus: 'failed',
      });
    } finally {
      sockets.forEach((s) => s.destroy());
      hanging.close();
    }
  });

  it('resolves a create killed mid-way when ZedOps next starts, without anyone running sync', async () => {
    const sockets: net.Socket[] = [];
    const hanging = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
    const port = (hanging.address() as net.AddressInfo).port;
    let next: Zedops | undefined;
    try {
      const create = cli([
        'server',
        'create',
        'pr-restart',
        '--host',
        'box',
        '--image',
        `127.0.0.1:${port}/zedops/slow:1`,
        '--game-port',
        '25021',
        '--udp-port',
        '25022',
        '--rcon-port',
        '25023',
      ]);
      const done = exited(create);
      await waitForRow('pr-restart', (r) => r.status === 'creating');
      create.kill('SIGKILL');
      await done;

      // The next long-running ZedOps on this catalog (the desktop app or zedops serve) starts its watchers.
      next = await Zedops.start({ dataDir: h.home, mode: 'browser', env: { DOCKER_HOST: 'unix:///nonexistent.sock' } });
      const started = next;
      const resolved = new Promise<Server>((resolve) => {
        const off = started.feed.subscribe('server.changed', (x) => {
          if (x.name === 'pr-restart' && x.status === 'failed') {
            off();
            resolve(x);
          }
        });
      });
      started.startBackgroundWork();
      expect((await resolved).lastError).toMatch(/interrupted/i);
    } finally {
      next?.close();
      sockets.forEach((s) => s.destroy());
      hanging.close();
    }
  });
});
