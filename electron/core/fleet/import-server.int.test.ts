import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Server } from '../../shared/servers';
import { FleetHarness } from '../testing/fleet-harness';
import { readSave, TEST_LABEL, waitForLog } from '../../../testenv/pz-sim-container';

const env = inject('testenv');
/** A: the workstation that made the server. B: another one (fresh catalog), same dockerd and data root. */
let a: FleetHarness;
let b: FleetHarness;
let elsewhere: string;
/** Containers this file makes by hand. */
const handMade: string[] = [];

const isMine = (name: string | undefined) => name?.startsWith('im-') ?? false;

async function removeLeftovers(): Promise<void> {
  const docker = a.docker;
  const leftovers = await docker.listContainers({ all: true, filters: { label: ['zedops.managed=true'] } });
  for (const c of leftovers.filter((c) => isMine(c.Labels['zedops.server.name']))) {
    await docker.getContainer(c.Id).remove({ force: true });
  }
}

beforeAll(async () => {
  a = await FleetHarness.start(env);
  b = await FleetHarness.start(env, { dataRoot: a.dataRoot });
  elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'zedops-import-elsewhere-'));
  // A run killed half-way may have left containers of this file behind.
  await removeLeftovers();
});

afterAll(async () => {
  for (const id of handMade)
    await a.docker
      .getContainer(id)
      .remove({ force: true })
      .catch(() => undefined);
  await b?.close();
  await a?.close();
  if (elsewhere) fs.rmSync(elsewhere, { recursive: true, force: true });
});

/** A container with ZedOps' labels, made by hand (not started), binding its folders from `root`. */
async function handMadeContainer(name: string, root: string, ports: [number, number, number]): Promise<string> {
  const container = await a.docker.createContainer({
    name: `zedops-${name}`,
    Image: env.pzSimImage,
    Labels: {
      'zedops.managed': 'true',
      'zedops.server.id': randomUUID(),
      'zedops.server.name': name,
      [TEST_LABEL]: 'true',
    },
    Env: [
      'ADMIN_PASSWORD=hand-made',
      `DEFAULT_PORT=${ports[0]}`,
      `UDP_PORT=${ports[1]}`,
      `RCON_PORT=${ports[2]}`,
      'MAX_PLAYERS=4',
    ],
    HostConfig: {
      Binds: [`${root}/${name}/bin:/home/steam/ZomboidDedicatedServer`, `${root}/${name}/data:/home/steam/Zomboid`],
    },
  });
  handMade.push(container.id);
  return container.id;
}

const reservationsOf = (h: FleetHarness, port: number) =>
  h.zedops.catalog.db.prepare('SELECT count(*) AS n FROM port_reservations WHERE port = ?').get(port);

