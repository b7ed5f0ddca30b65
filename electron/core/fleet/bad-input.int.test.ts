import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FleetHarness } from '../testing/fleet-harness';

const env = inject('testenv');
let h: FleetHarness;
beforeAll(async () => {
  h = await FleetHarness.start(env);
});
afterAll(async () => h.close());

const valid = () => ({
  hostId: h.hostId,
  name: 'bad-input',
  image: env.pzSimImage,
  adminPassword: 'admin-secret',
  gamePort: 24_001,
  udpPort: 24_002,
  rconPort: 24_003,
});

const cases: [string, Record<string, unknown>, RegExp][] = [
  ['an upper-case name', { name: 'Bad_Name' }, /lowercase letters, digits and hyphens/],
  ['a name starting with a hyphen', { name: '-north' }, /starting with a letter or digit/],
  ['a name with a path in it', { name: '../etc' }, /server name/],
  ['a name of 33 characters', { name: 'a'.repeat(33) }, /1 to 32 characters/],
  ['an empty name', { name: '' }, /server name/],
  ['a port below 1024', { gamePort: 80 }, /reserved; pick one from 1024 to 65535/],
  ['a port above 65535', { rconPort: 70_000 }, /at most 65535/],
  ['a fractional port', { udpPort: 16_262.5 }, /whole number/],
  ['a port given as text', { gamePort: '16261' }, /whole number/],
  ['the same port twice', { udpPort: 24_001 }, /24001\/udp/],
  ['an upper-case image', { image: 'UPPER/Case' }, /Docker image reference/],
  ['an image with spaces', { image: 'pz server' }, /Docker image reference/],
  ['an env key with a dash', { env: { 'MAX-PLAYERS': '1' } }, /env key/],
  ['an env key ZedOps sets itself', { env: { DEFAULT_PORT: '1' } }, /ZedOps sets this variable itself/],
  ['a NUL in an env value', { env: { A: 'x\0y' } }, /NUL/],
  ['no admin password', { adminPassword: undefined }, /adminPassword/],
  ['an empty admin password', { adminPassword: '' }, /cannot be empty/],
  ['a password with a line break', { rconPassword: 'a\nb' }, /line breaks/],
  ['an unknown field', { privileged: true }, /privileged/],
  ['an unknown host', { hostId: 'no-such-host' }, /no host with id/],
];

describe('bad input to servers.create', () => {
  it.each(cases)('refuses %s with a clear error and creates nothing', async (_what, change, message) => {
    const params = { ...valid(), ...change };
    for (const [k, v] of Object.entries(change)) if (v === undefined) delete (params as Record<string, unknown>)[k];
    const error = await h.refusal('servers.create', params);
    expect(['invalid_request', 'not_found']).toContain(error.code);
    expect(error.message).toMatch(message);
    expect(h.zedops.catalog.servers.list()).toEqual([]);
    expect(h.zedops.catalog.db.prepare('SELECT count(*) AS n FROM port_reservations').get()).toEqual({ n: 0 });
    const containers = await h.docker.listContainers({
      all: true,
      filters: { label: ['zedops.server.name=bad-input'] },
    });
    expect(containers).toEqual([]);
    expect(fs.existsSync(path.join(h.dataRoot, 'bad-input'))).toBe(false);
  });
});

describe('the catalog file', () => {
  it('never holds an admin or RCON password in plaintext, byte by byte', async () => {
    const admin = 'Adm1n-Passw0rd-in-plain-sight';
    const rcon = 'Rc0n-Passw0rd-in-plain-sight';
    await h.call('servers.create', {
      ...valid(),
      name: 'secret-check',
      adminPassword: admin,
      rconPassword: rcon,
      gamePort: 24_011,
      udpPort: 24_012,
      rconPort: 24_013,
    });
    h.zedops.catalog.db.pragma('wal_checkpoint(TRUNCATE)');
    const files = fs.readdirSync(h.home).filter((f) => f.startsWith('catalog.db'));
    expect(files).toContain('catalog.db');
    for (const file of files) {
      const bytes = fs.readFileSync(path.join(h.home, file));
      for (const secret of [admin, rcon]) {
        expect(bytes.includes(Buffer.from(secret, 'utf8')), `${secret} in ${file}`).toBe(false);
        expect(bytes.includes(Buffer.from(secret, 'utf16le')), `${secret} (UTF-16) in ${file}`).toBe(false);
      }
    }
    // The container does get them: that is where the game needs them.
    const [c] = await h.docker.listContainers({ filters: { label: ['zedops.server.name=secret-check'] } });
    const info = await h.docker.getContainer(c!.Id).inspect();
    expect(info.Config.Env).toContain(`ADMIN_PASSWORD=${admin}`);
  });
});
