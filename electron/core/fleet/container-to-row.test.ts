import type Dockerode from 'dockerode';
import { describe, expect, it } from 'vitest';
import type { HostRecord } from '../catalog/hosts-repo';
import { containerSpec } from './container-spec';
import { rowFromContainer, type ImportRow } from './container-to-row';

const host: HostRecord = {
  id: 'host-1',
  name: 'box',
  kind: 'local',
  address: 'unix:///var/run/docker.sock',
  settings: {},
  secretRef: null,
  dataRoot: '/var/lib/zedops/servers',
  registry: null,
  status: 'online',
  lastSeen: 1,
  dockerVersion: '20.10.24',
  lastError: null,
  createdAt: 1,
  updatedAt: 1,
};

const id = '3f2b8c1e-5a44-4b7e-9d59-0c1f6f1a2b3c';
const imageEnv = [
  'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  'HOME=/home/steam',
  'SERVER_NAME=servertest',
  'DEFAULT_PORT=16261',
  'UDP_PORT=16262',
  'RCON_PORT=27015',
];

interface FixtureOptions {
  labels?: Record<string, string>;
  env?: string[];
  mounts?: Dockerode.ContainerInspectInfo['Mounts'];
  portBindings?: Record<string, { HostIp?: string; HostPort?: string }[]>;
  state?: Partial<Dockerode.ContainerInspectInfo['State']>;
  image?: string;
}

/** What `docker inspect` shows for a container ZedOps made with `containerSpec`, with parts overridden. */
function inspectFixture(over: FixtureOptions = {}): Dockerode.ContainerInspectInfo {
  const spec = containerSpec(
    {
      id,
      name: 'north',
      image: 'registry.example:5000/pz/server:41',
      config: { env: { MAX_PLAYERS: '16', PUBLIC: 'true' } },
      gamePort: 16261,
      udpPort: 16262,
      rconPort: 27015,
    },
    { adminPassword: 'admin-secret', rconPassword: 'rcon-secret' },
    host.dataRoot,
  );
  // Docker puts the container's variables first, then the image's that the container did not set.
  const own = spec.Env ?? [];
  const ownKeys = new Set(own.map((l) => l.split('=')[0]));
  const env = over.env ?? [...own, ...imageEnv.filter((l) => !ownKeys.has(l.split('=')[0]))];
  const bindings = (spec.HostConfig?.PortBindings ?? {}) as Record<string, { HostIp?: string; HostPort?: string }[]>;
  return {
    Id: 'c0ffee0000000000000000000000000000000000000000000000000000000001',
    Name: '/zedops-north',
    Image: 'sha256:b45bf10107795f7c792f75c531a4f091f7c6b4666180737fe51f8e59685b7550',
    State: {
      Status: 'running',
      Running: true,
      Paused: false,
      Restarting: false,
      OOMKilled: false,
      Dead: false,
      Pid: 42,
      ExitCode: 0,
      Error: '',
      StartedAt: '2025-01-01T00:00:00Z',
      FinishedAt: '0001-01-01T00:00:00Z',
      ...over.state,
    },
    Config: {
      Image: over.image ?? spec.Image,
      Env: env,
      Labels: over.labels ?? spec.Labels,
    },
    HostConfig: {
      Binds: spec.HostConfig?.Binds,
      PortBindings:
        over.portBindings ??
        Object.fromEntries(
          Object.entries(bindings).map(([k, list]) => [
            k,
            list.map((b) => ({ HostIp: b.HostIp ?? '', HostPort: b.HostPort })),
          ]),
        ),
    },
    Mounts: over.mounts ?? [
      bind('/var/lib/zedops/servers/north/bin', '/home/steam/ZomboidDedicatedServer'),
      bind('/var/lib/zedops/servers/north/data', '/home/steam/Zomboid'),
    ],
  } as unknown as Dockerode.ContainerInspectInfo;
}

