import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDockerProxy, type DockerProxy } from './index';
// Brings in the type of inject('testenv'); tsconfig.agent.json does not include testenv/.
import type {} from '../../../testenv/global-setup';

// The proxy on a unix socket in a temp dir, in front of the test environment's
// real dockerd, driven by dockerode exactly as core drives Docker.

const env = inject('testenv');
const run = crypto.randomBytes(4).toString('hex');
const suite = `docker-proxy-${run}`;
const prefix = `zedops-proxytest-${run}`;
const testLabels = { 'zedops.test': 'true', 'zedops.test.suite': suite };
const managed = { 'zedops.managed': 'true', ...testLabels };
const zedopsNetworks = ['zomboid-servers', 'zomboid-backend'];

let tmp: string;
let dataRoot: string;
let outside: string;
let socketPath: string;
let proxied: Running;
/** dockerode through the proxy: what core would hold for an `agent` host. */
let docker: Docker;
/** dockerode on the real socket, for setting up what the proxy must refuse to touch, and for checking. */
let direct: Docker;
const logLines: { level: string; obj: object; msg?: string }[] = [];
const extraNetworks: string[] = [];

interface Running {
  proxy: DockerProxy;
  server: http.Server;
  stop(): Promise<void>;
}

async function startProxy(socket: string): Promise<Running> {
  const proxy = createDockerProxy({
    dockerSocket: env.dockerSocket,
    dataRoot,
    log: {
      info: (obj, msg) => logLines.push({ level: 'info', obj, ...(msg ? { msg } : {}) }),
      warn: (obj, msg) => logLines.push({ level: 'warn', obj, ...(msg ? { msg } : {}) }),
    },
  });
  const server = http.createServer((req, res) => proxy.handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socket, resolve);
  });
  return {
    proxy,
    server,
    async stop() {
      proxy.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

beforeAll(async () => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'zedops-proxytest-')));
  dataRoot = path.join(tmp, 'data');
  outside = path.join(tmp, 'outside');
  fs.mkdirSync(dataRoot);
  fs.mkdirSync(outside);
  socketPath = path.join(tmp, 'agent.sock');
  proxied = await startProxy(socketPath);
  docker = new Docker({ socketPath });
  direct = new Docker({ socketPath: env.dockerSocket });
});

