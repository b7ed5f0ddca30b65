import fs from 'node:fs';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli, tempDirs, type CliRun } from './testing/run-cli';

/**
 * The real `zedops` command line (the built bundle, as a user runs it)
 * against the test dockerd and the pz-sim image. Ports start at 30001 so
 * these tests do not collide with other suites running at the same time.
 */

const env = inject('testenv');
const docker = new Docker({ socketPath: env.dockerSocket });
let home = '';
let dataRoot = '';

const temp = tempDirs();
const tempDir = temp.make;

function zedops(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: env.dockerHost, ZEDOPS_LOG_LEVEL: 'warn' };
  delete childEnv.ZEDOPS_HOME;
  delete childEnv.ZEDOPS_ADMIN_PASSWORD;
  delete childEnv.ZEDOPS_RCON_PASSWORD;
  return runCli(['--home', home, ...args], { ...childEnv, ...extraEnv });
}

const withPassword = { ZEDOPS_ADMIN_PASSWORD: 'admin-secret' };

function createArgs(name: string, gamePort: number, extra: string[] = []): string[] {
  return [
    'server',
    'create',
    name,
    '--host',
    'box',
    '--image',
    env.pzSimImage,
    '--game-port',
    String(gamePort),
    '--udp-port',
    String(gamePort + 1),
    '--rcon-port',
    String(gamePort + 2),
    ...extra,
  ];
}

async function listAll(): Promise<Record<string, unknown>[]> {
  const run = await zedops(['server', 'ls', '--all', '--json']);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Record<string, unknown>[];
}

async function containerNamed(name: string): Promise<Docker.ContainerInfo | undefined> {
  const all = await docker.listContainers({ all: true, filters: { name: [`^/${name}$`] } });
  return all[0];
}

const serverKeys = [
  'id',
  'name',
  'host',
  'status',
  'containerId',
  'image',
  'gamePort',
  'udpPort',
  'rconPort',
  'dataExists',
  'lastError',
  'deletedAt',
  'purgeAt',
  'createdAt',
  'updatedAt',
];

beforeAll(() => {
  home = tempDir('zedops-cli-home-');
  dataRoot = tempDir('zedops-cli-data-');
});

afterAll(async () => {
  const ours = await docker.listContainers({ all: true, filters: { label: ['zedops.managed=true'] } });
  for (const c of ours.filter((c) => c.Names.some((n) => n.startsWith('/zedops-clitest-')))) {
    await docker.getContainer(c.Id).remove({ force: true, v: true });
  }
  temp.cleanup();
});