function bind(source: string, destination: string): Dockerode.ContainerInspectInfo['Mounts'][number] {
  return { Type: 'bind', Source: source, Destination: destination, Mode: '', RW: true, Propagation: 'rprivate' };
}

function reasonOf(row: ImportRow): string {
  if (row.ok) throw new Error(`imported, but should have been refused: ${JSON.stringify(row.server)}`);
  return row.reason;
}

describe('rowFromContainer', () => {
  it('rebuilds the row ZedOps created: same id, name, image, ports, env and passwords', () => {
    const row = rowFromContainer(inspectFixture(), host, imageEnv);
    expect(row).toEqual({
      ok: true,
      server: {
        id,
        hostId: 'host-1',
        name: 'north',
        image: 'registry.example:5000/pz/server:41',
        config: { env: { MAX_PLAYERS: '16', PUBLIC: 'true' } },
        gamePort: 16261,
        udpPort: 16262,
        rconPort: 27015,
        status: 'running',
        containerId: 'c0ffee0000000000000000000000000000000000000000000000000000000001',
      },
      secrets: { adminPassword: 'admin-secret', rconPassword: 'rcon-secret' },
    });
  });

  it('keeps variables the image also has when the container changed them, and a SERVER_NAME other than the name', () => {
    const env = ['SERVER_NAME=other-world', 'HOME=/srv/steam', 'ADMIN_PASSWORD=a', ...imageEnv.slice(0, 1)];
    const row = rowFromContainer(inspectFixture({ env }), host, imageEnv);
    expect(row.ok && row.server.config.env).toEqual({ SERVER_NAME: 'other-world', HOME: '/srv/steam' });
  });

  it('keeps every variable when the image env is unknown, except the managed ones and the default SERVER_NAME', () => {
    const row = rowFromContainer(inspectFixture(), host);
    expect(row.ok && row.server.config.env).toEqual({
      MAX_PLAYERS: '16',
      PUBLIC: 'true',
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      HOME: '/home/steam',
    });
  });

  it('has no RCON password when the env has none (or an empty one)', () => {
    for (const env of [['ADMIN_PASSWORD=a'], ['ADMIN_PASSWORD=a', 'RCON_PASSWORD=']]) {
      const row = rowFromContainer(inspectFixture({ env }), host, imageEnv);
      expect(row.ok && row.secrets).toEqual({ adminPassword: 'a' });
    }
  });

  it('follows the container state: running or restarting is running, anything else stopped', () => {
    const status = (state: Partial<Dockerode.ContainerInspectInfo['State']>) => {
      const row = rowFromContainer(inspectFixture({ state }), host, imageEnv);
      return row.ok && row.server.status;
    };
    expect(status({ Running: true })).toBe('running');
    expect(status({ Running: false, Restarting: true, Status: 'restarting' })).toBe('running');
    expect(status({ Running: false, Status: 'exited' })).toBe('stopped');
    expect(status({ Running: false, Status: 'created' })).toBe('stopped');
  });

  it('takes the ports from the published ports when the port variables are missing', () => {
    const row = rowFromContainer(
      inspectFixture({
        env: ['ADMIN_PASSWORD=a'],
        portBindings: {
          '16262/udp': [{ HostIp: '', HostPort: '16262' }],
          '16261/udp': [{ HostIp: '', HostPort: '16261' }],
          '27015/tcp': [{ HostIp: '127.0.0.1', HostPort: '27015' }],
        },
      }),
      host,
    );
    expect(row.ok && [row.server.gamePort, row.server.udpPort, row.server.rconPort]).toEqual([16261, 16262, 27015]);
  });

  it('accepts a data root written with a trailing slash and mounts reported with one', () => {
    const row = rowFromContainer(
      inspectFixture({
        mounts: [
          bind('/var/lib/zedops/servers/north/bin/', '/home/steam/ZomboidDedicatedServer/'),
          bind('/var/lib/zedops/servers//north/data', '/home/steam/Zomboid'),
        ],
      }),
      { ...host, dataRoot: '/var/lib/zedops/servers/' },
      imageEnv,
    );
    expect(row.ok).toBe(true);
  });

  it('ignores anonymous volumes the image declares', () => {
    const fixture = inspectFixture();
    fixture.Mounts.push({
      Type: 'volume',
      Name: 'abc123',
      Source: '/var/lib/docker/volumes/abc123/_data',
      Destination: '/tmp/cache',
      Mode: '',
      RW: true,
      Propagation: '',
    });
    expect(rowFromContainer(fixture, host, imageEnv).ok).toBe(true);
  });

  describe('refuses, saying why', () => {
    it('a container without the managed label', () => {
      const reason = reasonOf(rowFromContainer(inspectFixture({ labels: { 'zedops.server.id': id } }), host));
      expect(reason).toBe(
        'Container "zedops-north" cannot be imported. It is not labelled zedops.managed=true, so it is not a ZedOps server.',
      );
    });

    it('a container without a server id', () => {
      const reason = reasonOf(
        rowFromContainer(inspectFixture({ labels: { 'zedops.managed': 'true', 'zedops.server.name': 'north' } }), host),
      );
      expect(reason).toMatch(/no zedops\.server\.id label, so ZedOps cannot tell which server it belongs to/);
    });

    it('a server id that is not one', () => {
      const labels = { 'zedops.managed': 'true', 'zedops.server.id': '../x y', 'zedops.server.name': 'north' };
      expect(reasonOf(rowFromContainer(inspectFixture({ labels }), host))).toMatch(
        /zedops\.server\.id label "\.\.\/x y" is not a server id/,
      );
    });

    it('a container without a name, or with a name that is not a server name', () => {
      const noName = { 'zedops.managed': 'true', 'zedops.server.id': id };
      expect(reasonOf(rowFromContainer(inspectFixture({ labels: noName }), host))).toMatch(
        /no zedops\.server\.name label/,
      );
      const badName = { ...noName, 'zedops.server.name': 'North_Server' };
      expect(reasonOf(rowFromContainer(inspectFixture({ labels: badName }), host))).toMatch(
        /zedops\.server\.name label "North_Server" is not a valid server name: A server name is 1 to 32 characters/,
      );
    });

    it('a container without ADMIN_PASSWORD: the server cannot be managed without it', () => {
      const env = ['DEFAULT_PORT=16261', 'UDP_PORT=16262', 'RCON_PORT=27015', 'RCON_PASSWORD=r'];
      expect(reasonOf(rowFromContainer(inspectFixture({ env }), host))).toBe(
        'Container "zedops-north" cannot be imported. It has no ADMIN_PASSWORD in its environment, and the server cannot be managed without it (ZedOps recreates the container with it on recover and rebuild).',
      );
    });

    it('folders bound from elsewhere: says where they point and that the data root must match', () => {
      const mounts = [
        bind('/srv/pz/north/bin', '/home/steam/ZomboidDedicatedServer'),
        bind('/srv/pz/north/data', '/home/steam/Zomboid'),
      ];
      expect(reasonOf(rowFromContainer(inspectFixture({ mounts }), host, imageEnv))).toBe(
        'Container "zedops-north" cannot be imported. Its /home/steam/ZomboidDedicatedServer points to /srv/pz/north/bin, not /var/lib/zedops/servers/north/bin, and its /home/steam/Zomboid points to /srv/pz/north/data, not /var/lib/zedops/servers/north/data. The data root of host "box" (/var/lib/zedops/servers) must match where the container\'s folders are: change the host\'s data root, or move the folders there and recreate the container.',
      );
    });

    it('folders bound for another server name', () => {
      const mounts = [
        bind('/var/lib/zedops/servers/south/bin', '/home/steam/ZomboidDedicatedServer'),
        bind('/var/lib/zedops/servers/north/data', '/home/steam/Zomboid'),
      ];
      const reason = reasonOf(rowFromContainer(inspectFixture({ mounts }), host, imageEnv));
      expect(reason).toContain('points to /var/lib/zedops/servers/south/bin, not /var/lib/zedops/servers/north/bin');
      expect(reason).not.toContain('/home/steam/Zomboid points');
    });

    it('a missing bind, a volume in place of a bind, and an extra bind', () => {
      const mounts = [
        {
          Type: 'volume' as const,
          Name: 'pzdata',
          Source: '/var/lib/docker/volumes/pzdata/_data',
          Destination: '/home/steam/Zomboid',
          Mode: 'z',
          RW: true,
          Propagation: '',
        },
        bind('/etc', '/host-etc'),
      ];
      const reason = reasonOf(rowFromContainer(inspectFixture({ mounts }), host, imageEnv));
      expect(reason).toContain(
        'Its /home/steam/ZomboidDedicatedServer is not bound to a folder on the host (ZedOps binds /var/lib/zedops/servers/north/bin there).',
      );
      expect(reason).toContain(
        'Its /home/steam/Zomboid is a Docker volume "pzdata", not the host folder /var/lib/zedops/servers/north/data.',
      );
      expect(reason).toContain('It also binds /etc to /host-etc, which ZedOps would not keep');
    });

    it('every problem at once, not only the first', () => {
      const reason = reasonOf(
        rowFromContainer(inspectFixture({ env: ['DEFAULT_PORT=16261'], mounts: [] }), host, imageEnv),
      );
      expect(reason).toMatch(/ADMIN_PASSWORD/);
      expect(reason).toMatch(/\/home\/steam\/Zomboid is not bound/);
    });

    it('ports that are missing, out of range, clashing or published on another number', () => {
      const noPorts = rowFromContainer(inspectFixture({ env: ['ADMIN_PASSWORD=a'], portBindings: {} }), host);
      expect(reasonOf(noPorts)).toMatch(/Its game port is unknown: no DEFAULT_PORT in its environment/);
      expect(reasonOf(noPorts)).toMatch(/Its RCON port is unknown: no RCON_PORT/);

      const low = rowFromContainer(inspectFixture({ env: ['ADMIN_PASSWORD=a', 'DEFAULT_PORT=80'] }), host);
      expect(reasonOf(low)).toMatch(/Its game port \(DEFAULT_PORT=80\) is not usable: Ports below 1024 are reserved/);

      const text = rowFromContainer(inspectFixture({ env: ['ADMIN_PASSWORD=a', 'RCON_PORT=abc'] }), host);
      expect(reasonOf(text)).toMatch(/Its RCON port \(RCON_PORT=abc\) is not usable: A port is a whole number/);

      const same = rowFromContainer(
        inspectFixture({ env: ['ADMIN_PASSWORD=a', 'DEFAULT_PORT=16261', 'UDP_PORT=16261', 'RCON_PORT=27015'] }),
        host,
      );
      expect(reasonOf(same)).toMatch(/game port and UDP port are both 16261\/udp/);

      const moved = rowFromContainer(
        inspectFixture({
          portBindings: {
            '16261/udp': [{ HostIp: '', HostPort: '17000' }],
            '16262/udp': [{ HostIp: '', HostPort: '16262' }],
            '27015/tcp': [{ HostIp: '127.0.0.1', HostPort: '27015' }],
          },
        }),
        host,
        imageEnv,
      );
      expect(reasonOf(moved)).toMatch(/Its game port 16261\/udp is published on host port 17000/);
    });

    it('an env the catalog cannot keep', () => {
      const env = ['ADMIN_PASSWORD=a', 'BAD-KEY=1'];
      expect(reasonOf(rowFromContainer(inspectFixture({ env }), host))).toMatch(
        /Its environment cannot be kept as server settings \(BAD-KEY\): An env key is letters, digits and underscores/,
      );
    });

    it('an image that is not a reference', () => {
      expect(reasonOf(rowFromContainer(inspectFixture({ image: 'Not An Image' }), host, imageEnv))).toMatch(
        /Its image "Not An Image" is not an image reference/,
      );
    });
  });
});