afterAll(async () => {
  const left = await direct.listContainers({ all: true, filters: { label: [`zedops.test.suite=${suite}`] } });
  for (const c of left) await direct.getContainer(c.Id).remove({ force: true, v: true });
  for (const name of extraNetworks)
    await direct
      .getNetwork(name)
      .remove()
      .catch(() => undefined);
  await proxied?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A server container as core's containerSpec makes it, with binds under the data root. */
function spec(
  name: string,
  hostConfig: Docker.HostConfig | Record<string, unknown> = {},
  top: Record<string, unknown> = {},
): Docker.ContainerCreateOptions {
  return {
    name: `${prefix}-${name}`,
    Image: env.pzSimImage,
    Env: [`SERVER_NAME=${name}`, 'ADMIN_PASSWORD=sekrit-admin-pw'],
    Labels: { ...managed, 'zedops.server.name': name },
    StopTimeout: 5,
    HostConfig: {
      Binds: [
        `${dataRoot}/${name}/bin:/home/steam/ZomboidDedicatedServer`,
        `${dataRoot}/${name}/data:/home/steam/Zomboid`,
      ],
      RestartPolicy: { Name: 'unless-stopped' },
      ...hostConfig,
    },
    ...top,
  } as Docker.ContainerCreateOptions;
}

/** A container the proxy must not touch: made on the real socket, without zedops.managed. */
async function unmanagedContainer(name: string): Promise<Docker.Container> {
  return direct.createContainer({ name: `${prefix}-${name}`, Image: env.pzSimImage, Labels: testLabels });
}

interface DockerError {
  statusCode?: number;
  message: string;
  json?: { message?: string } | null;
}

/** The call must fail through dockerode with a 403 (or `status`) whose message names `rule`. */
async function refused(call: Promise<unknown>, rule: string, status = 403): Promise<DockerError> {
  const err = await call.then(
    () => {
      throw new Error(`succeeded, but the ${rule} rule should have refused it`);
    },
    (e: unknown) => e as DockerError,
  );
  expect(err.statusCode, err.message).toBe(status);
  expect(err.message).toContain(`zedops-agent refused: ${rule}: `);
  if (err.json?.message) expect(err.json.message).toMatch(new RegExp(`^zedops-agent refused: ${rule}: `));
  return err;
}

async function logsOf(container: Docker.Container): Promise<string> {
  const buffer = (await container.logs({ stdout: true, stderr: true })) as unknown as Buffer;
  return buffer.toString('utf8');
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A raw HTTP request to the proxy's socket, for what dockerode would never send. */
function raw(
  method: string,
  urlPath: string,
  body?: string | Buffer,
  headers: http.OutgoingHttpHeaders = {},
): Promise<{ status: number; json: { message?: string } }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, method, path: urlPath, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as { message?: string } });
        } catch {
          resolve({ status: res.statusCode ?? 0, json: { message: text } });
        }
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the allowed subset, through dockerode', () => {
  it('answers ping and version, with or without a version prefix', async () => {
    expect(String(await docker.ping())).toBe('OK');
    expect((await docker.version()).Version).toBe(env.dockerVersion);
    const pinned = new Docker({ socketPath, version: 'v1.41' });
    expect(String(await pinned.ping())).toBe('OK');
    expect(Array.isArray(await pinned.listContainers({ all: true }))).toBe(true);
  });

  it('creates, inspects, starts, updates, restarts, stops, kills and removes a managed container', async () => {
    const c = await docker.createContainer(spec('life'));
    const created = await c.inspect();
    expect(created.Name).toBe(`/${prefix}-life`);
    expect(created.Config.Labels['zedops.managed']).toBe('true');
    // Inspect by name resolves the same container.
    expect((await docker.getContainer(`${prefix}-life`).inspect()).Id).toBe(c.id);

    await c.update({ RestartPolicy: { Name: 'unless-stopped' } });
    await c.start();
    await until('the server to start', async () =>
      (await logsOf(c)).includes('*** SERVER STARTED ***') ? true : undefined,
    );
    // The binds under the data root are where the game wrote its files.
    expect(fs.readdirSync(path.join(dataRoot, 'life', 'bin')).length).toBeGreaterThan(0);

    await c.update({ RestartPolicy: { Name: 'no' }, CpuShares: 512 });
    const updated = await c.inspect();
    expect(updated.HostConfig.RestartPolicy?.Name).toBe('no');
    expect(updated.HostConfig.CpuShares).toBe(512);

    await c.restart({ t: 5 });
    expect((await c.inspect()).State.Running).toBe(true);
    await c.stop({ t: 5 });
    expect((await c.inspect()).State.Running).toBe(false);
    await c.start();
    await c.kill({ signal: 'SIGKILL' });
    await until('the kill to land', async () => ((await c.inspect()).State.Running ? undefined : true));
    await c.remove({ force: true, v: false });
    await expect(c.inspect()).rejects.toMatchObject({ statusCode: 404 });
  });

  it('lists only managed containers, and narrows the list further by the filters given', async () => {
    const stray = await unmanagedContainer('list-stray');
    const mine = await docker.createContainer(spec('list'));
    const all = (await docker.listContainers({ all: true })).map((c) => c.Id);
    expect(all).toContain(mine.id);
    expect(all).not.toContain(stray.id);
    for (const c of await docker.listContainers({ all: true })) expect(c.Labels['zedops.managed']).toBe('true');
    const narrowed = await docker.listContainers({ all: true, filters: { label: [`zedops.test.suite=${suite}`] } });
    expect(narrowed.map((c) => c.Id)).toContain(mine.id);
    expect(narrowed.map((c) => c.Id)).not.toContain(stray.id);
    // The real socket sees both.
    const real = await direct.listContainers({ all: true, filters: { label: [`zedops.test.suite=${suite}`] } });
    expect(real.map((c) => c.Id)).toEqual(expect.arrayContaining([mine.id, stray.id]));
  });

  it('streams events as they happen, for managed containers only', async () => {
    const stream = (await docker.getEvents({ filters: { type: ['container'] } })) as NodeJS.ReadableStream & {
      destroy(): void;
    };
    const seen: { id?: string; Action?: string; Actor?: { ID?: string } }[] = [];
    let buffered = '';
    stream.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) seen.push(JSON.parse(line) as (typeof seen)[number]);
    });
    try {
      // The stray first: Docker sends events in order, so had it come through it would be there before ours.
      const stray = await unmanagedContainer('events-stray');
      const mine = await docker.createContainer(spec('events'));
      await until('the create event of the managed container', async () =>
        seen.some((e) => e.Actor?.ID === mine.id && e.Action === 'create') ? true : undefined,
      );
      expect(seen.some((e) => e.Actor?.ID === stray.id)).toBe(false);
    } finally {
      stream.destroy();
    }
  });

  it('pulls an image with progress', async () => {
    const stream = await docker.pull(env.pzSimImage);
    const progress: { status?: string; error?: string }[] = [];
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(
        stream,
        (err: Error | null) => (err ? reject(err) : resolve()),
        (e: { status?: string }) => progress.push(e),
      );
    });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.some((e) => /Digest|Status|Pulling/.test(e.status ?? ''))).toBe(true);
    expect(progress.some((e) => e.error)).toBe(false);
    expect((await docker.getImage(env.pzSimImage).inspect()).Id).toMatch(/^sha256:/);
  });

  it('follows logs and waits for the container to exit', async () => {
    const c = await docker.createContainer(spec('wait'));
    await c.start();
    const logStream = (await c.logs({ follow: true, stdout: true, stderr: true })) as unknown as NodeJS.ReadableStream;
    let text = '';
    const out = new PassThrough();
    out.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    docker.modem.demuxStream(logStream, out, out);
    const ended = new Promise<void>((resolve) => logStream.on('end', () => resolve()));
    await until('the server to start', async () => (text.includes('*** SERVER STARTED ***') ? true : undefined));

    let exited = false;
    const waited = c.wait().then((r: { StatusCode: number }) => {
      exited = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(exited).toBe(false); // the wait is held open until the container exits
    await c.stop({ t: 5 });
    expect(typeof (await waited).StatusCode).toBe('number');
    await ended;
    expect(text).toContain('SERVER STOPPED');
  });

  it("lists and creates only ZedOps's networks, and connects a managed container to them", async () => {
    // What core's ensureNetworks does.
    const existing = new Set((await docker.listNetworks()).map((n) => n.Name));
    for (const name of zedopsNetworks) {
      if (existing.has(name)) continue;
      try {
        await docker.createNetwork({
          Name: name,
          Driver: 'bridge',
          CheckDuplicate: true,
          Labels: { 'zedops.managed': 'true' },
        });
      } catch (err) {
        if ((err as DockerError).statusCode !== 409) throw err;
      }
    }
    const listed = await docker.listNetworks();
    expect(listed.map((n) => n.Name)).toEqual(expect.arrayContaining(zedopsNetworks));
    expect(listed.map((n) => n.Name)).not.toContain('bridge');
    for (const n of listed) expect(n.Labels?.['zedops.managed']).toBe('true');
    expect((await docker.getNetwork('zomboid-backend').inspect()).Name).toBe('zomboid-backend');

    const c = await docker.createContainer(spec('net', { NetworkMode: 'zomboid-servers' }));
    await docker.getNetwork('zomboid-backend').connect({ Container: c.id });
    const networks = Object.keys((await c.inspect()).NetworkSettings.Networks);
    expect(networks.sort()).toEqual([...zedopsNetworks].sort());
    await c.remove({ force: true });
  });
});