describe('zedops host', () => {
  it('adds a local host, lists it, shows it and removes it', async () => {
    const added = await zedops(['host', 'add', 'box', '--docker', env.dockerHost, '--data-root', dataRoot]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('Added host "box"');

    const ls = await zedops(['host', 'ls', '--json']);
    expect(ls.code, ls.stderr).toBe(0);
    const hosts = JSON.parse(ls.stdout) as { name: string; address: string; dataRoot: string }[];
    expect(hosts.map((h) => h.name).sort()).toEqual(['This computer', 'box']);
    expect(hosts.find((h) => h.name === 'box')).toMatchObject({ address: env.dockerHost, dataRoot });

    const human = await zedops(['host', 'ls']);
    expect(human.stdout).toMatch(/^NAME\s+KIND\s+STATUS\s+DOCKER\s+ADDRESS$/m);
    expect(human.stdout).toMatch(/^box\s+local\s+/m);

    const spare = await zedops(['host', 'add', 'spare', '--docker', env.dockerHost, '--json']);
    expect(spare.code, spare.stderr).toBe(0);
    expect(JSON.parse(spare.stdout)).toMatchObject({ name: 'spare', kind: 'local', address: env.dockerHost });

    const show = await zedops(['host', 'show', 'spare', '--json']);
    expect(show.code, show.stderr).toBe(0);
    expect(JSON.parse(show.stdout)).toMatchObject({ name: 'spare', kind: 'local' });
    expect((await zedops(['host', 'show', 'spare'])).stdout).toMatch(/^Address: +unix:\/\//m);

    const rm = await zedops(['host', 'rm', 'spare']);
    expect(rm.code, rm.stderr).toBe(0);
    const after = JSON.parse((await zedops(['host', 'ls', '--json'])).stdout) as { name: string }[];
    expect(after.map((h) => h.name)).not.toContain('spare');
  });

  it('names the known hosts when a host is unknown', async () => {
    const run = await zedops(['host', 'show', 'nowhere']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('There is no host named "nowhere". Known hosts:');
    expect(run.stderr).toContain('"box"');
  });
});

describe('zedops server create refuses bad input and changes nothing', () => {
  const cases: { what: string; args: string[]; env?: NodeJS.ProcessEnv; error: RegExp }[] = [
    { what: 'a bad name', args: createArgs('Bad_Name', 30101), error: /NAME: A server name is 1 to 32 characters/ },
    {
      what: 'a reserved port',
      args: createArgs('clitest-port80', 30101, ['--game-port', '80']),
      error: /--game-port: Ports below 1024 are reserved/,
    },
    {
      what: 'a port that is not a number',
      args: createArgs('clitest-portabc', 30101, ['--game-port', 'abc']),
      error: /--game-port must be a whole number/,
    },
    {
      what: 'a bad image',
      args: [...createArgs('clitest-image', 30101).slice(0, 5), '--image', 'UPPER/Case'],
      error: /--image: Not a Docker image reference/,
    },
    { what: 'an env without a key', args: createArgs('clitest-env', 30101, ['--env', '=x']), error: /KEY=VALUE/ },
    {
      what: 'a managed env key',
      args: createArgs('clitest-env', 30101, ['--env', 'DEFAULT_PORT=1']),
      error: /--env DEFAULT_PORT: ZedOps sets this variable itself/,
    },
    {
      what: 'no admin password',
      args: createArgs('clitest-nopw', 30101),
      env: {},
      error: /--admin-password-file.*ZEDOPS_ADMIN_PASSWORD/,
    },
    {
      what: 'a missing password file',
      args: createArgs('clitest-nofile', 30101, ['--admin-password-file', '/nonexistent/zedops-pw']),
      env: {},
      error: /--admin-password-file \/nonexistent\/zedops-pw: it does not exist/,
    },
    {
      what: 'a password as a plain argument',
      args: createArgs('clitest-plainpw', 30101, ['--admin-password', 'hunter2']),
      env: {},
      error: /unknown option '--admin-password'/,
    },
  ];

  it.each(cases)('exits 2 on $what, with a clear message', async ({ args, env: extra, error }) => {
    const run = await zedops(args, extra ?? withPassword);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/^zedops: /);
    expect(run.stderr).toMatch(error);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe('');
  });

  it('left no server and no container behind', async () => {
    expect(await listAll()).toEqual([]);
    const ours = await docker.listContainers({ all: true, filters: { label: ['zedops.managed=true'] } });
    expect(ours.filter((c) => c.Names.some((n) => /^\/zedops-(clitest-|Bad_Name)/.test(n)))).toEqual([]);
  });
});

describe('zedops server lifecycle', () => {
  it('creates a pz-sim server and prints it as JSON, then lists it in the same shape', async () => {
    const pwDir = tempDir('zedops-cli-pw-');
    const pwFile = path.join(pwDir, 'admin');
    fs.writeFileSync(pwFile, 'from-a-file\n');
    const created = await zedops(
      createArgs('clitest-alpha', 30001, ['--admin-password-file', pwFile, '--env', 'SERVER_NAME=alpha', '--json']),
    );
    expect(created.code, created.stderr).toBe(0);
    const server = JSON.parse(created.stdout) as Record<string, unknown>;
    expect(Object.keys(server)).toEqual(serverKeys);
    expect(server).toMatchObject({
      name: 'clitest-alpha',
      host: 'box',
      status: 'running',
      image: env.pzSimImage,
      gamePort: 30001,
      udpPort: 30002,
      rconPort: 30003,
      lastError: null,
      deletedAt: null,
    });
    expect(server.containerId).toEqual(expect.any(String));
    expect(Date.parse(server.createdAt as string)).not.toBeNaN();
    expect((await containerNamed('zedops-clitest-alpha'))?.State).toBe('running');

    const ls = await zedops(['server', 'ls', '--json']);
    expect(ls.code, ls.stderr).toBe(0);
    const listed = JSON.parse(ls.stdout) as Record<string, unknown>[];
    expect(listed).toHaveLength(1);
    expect(Object.keys(listed[0] ?? {})).toEqual(serverKeys);
    expect(listed[0]).toMatchObject({ id: server.id, status: 'running' });

    const human = await zedops(['server', 'ls']);
    expect(human.stdout).toMatch(/^clitest-alpha\s+box\s+running\s+30001\/30002\/30003\s/m);
    const show = await zedops(['server', 'show', 'clitest-alpha']);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toMatch(/^Status: +running$/m);
    expect(show.stdout).toContain('Recent history:');
  });

  it('refuses a port already reserved by another server, and creates nothing', async () => {
    const run = await zedops(createArgs('clitest-clash', 30001, ['--json']), withPassword);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/30001/);
    expect(run.stdout).toBe('');
    expect((await listAll()).map((s) => s.name)).not.toContain('clitest-clash');
  });

  it('stops and starts it, and refuses to start it while it runs', async () => {
    const stop = await zedops(['server', 'stop', 'clitest-alpha', '--json']);
    expect(stop.code, stop.stderr).toBe(0);
    expect(JSON.parse(stop.stdout)).toMatchObject({ status: 'stopped' });
    expect((await containerNamed('zedops-clitest-alpha'))?.State).toBe('exited');

    const start = await zedops(['server', 'start', 'clitest-alpha']);
    expect(start.code, start.stderr).toBe(0);
    expect(start.stdout).toBe('Server "clitest-alpha" is running.\n');

    const again = await zedops(['server', 'start', 'clitest-alpha']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^zedops: Cannot start server "clitest-alpha": it is running/);
  }, 180_000);

  it('deletes it softly, refuses to purge without --yes, restores and recovers it', async () => {
    const del = await zedops(['server', 'delete', 'clitest-alpha', '--json']);
    expect(del.code, del.stderr).toBe(0);
    const deleted = JSON.parse(del.stdout) as Record<string, unknown>;
    expect(deleted).toMatchObject({ status: 'deleted', containerId: null, gamePort: 30001 });
    expect(deleted.purgeAt).toEqual(expect.any(String));
    expect(await containerNamed('zedops-clitest-alpha')).toBeUndefined();

    const active = JSON.parse((await zedops(['server', 'ls', '--json'])).stdout) as unknown[];
    expect(active).toEqual([]);
    const onlyDeleted = JSON.parse((await zedops(['server', 'ls', '--deleted', '--json'])).stdout) as {
      name: string;
    }[];
    expect(onlyDeleted.map((s) => s.name)).toEqual(['clitest-alpha']);

    const noYes = await zedops(['server', 'purge', 'clitest-alpha']);
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toMatch(/Nothing was changed\. Run again with --yes/);
    expect((await listAll()).find((s) => s.name === 'clitest-alpha')).toMatchObject({ status: 'deleted' });

    const restore = await zedops(['server', 'restore', 'clitest-alpha', '--json']);
    expect(restore.code, restore.stderr).toBe(0);
    expect(JSON.parse(restore.stdout)).toMatchObject({ status: 'missing', dataExists: true, deletedAt: null });

    const recover = await zedops(['server', 'recover', 'clitest-alpha', '--json']);
    expect(recover.code, recover.stderr).toBe(0);
    expect(JSON.parse(recover.stdout)).toMatchObject({ status: 'running', gamePort: 30001 });
    expect((await containerNamed('zedops-clitest-alpha'))?.State).toBe('running');
  }, 180_000);

  it('purges it with --yes: the row, container, data and ports are gone', async () => {
    expect((await zedops(['server', 'delete', 'clitest-alpha'])).code).toBe(0);
    const purge = await zedops(['server', 'purge', 'clitest-alpha', '--yes', '--json']);
    expect(purge.code, purge.stderr).toBe(0);
    expect(JSON.parse(purge.stdout)).toMatchObject({ purged: [{ name: 'clitest-alpha' }] });
    expect(await listAll()).toEqual([]);
    expect(await containerNamed('zedops-clitest-alpha')).toBeUndefined();
    expect(fs.existsSync(path.join(dataRoot, 'clitest-alpha'))).toBe(false);

    const gone = await zedops(['server', 'show', 'clitest-alpha']);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain('There is no server named "clitest-alpha"');
  }, 180_000);
});

describe('zedops server, when an operation fails', () => {
  const missingImage = `${env.registry}/zedops/clitest-no-such-image:latest`;

  it('exits 1 with the last error and the way out, and the server stays as failed', async () => {
    const run = await zedops(
      [
        'server',
        'create',
        'clitest-broken',
        '--host',
        'box',
        '--image',
        missingImage,
        '--game-port',
        '30021',
        '--json',
      ],
      withPassword,
    );
    expect(run.code, run.stderr).toBe(1);
    const failed = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(failed)).toEqual(serverKeys);
    expect(failed).toMatchObject({ name: 'clitest-broken', status: 'failed', gamePort: 30021 });
    expect(failed.lastError).toEqual(expect.stringContaining(missingImage));
    expect(run.stderr).toContain(`zedops: ${String(failed.lastError)}`);
    expect(run.stderr).toContain('zedops server retry clitest-broken');
  }, 180_000);

  it('retries it in place with a working image: same id, now running', async () => {
    const before = (await listAll()).find((s) => s.name === 'clitest-broken');
    const run = await zedops(['server', 'retry', 'clitest-broken', '--image', env.pzSimImage, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      id: before?.id,
      status: 'running',
      image: env.pzSimImage,
      lastError: null,
    });
  }, 180_000);

  it('cleans up failed servers on a host only with --yes', async () => {
    const create = await zedops(
      ['server', 'create', 'clitest-broken2', '--host', 'box', '--image', missingImage, '--game-port', '30031'],
      withPassword,
    );
    expect(create.code).toBe(1);

    const noYes = await zedops(['server', 'cleanup-failed', '--host', 'box']);
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toContain('Nothing was changed');
    expect((await listAll()).find((s) => s.name === 'clitest-broken2')).toMatchObject({ status: 'failed' });

    const run = await zedops(['server', 'cleanup-failed', '--host', 'box', '--yes', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ purged: [{ name: 'clitest-broken2' }] });
    expect((await listAll()).map((s) => s.name)).toEqual(['clitest-broken']);
  }, 180_000);

  it('removes the retried server again through delete and purge', async () => {
    expect((await zedops(['server', 'delete', 'clitest-broken'])).code).toBe(0);
    expect((await zedops(['server', 'purge', 'clitest-broken', '--yes'])).code).toBe(0);
    expect(await listAll()).toEqual([]);
  }, 180_000);
});