describe('import', () => {
  let made: Server;

  it('lists a container made by another workstation as importable, and imports it as it is', async () => {
    made = await a.call('servers.create', {
      hostId: a.hostId,
      name: 'im-move',
      image: env.pzSimImage,
      adminPassword: 'admin-secret',
      rconPassword: 'rcon-secret',
      gamePort: 28_001,
      udpPort: 28_002,
      rconPort: 28_003,
      env: { MAX_PLAYERS: '8', PUBLIC: 'false' },
    });
    await waitForLog(b.docker.getContainer(made.containerId!), 'SERVER STARTED', 30_000);

    const importable = await b.call('servers.importable', { hostId: b.hostId });
    expect(importable).toContainEqual({
      containerId: made.containerId,
      name: 'im-move',
      serverId: made.id,
      image: env.pzSimImage,
      state: 'running',
    });
    // A has the row, so A has nothing to import.
    expect((await a.call('servers.importable', { hostId: a.hostId })).map((c) => c.name)).not.toContain('im-move');

    const imported = await b.call('servers.import', { hostId: b.hostId, name: 'im-move' });
    expect(imported).toMatchObject({
      id: made.id,
      name: 'im-move',
      host: 'box',
      hostId: b.hostId,
      image: env.pzSimImage,
      gamePort: 28_001,
      udpPort: 28_002,
      rconPort: 28_003,
      env: { MAX_PLAYERS: '8', PUBLIC: 'false' },
      status: 'running',
      rconEnabled: true,
      containerId: made.containerId,
      dataExists: true,
      lastError: null,
      operation: null,
    });
    expect(imported.env).toEqual(made.env);
    const history = await b.call('servers.history', { serverId: made.id, limit: 10 });
    expect(history).toEqual([
      expect.objectContaining({
        kind: 'import',
        actor: 'user',
        fromStatus: null,
        toStatus: 'running',
        message: 'Imported from container zedops-im-move (running).',
      }),
    ]);
    expect((await b.call('servers.importable', { hostId: b.hostId })).map((c) => c.name)).not.toContain('im-move');
  });

  it('manages the imported server: a stop through the new catalog saves the world over RCON', async () => {
    const stopped = await b.call('servers.action', { serverId: made.id, action: 'stop' });
    expect(stopped.status).toBe('stopped');
    const [last] = await b.call('servers.history', { serverId: made.id, limit: 1 });
    expect(last?.message).toMatch(/RCON save and quit/);
    const save = readSave(
      path.join(b.dataRoot, 'im-move', 'data', 'Saves', 'Multiplayer', 'im-move', 'pz-sim-save.json'),
    );
    expect(save?.reason).toBe('quit');
    expect((await b.docker.getContainer(made.containerId!).inspect()).State.Running).toBe(false);
  });

  it('refuses a name with no container (not_found) and a server already in the catalog (not_allowed)', async () => {
    const before = b.zedops.catalog.servers.list();

    const missing = await b.refusal('servers.import', { hostId: b.hostId, name: 'im-nothing' });
    expect(missing.code).toBe('not_found');
    expect(missing.message).toMatch(/no container for a server named "im-nothing" on host "box"/);

    const twice = await b.refusal('servers.import', { hostId: b.hostId, name: 'im-move' });
    expect(twice.code).toBe('not_allowed');
    expect(twice.message).toBe(
      'A server named "im-move" is already in the catalog on host "box" (stopped); there is nothing to import. Nothing was changed.',
    );

    expect(b.zedops.catalog.servers.list()).toEqual(before);
  });

  it('refuses a container whose folders are bound from elsewhere, saying where, and writes no row', async () => {
    const id = await handMadeContainer('im-elsewhere', elsewhere, [28_011, 28_012, 28_013]);
    const listed = await b.call('servers.importable', { hostId: b.hostId });
    expect(listed).toContainEqual(expect.objectContaining({ containerId: id, name: 'im-elsewhere', state: 'created' }));

    const error = await b.refusal('servers.import', { hostId: b.hostId, name: 'im-elsewhere' });
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('Container "zedops-im-elsewhere" cannot be imported.');
    expect(error.message).toContain(
      `Its /home/steam/ZomboidDedicatedServer points to ${elsewhere}/im-elsewhere/bin, not ${b.dataRoot}/im-elsewhere/bin`,
    );
    expect(error.message).toContain(`The data root of host "box" (${b.dataRoot}) must match`);
    expect(error.message).toMatch(/Nothing was imported\.$/);
    expect(b.zedops.catalog.servers.findByName(b.hostId, 'im-elsewhere')).toBeUndefined();
    expect(reservationsOf(b, 28_011)).toEqual({ n: 0 });
  });

  it('refuses a container whose ports the catalog has given to another server, naming it', async () => {
    await handMadeContainer('im-clash', b.dataRoot, [28_001, 28_022, 28_023]);
    const error = await b.refusal('servers.import', { hostId: b.hostId, name: 'im-clash' });
    expect(error.code).toBe('invalid_request');
    expect(error.message).toBe(
      'Container "zedops-im-clash" cannot be imported: its game port 28001/udp is reserved in the catalog by server "im-move". Two servers on one host cannot share a port; free the port first (purge or Edit & Retry the other server). Nothing was imported.',
    );
    expect(b.zedops.catalog.servers.findByName(b.hostId, 'im-clash')).toBeUndefined();
    expect(reservationsOf(b, 28_022)).toEqual({ n: 0 });
  });

  it('imports a stopped hand-made container as stopped, without RCON', async () => {
    const id = await handMadeContainer('im-stopped', b.dataRoot, [28_031, 28_032, 28_033]);
    const imported = await b.call('servers.import', { hostId: b.hostId, name: 'im-stopped' });
    expect(imported).toMatchObject({
      name: 'im-stopped',
      status: 'stopped',
      containerId: id,
      rconEnabled: false,
      dataExists: false,
      env: { MAX_PLAYERS: '4' },
      gamePort: 28_031,
    });
  });
});