describe('every rule refuses through dockerode', () => {
  it('route: anything outside the subset, hijacked connections included', async () => {
    const c = await docker.createContainer(spec('route'));
    await refused(docker.info(), 'route');
    await refused(docker.listImages(), 'route');
    await refused(docker.listVolumes(), 'route');
    await refused(docker.createVolume({ Name: `${prefix}-vol` }), 'route');
    await refused(docker.getImage(`${prefix}-no-such-image:1`).remove(), 'route');
    await refused(docker.getNetwork(`${prefix}-no-such-net`).remove(), 'route');
    await refused(c.exec({ Cmd: ['/bin/sh'], AttachStdout: true }), 'route');
    const attach = await refused(c.attach({ stream: true, stdout: true, hijack: true }), 'route');
    expect(attach.message).toMatch(/hijacked/);
    await refused(c.rename({ name: `${prefix}-renamed` }), 'route');
    await refused(c.pause(), 'route');
    await refused(c.top(), 'route');
    expect((await c.inspect()).Name).toBe(`/${prefix}-route`);
  });

  it('api-version: a version prefix older than 1.24', async () => {
    await refused(new Docker({ socketPath, version: 'v1.23' }).ping(), 'api-version');
  });

  it('managed-only: a container without zedops.managed=true can be neither created nor touched', async () => {
    await refused(docker.createContainer(spec('unlabelled', {}, { Labels: testLabels })), 'managed-only');
    const stray = await unmanagedContainer('stray');
    const other = docker.getContainer(stray.id);
    const byName = docker.getContainer(`${prefix}-stray`);
    await refused(other.inspect(), 'managed-only');
    await refused(byName.inspect(), 'managed-only');
    await refused(other.start(), 'managed-only');
    await refused(other.stop(), 'managed-only');
    await refused(other.restart(), 'managed-only');
    await refused(other.kill(), 'managed-only');
    await refused(other.update({ RestartPolicy: { Name: 'always' } }), 'managed-only');
    await refused(other.logs({ stdout: true }), 'managed-only');
    await refused(other.wait(), 'managed-only');
    await refused(other.remove({ force: true }), 'managed-only');
    await refused(docker.getNetwork('zomboid-backend').connect({ Container: stray.id }), 'managed-only');
    const still = await direct.getContainer(stray.id).inspect();
    expect(still.State.Status).toBe('created');
    expect(still.HostConfig.RestartPolicy?.Name).not.toBe('always');

    // A container that does not exist stays Docker's 404.
    const missing = await docker
      .getContainer(`${prefix}-missing`)
      .inspect()
      .catch((e: unknown) => e as DockerError);
    expect((missing as DockerError).statusCode).toBe(404);
    expect((missing as DockerError).message).toMatch(/No such container/);
  });

  it('bind-mounts: only under the data root, however the path is written', async () => {
    fs.symlinkSync(outside, path.join(dataRoot, 'out-link'));
    const cases: (Docker.HostConfig | Record<string, unknown>)[] = [
      { Binds: ['/etc:/host-etc:ro'] },
      { Binds: [`${env.dockerSocket}:/var/run/docker.sock`] },
      { Binds: ['/var/run/docker.sock:/var/run/docker.sock'] },
      { Binds: [`${dataRoot}/../outside:/x`] },
      { Binds: [`${dataRoot}/out-link/x:/x`] },
      { Binds: ['some-volume:/x'] },
      { Mounts: [{ Type: 'bind', Source: outside, Target: '/x' }] },
      {
        Mounts: [
          {
            Type: 'volume',
            Source: `${prefix}-devvol`,
            Target: '/x',
            VolumeOptions: { DriverConfig: { Name: 'local', Options: { type: 'none', o: 'bind', device: '/etc' } } },
          },
        ],
      },
      { VolumeDriver: 'local' },
    ];
    for (const [i, hostConfig] of cases.entries()) {
      await refused(docker.createContainer(spec(`refused-bind-${i}`, hostConfig)), 'bind-mounts');
    }
    const made = await direct.listContainers({ all: true, filters: { name: [`${prefix}-refused-bind`] } });
    expect(made).toEqual([]);
    expect(fs.readdirSync(outside)).toEqual([]);
  });

  it('bind-mounts at start: a bind source that became a symlink leading out after create', async () => {
    const c = await docker.createContainer(spec('later', { Binds: [`${dataRoot}/later/x:/x`] }));
    fs.symlinkSync(outside, path.join(dataRoot, 'later'));
    const err = await refused(c.start(), 'bind-mounts');
    expect(err.message).toContain(outside);
    expect((await c.inspect()).State.Running).toBe(false);
    await c.remove({ force: true });
  });

  it('bind-mounts and privileged at start: a labelled container made by other means', async () => {
    const byHand = await direct.createContainer({
      ...spec('by-hand', { Binds: ['/etc:/host-etc:ro'] }),
    });
    await refused(docker.getContainer(byHand.id).start(), 'bind-mounts');
    const privileged = await direct.createContainer(spec('by-hand-privileged', { Privileged: true }));
    await refused(docker.getContainer(privileged.id).start(), 'privileged');
    await refused(docker.getContainer(privileged.id).restart(), 'privileged');
    expect((await direct.getContainer(privileged.id).inspect()).State.Running).toBe(false);
  });

  const createCases: [string, string, Record<string, unknown>, Record<string, unknown>?][] = [
    ['privileged', 'Privileged', { Privileged: true }],
    ['privileged', 'privileged (any case)', { privileged: true }],
    ['host-namespaces', 'NetworkMode host', { NetworkMode: 'host' }],
    ['host-namespaces', 'NetworkMode container:', { NetworkMode: 'container:zedops-x' }],
    ['host-namespaces', 'PidMode host', { PidMode: 'host' }],
    ['host-namespaces', 'IpcMode host', { IpcMode: 'host' }],
    ['host-namespaces', 'UsernsMode host', { UsernsMode: 'host' }],
    ['host-namespaces', 'UTSMode host', { UTSMode: 'host' }],
    ['host-namespaces', 'CgroupnsMode host', { CgroupnsMode: 'host' }],
    ['capabilities', 'CapAdd', { CapAdd: ['SYS_ADMIN'] }],
    [
      'devices',
      'Devices',
      { Devices: [{ PathOnHost: '/dev/null', PathInContainer: '/dev/x', CgroupPermissions: 'rwm' }] },
    ],
    ['devices', 'DeviceRequests', { DeviceRequests: [{ Driver: 'nvidia', Count: -1, Capabilities: [['gpu']] }] }],
    ['devices', 'DeviceCgroupRules', { DeviceCgroupRules: ['a *:* rwm'] }],
    ['security-opt', 'SecurityOpt', { SecurityOpt: ['seccomp=unconfined'] }],
    ['security-opt', 'MaskedPaths', { MaskedPaths: [] }],
    ['security-opt', 'ReadonlyPaths', { ReadonlyPaths: [] }],
    ['sysctls', 'Sysctls', { Sysctls: { 'net.ipv4.ip_unprivileged_port_start': '0' } }],
    ['volumes-from', 'VolumesFrom', { VolumesFrom: ['zedops-x'] }],
    [
      'security-opt',
      'SecurityOpt spelt with a long s, which Go reads as SecurityOpt',
      { '\u017fecurityOpt': ['no-new-privileges'] },
    ],
    [
      'log-driver',
      'a log driver that sends logs to an address',
      { LogConfig: { Type: 'gelf', Config: { 'gelf-address': 'udp://127.0.0.1:27601' } } },
    ],
    ['create-fields', 'CgroupParent', { CgroupParent: '/' }],
    ['create-fields', 'Runtime', { Runtime: 'runc' }],
    ['create-fields', 'a HostConfig field at the top level', {}, { Privileged: true }],
  ];

  it.each(createCases)('%s: container create with %s', async (rule, _what, hostConfig, top) => {
    const name = `refused-${rule}-${crypto.randomBytes(3).toString('hex')}`;
    await refused(docker.createContainer(spec(name, hostConfig, top)), rule);
    expect(await direct.listContainers({ all: true, filters: { name: [`${prefix}-${name}`] } })).toEqual([]);
  });

  it('update-fields: an update may change only the restart policy and resource limits', async () => {
    const c = await docker.createContainer(spec('update'));
    await c.update({ RestartPolicy: { Name: 'no' }, CpuShares: 256 });
    await refused(c.update({ Devices: [{ PathOnHost: '/dev/sda', PathInContainer: '/dev/sda' }] }), 'update-fields');
    await refused(c.update({ OomKillDisable: true }), 'update-fields');
    await refused(c.update({ KernelMemory: 1 << 30 }), 'update-fields');
    expect((await c.inspect()).HostConfig.CpuShares).toBe(256);
  });

  it("networks: only ZedOps's networks can be created, inspected or joined", async () => {
    const theirs = `${prefix}-net`;
    extraNetworks.push(theirs);
    await direct.createNetwork({ Name: theirs, Driver: 'bridge', Labels: testLabels });
    await refused(docker.createNetwork({ Name: `${prefix}-net2`, Labels: { 'zedops.managed': 'true' } }), 'networks');
    await refused(
      docker.createNetwork({ Name: 'zomboid-servers', Driver: 'macvlan', Labels: { 'zedops.managed': 'true' } }),
      'networks',
    );
    await refused(docker.getNetwork(theirs).inspect(), 'networks');
    const c = await docker.createContainer(spec('networks'));
    await refused(docker.getNetwork(theirs).connect({ Container: c.id }), 'networks');
    await refused(docker.createContainer(spec('networks-mode', { NetworkMode: theirs })), 'networks');
    expect((await docker.listNetworks()).map((n) => n.Name)).not.toContain(theirs);
    expect(Object.keys((await c.inspect()).NetworkSettings.Networks)).not.toContain(theirs);
  });

  it('images: pulls only, never an import', async () => {
    await refused(
      docker.createImage({ fromSrc: 'http://127.0.0.1:27601/rootfs.tar', repo: `${prefix}-img` }),
      'images',
    );
    await refused(docker.createImage({ tag: 'latest' }), 'images');
  });

  it('never logs the query, where dockerode copies a container config with its passwords', () => {
    expect(logLines.some((l) => l.level === 'warn')).toBe(true);
    expect(JSON.stringify(logLines)).not.toContain('sekrit-admin-pw');
  });
});