describe('zedops config', () => {
  it('sets the deleted-server retention and reads it back', async () => {
    const set = await zedops(['config', 'set', 'deleted-retention', '15m']);
    expect(set.code, set.stderr).toBe(0);
    const get = await zedops(['config', 'get', 'deleted-retention']);
    expect(get.code, get.stderr).toBe(0);
    expect(get.stdout).toBe('15m\n');
  });

  it('refuses a retention that is not a duration, and keeps the old one', async () => {
    const run = await zedops(['config', 'set', 'deleted-retention', 'banana']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^zedops: /);
    expect((await zedops(['config', 'get', 'deleted-retention'])).stdout).toBe('15m\n');
  });

  it('names the settings when the key is unknown', async () => {
    const run = await zedops(['config', 'get', 'colour']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('deleted-retention');
  });
});

describe('zedops ports and sync', () => {
  it('suggests a free set of ports on a host', async () => {
    const run = await zedops(['ports', 'suggest', '--host', 'box', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const set = JSON.parse(run.stdout) as { gamePort: number; udpPort: number; rconPort: number };
    expect(set.udpPort).toBe(set.gamePort + 1);
    expect(set.rconPort).toBeGreaterThanOrEqual(1024);
    expect((await zedops(['ports', 'suggest', '--host', 'box'])).stdout).toMatch(
      /^game \d+\/udp {2}udp \d+\/udp {2}rcon \d+\/tcp$/m,
    );
  });

  it('syncs a host and reports it reachable', async () => {
    const run = await zedops(['sync', '--host', 'box', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { hosts: { host: string; reachable: boolean; error: string | null }[] };
    expect(result.hosts).toEqual([expect.objectContaining({ host: 'box', reachable: true, error: null })]);
  });
});
