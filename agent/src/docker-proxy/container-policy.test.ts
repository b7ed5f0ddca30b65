import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkContainerCreate,
  checkContainerUpdate,
  checkStartable,
  isManagedContainer,
  type PolicyContext,
} from './container-policy';
import { Refusal } from './refusal';

let tmp: string;
let ctx: PolicyContext;

beforeAll(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'zedops-container-policy-')));
  fs.mkdirSync(path.join(tmp, 'root', 'a'), { recursive: true });
  fs.symlinkSync('/etc', path.join(tmp, 'root', 'etc-link'));
  const networks: Record<string, { managed: boolean }> = {
    'zomboid-servers': { managed: true },
    'zomboid-backend': { managed: true },
    'admins-own': { managed: false },
  };
  ctx = { dataRoot: path.join(tmp, 'root'), network: (name) => Promise.resolve(networks[name]) };
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const root = () => path.join(tmp, 'root');

/** What core's containerSpec sends (electron/core/fleet/container-spec.ts), plus dockerode's `name`. */
function spec(hostConfig: Record<string, unknown> = {}, top: Record<string, unknown> = {}) {
  return {
    name: 'zedops-a',
    Image: '127.0.0.1:5000/zedops/pz-sim:latest',
    Env: ['SERVER_NAME=a', 'ADMIN_PASSWORD=x'],
    Labels: { 'zedops.managed': 'true', 'zedops.server.id': 'id-a', 'zedops.server.name': 'a' },
    ExposedPorts: { '16261/udp': {}, '16262/udp': {}, '27015/tcp': {} },
    StopTimeout: 60,
    HostConfig: {
      Binds: [`${root()}/a/bin:/home/steam/ZomboidDedicatedServer`, `${root()}/a/data:/home/steam/Zomboid`],
      PortBindings: { '16261/udp': [{ HostPort: '16261' }], '27015/tcp': [{ HostIp: '127.0.0.1', HostPort: '27015' }] },
      RestartPolicy: { Name: 'unless-stopped' },
      NetworkMode: 'zomboid-servers',
      ...hostConfig,
    },
    ...top,
  };
}

async function refusalOf(run: () => Promise<unknown> | unknown): Promise<Refusal> {
  try {
    await run();
  } catch (err) {
    if (err instanceof Refusal) return err;
    throw err;
  }
  throw new Error('not refused');
}