describe('bad requests get clear errors and leave the proxy serving', () => {
  it('malformed JSON: 400 bad-json', async () => {
    const r = await raw('POST', '/containers/create', '{"Image": ', { 'Content-Type': 'application/json' });
    expect(r.status).toBe(400);
    expect(r.json.message).toMatch(/^zedops-agent refused: bad-json: the request body is not valid JSON/);
    const empty = await raw('POST', '/containers/create', '', { 'Content-Type': 'application/json' });
    expect(empty.status).toBe(400);
    expect(empty.json.message).toMatch(/bad-json: the request body is empty/);
    const ambiguous = await raw(
      'POST',
      '/containers/create',
      JSON.stringify(spec('ambiguous', { Privileged: false, PRIVILEGED: true })),
    );
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.json.message).toMatch(/bad-json: HostConfig has both "Privileged" and "PRIVILEGED"/);
    expect(String(await docker.ping())).toBe('OK');
  });

  it('an oversized body: 413 body-size, with a length given or chunked', async () => {
    const big = JSON.stringify({ Image: 'x', Env: ['A='.padEnd(2 * 1024 * 1024, 'a')] });
    const sized = await raw('POST', '/containers/create', big, { 'Content-Type': 'application/json' });
    expect(sized.status).toBe(413);
    expect(sized.json.message).toMatch(/^zedops-agent refused: body-size: the request body is larger than 1 MiB/);
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = http.request({ socketPath, method: 'POST', path: '/containers/create', agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      for (let i = 0; i < 32; i++) req.write(Buffer.alloc(64 * 1024, 0x20));
      req.end();
    });
    expect(chunked).toBe(413);

    // A length of 1 GiB, of which the client sends a little and then waits: it gets the 413 and the end.
    const declared = await new Promise<string>((resolve, reject) => {
      const s = net.connect(socketPath, () => {
        s.write('POST /containers/create HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n');
        s.write('Content-Length: 1073741824\r\n\r\n');
        s.write(Buffer.alloc(256 * 1024, 0x61));
      });
      let answer = '';
      s.on('data', (d: Buffer) => (answer += d.toString('utf8')));
      s.on('close', () => resolve(answer));
      s.on('error', reject);
    });
    expect(declared).toMatch(/^HTTP\/1\.1 413 /);
    expect(declared).toContain('zedops-agent refused: body-size: ');
    expect(String(await docker.ping())).toBe('OK');
  });

  it('unclear paths and filters: 400', async () => {
    expect((await raw('GET', '/containers/%2e%2e/json')).status).toBe(400);
    expect((await raw('GET', '/containers/../images/json')).status).toBe(400);
    const filters = await raw('GET', `/containers/json?filters=${encodeURIComponent('{"label":')}`);
    expect(filters.status).toBe(400);
    expect(filters.json.message).toMatch(/bad-request: the filters parameter is not valid JSON/);
    expect(String(await docker.ping())).toBe('OK');
  });

  it('a client that goes away mid-body, or sends garbage, does not stop it', async () => {
    await new Promise<void>((resolve) => {
      const s = net.connect(socketPath, () => {
        s.write('POST /containers/create HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"Ima');
        setTimeout(() => {
          s.destroy();
          resolve();
        }, 100);
      });
    });
    await new Promise<void>((resolve) => {
      const s = net.connect(socketPath, () => s.end('NOT HTTP AT ALL\r\n\r\n'));
      s.on('data', () => undefined);
      s.on('close', () => resolve());
      s.on('error', () => resolve());
    });
    expect(String(await docker.ping())).toBe('OK');
  });
});

describe('close()', () => {
  it('ends the streams it holds open and refuses what comes after', async () => {
    const second = await startProxy(path.join(tmp, 'second.sock'));
    const viaSecond = new Docker({ socketPath: path.join(tmp, 'second.sock') });
    const stream = (await viaSecond.getEvents()) as NodeJS.ReadableStream;
    const closed = new Promise<void>((resolve) => {
      stream.on('close', () => resolve());
      stream.on('end', () => resolve());
      stream.on('error', () => resolve());
      stream.resume();
    });
    second.proxy.close();
    await closed;
    const after = await viaSecond.ping().catch((e: unknown) => e as DockerError);
    expect((after as DockerError).statusCode).toBe(503);
    await second.stop();
  });
});