describe('checkContainerCreate', () => {
  it('passes the container core creates for a server', async () => {
    await expect(checkContainerCreate(spec(), ctx)).resolves.toBeUndefined();
  });

  it('passes what a Docker CLI sends: every field, most of them empty', async () => {
    const cli = spec({
      Privileged: false,
      CapAdd: null,
      CapDrop: ['NET_RAW'],
      Devices: [],
      DeviceRequests: null,
      SecurityOpt: null,
      Sysctls: {},
      VolumesFrom: null,
      PidMode: '',
      IpcMode: '',
      UTSMode: '',
      UsernsMode: '',
      CgroupnsMode: '',
      CgroupParent: '',
      Ulimits: null,
      OomKillDisable: false,
      Links: null,
      Isolation: '',
      Memory: 0,
      Mounts: [{ Type: 'tmpfs', Target: '/tmp' }],
      LogConfig: { Type: 'json-file', Config: { 'max-size': '10m' } },
    });
    await expect(checkContainerCreate({ ...cli, NetworkingConfig: { EndpointsConfig: {} } }, ctx)).resolves.toBe(
      undefined,
    );
  });

  it.each<[string, () => unknown, string, RegExp]>([
    ['no zedops.managed label', () => spec({}, { Labels: { 'zedops.server.id': 'x' } }), 'managed-only', /labelled/],
    ['zedops.managed=false', () => spec({}, { Labels: { 'zedops.managed': 'false' } }), 'managed-only', /labelled/],
    ['a bind of /etc', () => spec({ Binds: ['/etc:/host-etc'] }), 'bind-mounts', /outside the data root/],
    [
      'a bind of the Docker socket',
      () => spec({ Binds: ['/var/run/docker.sock:/var/run/docker.sock'] }),
      'bind-mounts',
      /outside/,
    ],
    ['a ".." escape', () => spec({ Binds: [`${root()}/a/../../x:/x`] }), 'bind-mounts', /outside/],
    ['a symlink out', () => spec({ Binds: [`${root()}/etc-link/ssl:/x:ro`] }), 'bind-mounts', /leads to \/etc\/ssl/],
    ['a named volume', () => spec({ Binds: ['data:/x'] }), 'bind-mounts', /named volumes/],
    ['rshared propagation', () => spec({ Binds: [`${root()}/a:/x:ro,rshared`] }), 'bind-mounts', /propagation/],
    ['a malformed bind', () => spec({ Binds: ['/a:/b:ro:x'] }), 'bind-mounts', /src:dst/],
    [
      'a bind mount of /',
      () => spec({ Mounts: [{ Type: 'bind', Source: '/', Target: '/host' }] }),
      'bind-mounts',
      /outside/,
    ],
    [
      'a volume mount binding a host path through driver options',
      () =>
        spec({
          Mounts: [
            {
              Type: 'volume',
              Target: '/x',
              VolumeOptions: { DriverConfig: { Name: 'local', Options: { type: 'none', o: 'bind', device: '/etc' } } },
            },
          ],
        }),
      'bind-mounts',
      /"volume" mount is not allowed/,
    ],
    ['a volume driver', () => spec({ VolumeDriver: 'local-persist' }), 'bind-mounts', /volume drivers/],
    ['Privileged', () => spec({ Privileged: true }), 'privileged', /privileged/],
    ['privileged in lower case', () => spec({ privileged: true }), 'privileged', /HostConfig\.privileged/],
    ['NetworkMode host', () => spec({ NetworkMode: 'host' }), 'host-namespaces', /network namespace/],
    ['NetworkMode container:', () => spec({ NetworkMode: 'container:abc' }), 'host-namespaces', /network namespace/],
    ['PidMode host', () => spec({ PidMode: 'host' }), 'host-namespaces', /PidMode "host"/],
    ['PidMode container:', () => spec({ PidMode: 'container:abc' }), 'host-namespaces', /PidMode/],
    ['IpcMode host', () => spec({ IpcMode: 'host' }), 'host-namespaces', /IpcMode/],
    ['UTSMode host', () => spec({ UTSMode: 'host' }), 'host-namespaces', /UTSMode/],
    ['UsernsMode host', () => spec({ UsernsMode: 'host' }), 'host-namespaces', /UsernsMode/],
    ['CgroupnsMode host', () => spec({ CgroupnsMode: 'host' }), 'host-namespaces', /CgroupnsMode/],
    ['CapAdd', () => spec({ CapAdd: ['SYS_ADMIN'] }), 'capabilities', /SYS_ADMIN/],
    [
      'Devices',
      () => spec({ Devices: [{ PathOnHost: '/dev/sda', PathInContainer: '/dev/sda' }] }),
      'devices',
      /devices/,
    ],
    ['DeviceRequests', () => spec({ DeviceRequests: [{ Count: -1, Capabilities: [['gpu']] }] }), 'devices', /devices/],
    ['DeviceCgroupRules', () => spec({ DeviceCgroupRules: ['a *:* rwm'] }), 'devices', /devices/],
    ['SecurityOpt', () => spec({ SecurityOpt: ['seccomp=unconfined'] }), 'security-opt', /seccomp/],
    ['MaskedPaths emptied', () => spec({ MaskedPaths: [] }), 'security-opt', /masked/],
    ['ReadonlyPaths emptied', () => spec({ ReadonlyPaths: [] }), 'security-opt', /read-only/],
    [
      'SecurityOpt spelt with a long s',
      () => spec({ '\u017fecurityOpt': ['no-new-privileges'] }),
      'security-opt',
      /\u017fecurityOpt/,
    ],
    [
      'a log driver that sends logs away',
      () => spec({ LogConfig: { Type: 'splunk', Config: { 'splunk-url': 'http://127.0.0.1:1' } } }),
      'log-driver',
      /splunk/,
    ],
    ['Sysctls', () => spec({ Sysctls: { 'net.ipv4.ip_forward': '1' } }), 'sysctls', /kernel parameters/],
    ['VolumesFrom', () => spec({ VolumesFrom: ['other'] }), 'volumes-from', /another container/],
    ['a HostConfig field at the top level', () => spec({}, { Privileged: true }), 'create-fields', /top level/],
    ['Binds at the top level', () => spec({}, { Binds: ['/:/host'] }), 'create-fields', /top level/],
    ['an unknown top-level field', () => spec({}, { Whatever: 1 }), 'create-fields', /Whatever/],
    ['CgroupParent', () => spec({ CgroupParent: '/' }), 'create-fields', /CgroupParent/],
    ['Runtime', () => spec({ Runtime: 'runc-debug' }), 'create-fields', /Runtime/],
    ['Ulimits', () => spec({ Ulimits: [{ Name: 'memlock', Soft: -1, Hard: -1 }] }), 'create-fields', /Ulimits/],
    ['OomKillDisable', () => spec({ OomKillDisable: true }), 'create-fields', /OomKillDisable/],
    ['a negative OomScoreAdj', () => spec({ OomScoreAdj: -1000 }), 'create-fields', /OOM/],
    [
      'an unknown mount field',
      () => spec({ Mounts: [{ Type: 'tmpfs', Target: '/t', Evil: 1 }] }),
      'create-fields',
      /Evil/,
    ],
    ["a network that is not ZedOps's", () => spec({ NetworkMode: 'admins-own' }), 'networks', /admins-own/],
    [
      "an endpoint on a network that is not ZedOps's",
      () => spec({}, { NetworkingConfig: { EndpointsConfig: { 'admins-own': {} } } }),
      'networks',
      /admins-own/,
    ],
    [
      'the host network as an endpoint',
      () => spec({}, { NetworkingConfig: { EndpointsConfig: { host: {} } } }),
      'host-namespaces',
      /host/,
    ],
    ['two spellings of one field', () => spec({ Privileged: false, PRIVILEGED: true }), 'bad-json', /both/],
    ['a HostConfig that is not an object', () => spec({}, { HostConfig: 'x' }), 'bad-json', /object/],
    ['a body that is not an object', () => [spec()], 'bad-json', /object/],
  ])('refuses %s', async (_what, body, rule, why) => {
    const r = await refusalOf(() => checkContainerCreate(body(), ctx));
    expect(r.rule).toBe(rule);
    expect(r.message).toMatch(why);
    expect(r.message.startsWith(`zedops-agent refused: ${rule}: `)).toBe(true);
  });

  it('allows the default networks, anonymous volumes and tmpfs', async () => {
    for (const mode of ['bridge', 'default', 'none', '']) {
      await expect(checkContainerCreate(spec({ NetworkMode: mode }), ctx)).resolves.toBeUndefined();
    }
    await expect(
      checkContainerCreate(spec({ Binds: ['/anon'], Tmpfs: { '/run': 'size=1m' } }, { Volumes: { '/v': {} } }), ctx),
    ).resolves.toBeUndefined();
  });

  it("leaves a network Docker does not know to Docker's own error", async () => {
    await expect(checkContainerCreate(spec({ NetworkMode: 'no-such-net' }), ctx)).resolves.toBeUndefined();
  });
});

describe('checkContainerUpdate', () => {
  it('allows the restart policy and resource limits', () => {
    expect(() => checkContainerUpdate({ RestartPolicy: { Name: 'no' } })).not.toThrow();
    expect(() => checkContainerUpdate({ memory: 1 << 30, NanoCpus: 1e9, PidsLimit: 100, Devices: [] })).not.toThrow();
  });

  it.each([
    [{ Devices: [{ PathOnHost: '/dev/sda' }] }, /Devices/],
    [{ DeviceCgroupRules: ['a *:* rwm'] }, /DeviceCgroupRules/],
    [{ OomKillDisable: true }, /OomKillDisable/],
    [{ Ulimits: [{ Name: 'nofile', Soft: 1, Hard: 1 }] }, /Ulimits/],
    [{ CgroupParent: '/' }, /CgroupParent/],
    [{ Privileged: true }, /Privileged/],
  ])('refuses %j', async (body, why) => {
    const r = await refusalOf(() => checkContainerUpdate(body));
    expect(r.rule).toBe('update-fields');
    expect(r.message).toMatch(why);
  });
});

describe('checkStartable', () => {
  const inspected = (hostConfig: Record<string, unknown>, mounts: { Type: string; Source: string }[] = []) => ({
    Config: { Labels: { 'zedops.managed': 'true' } },
    HostConfig: {
      Binds: [`${root()}/a/bin:/x`],
      Privileged: false,
      CapAdd: null,
      Devices: [],
      PidMode: '',
      IpcMode: 'private',
      CgroupnsMode: 'host', // Docker's own default on cgroup v1
      NetworkMode: 'zomboid-servers',
      MaskedPaths: ['/proc/kcore'],
      ReadonlyPaths: ['/proc/sys'],
      ...hostConfig,
    },
    Mounts: [{ Type: 'bind', Source: `${root()}/a/bin` }, ...mounts],
  });

  it('passes a container as Docker reports one ZedOps made', async () => {
    await expect(checkStartable(inspected({}), ctx)).resolves.toBeUndefined();
  });

  it.each<[string, () => ReturnType<typeof inspected>, string]>([
    ['a privileged one', () => inspected({ Privileged: true }), 'privileged'],
    ['one with a bind outside the data root', () => inspected({ Binds: ['/etc:/x'] }), 'bind-mounts'],
    [
      'one whose mount source leads out',
      () => inspected({}, [{ Type: 'bind', Source: `${root()}/etc-link` }]),
      'bind-mounts',
    ],
    ['one in the host PID namespace', () => inspected({ PidMode: 'host' }), 'host-namespaces'],
    ['one on the host network', () => inspected({ NetworkMode: 'host' }), 'host-namespaces'],
    ['one with added capabilities', () => inspected({ CapAdd: ['NET_ADMIN'] }), 'capabilities'],
  ])('refuses %s', async (_what, info, rule) => {
    expect((await refusalOf(() => checkStartable(info(), ctx))).rule).toBe(rule);
  });
});

describe('isManagedContainer', () => {
  it('reads the label from Config.Labels', () => {
    expect(isManagedContainer({ Config: { Labels: { 'zedops.managed': 'true' } } })).toBe(true);
    expect(isManagedContainer({ Config: { Labels: { 'zedops.managed': 'yes' } } })).toBe(false);
    expect(isManagedContainer({ Config: { Labels: null } })).toBe(false);
    expect(isManagedContainer({})).toBe(false);
  });
});
