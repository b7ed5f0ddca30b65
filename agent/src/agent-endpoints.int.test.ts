import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pkg from '../../package.json';
import { bundleOutsideRepo, request, runBundle, startAgent, tempDir, type AgentProcess } from './testing/agent-process';

const env = inject('testenv');
let bundle: string;
let dir: string;
let socket: string;
let dataRoot: string;
let agent: AgentProcess;
const dirs: string[] = [];

const get = (urlPath: string) => request({ socketPath: socket }, 'GET', urlPath);

beforeAll(async () => {
  const b = bundleOutsideRepo();
  bundle = b.bundle;
  dir = tempDir('endpoints');
  dirs.push(b.dir, dir);
  socket = path.join(dir, 'run', 'agent.sock');
  dataRoot = path.join(dir, 'data', 'servers');
  agent = await startAgent(
    bundle,
    [
      ...['--socket', socket, '--docker-host', `unix://${env.dockerSocket}`],
      ...['--data-root', dataRoot, '--state-dir', path.join(dir, 'state')],
    ],
    socket,
  );
});

afterAll(async () => {
  await agent?.stop('SIGTERM');
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** Sends raw bytes to the socket and returns everything the agent answers before closing. */
function raw(bytes: string | Buffer, then?: (s: net.Socket) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(socket);
    let answer = '';
    s.on('connect', () => {
      s.write(bytes);
      then?.(s);
    });
    s.on('data', (d: Buffer) => (answer += d.toString('utf8')));
    s.on('close', () => resolve(answer));
    s.on('error', (err: NodeJS.ErrnoException) => {
      // The agent may close while we are still sending a huge body; what it answered counts.
      if (err.code === 'EPIPE' || err.code === 'ECONNRESET') resolve(answer);
      else reject(err);
    });
    setTimeout(() => s.destroy(), 10_000);
  });
}

function jsonBodyOf(response: string): { message: string; kind: string } {
  return JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)) as { message: string; kind: string };
}

async function stillAnswers(): Promise<void> {
  expect(agent.proc.exitCode).toBeNull();
  expect((await get('/zedops/v1/info')).status).toBe(200);
}

describe('the unix socket', () => {
  it('is a socket with mode 0660, in a folder the agent created', () => {
    const stat = fs.statSync(socket);
    expect(stat.isSocket()).toBe(true);
    expect(stat.mode & 0o777).toBe(0o660);
  });

  it('is refused to a second agent while the first runs, which keeps answering', async () => {
    const r = runBundle(bundle, [
      ...['--socket', socket, '--docker-host', `unix://${env.dockerSocket}`],
      ...['--data-root', dataRoot, '--state-dir', path.join(dir, 'state2')],
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`zedops-agent: Another agent is already listening on ${socket}.`);
    await stillAnswers();
  });

  it('passes Docker API paths to the Docker proxy', async () => {
    const ping = await get('/_ping');
    expect([ping.status, ping.text]).toEqual([200, 'OK']);
  });
});

describe('GET /zedops/v1/info', () => {
  it("tells the agent's and Docker's versions, the data root, the journal head and the host's resources", async () => {
    const info = await get('/zedops/v1/info');
    expect(info.status).toBe(200);
    expect(info.headers['content-type']).toMatch(/^application\/json/);
    const body = info.json;
    expect(body.agentVersion).toBe(pkg.version);
    expect(body.dockerVersion).toBe(env.dockerVersion);
    expect(body.dataRoot).toBe(dataRoot);
    expect(body.journalHead).toEqual(expect.any(Number));
    expect(body.journalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.host.hostname).toBe(os.hostname());
    expect(body.host.platform).toBe('linux');
    expect(body.host.cpus).toBeGreaterThanOrEqual(1);
    expect(body.host.memoryBytes).toBe(os.totalmem());
    expect(body.host.freeMemoryBytes).toBeGreaterThan(0);
    expect(body.host.freeMemoryBytes).toBeLessThanOrEqual(body.host.memoryBytes);
    // The data root does not exist yet: the disk is that of its nearest existing parent.
    expect(body.host.disk.path).toBe(dir);
    const statfs = fs.statfsSync(dir);
    expect(body.host.disk.totalBytes).toBe(statfs.blocks * statfs.bsize);
    expect(body.host.disk.freeBytes).toBeGreaterThan(0);
    expect(body.host.disk.freeBytes).toBeLessThanOrEqual(body.host.disk.totalBytes);
  });
});

describe('/zedops/v1/data-dirs/:name', () => {
  it('reports, creates and removes a server folder under the data root', async () => {
    const url = '/zedops/v1/data-dirs/agent-north';
    const serverDir = path.join(dataRoot, 'agent-north');
    expect((await get(url)).json).toEqual({ dir: serverDir, exists: false, binExists: false, dataExists: false });

    const created = await request({ socketPath: socket }, 'POST', url);
    expect(created.status).toBe(200);
    expect(created.json).toEqual({ bin: path.join(serverDir, 'bin'), data: path.join(serverDir, 'data') });
    expect(fs.statSync(path.join(serverDir, 'bin')).isDirectory()).toBe(true);
    expect(fs.statSync(path.join(serverDir, 'data')).isDirectory()).toBe(true);
    expect((await get(url)).json).toEqual({ dir: serverDir, exists: true, binExists: true, dataExists: true });

    fs.writeFileSync(path.join(serverDir, 'data', 'world.bin'), 'save');
    const removed = await request({ socketPath: socket }, 'DELETE', url);
    expect([removed.status, removed.json]).toEqual([200, { removed: true }]);
    expect(fs.existsSync(serverDir)).toBe(false);
    expect((await request({ socketPath: socket }, 'DELETE', url)).json).toEqual({ removed: false });
  });

  it('takes {} as the body of a create', async () => {
    const r = await request({ socketPath: socket }, 'POST', '/zedops/v1/data-dirs/agent-empty', '{}');
    expect(r.status).toBe(200);
    expect(fs.existsSync(path.join(dataRoot, 'agent-empty', 'bin'))).toBe(true);
  });

  it('refuses a server folder that is a symlink leading out of the data root, and leaves its target alone', async () => {
    fs.mkdirSync(dataRoot, { recursive: true });
    const outside = path.join(dir, 'precious');
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'keep.txt'), 'do not delete');
    fs.symlinkSync(outside, path.join(dataRoot, 'agent-evil'));
    for (const method of ['DELETE', 'POST']) {
      const r = await request({ socketPath: socket }, method, '/zedops/v1/data-dirs/agent-evil');
      expect(r.status).toBe(403);
      expect(r.json.kind).toBe('unsafe');
      expect(r.json.message).toContain(`${path.join(dataRoot, 'agent-evil')} is a symlink to ${outside}`);
    }
    expect(fs.readFileSync(path.join(outside, 'keep.txt'), 'utf8')).toBe('do not delete');
    expect(fs.existsSync(path.join(outside, 'bin'))).toBe(false);
  });

  it('refuses a name that is not a server name as invalid (400)', async () => {
    for (const name of ['Bad_Name', '..%2Fescape', '%2Fetc']) {
      const r = await get(`/zedops/v1/data-dirs/${name}`);
      expect(r.status).toBe(400);
      expect(r.json.kind).toBe('invalid');
      expect(r.json.message).toContain('cannot be a server folder');
    }
  });
});

describe('GET /zedops/v1/ports', () => {
  it('lists the TCP and UDP ports in use on the host, including ones this test holds', async () => {
    const tcp = net.createServer();
    await new Promise<void>((resolve) => tcp.listen(27751, '127.0.0.1', resolve));
    const udp = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => udp.bind(27752, '127.0.0.1', resolve));
    try {
      const r = await get('/zedops/v1/ports');
      expect(r.status).toBe(200);
      expect(r.json.tcp).toContain(27751);
      expect(r.json.udp).toContain(27752);
      expect(r.json.tcp).not.toContain(27752);
      expect([...r.json.tcp].sort((a: number, b: number) => a - b)).toEqual(r.json.tcp);
    } finally {
      tcp.close();
      udp.close();
    }
    const after = await get('/zedops/v1/ports');
    expect(after.json.tcp).not.toContain(27751);
  });
});

describe('malformed and oversized requests', () => {
  it('answers garbage bytes with a JSON 400 and keeps running', async () => {
    const answer = await raw(Buffer.from([0x00, 0xff, 0x13, 0x37, 0x0d, 0x0a, 0x0d, 0x0a, 0x47, 0x41]));
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    const body = jsonBodyOf(answer);
    expect(body.kind).toBe('invalid');
    expect(body.message).toContain('The request is not valid HTTP');
    await stillAnswers();
  });

  it('answers a body that is not JSON with a 400 that says so', async () => {
    const r = await request({ socketPath: socket }, 'POST', '/zedops/v1/data-dirs/agent-json', '{"unclosed": ');
    expect(r.status).toBe(400);
    expect(r.json.kind).toBe('invalid');
    expect(r.json.message).toMatch(/^The request body is not valid JSON/);
    expect(fs.existsSync(path.join(dataRoot, 'agent-json'))).toBe(false);
    const options = await request({ socketPath: socket }, 'POST', '/zedops/v1/data-dirs/agent-json', '{"force":true}');
    expect([options.status, options.json.message]).toEqual([400, 'Creating a data dir takes no options; got "force".']);
    await stillAnswers();
  });

  it('refuses a huge body by its Content-Length before reading it (413)', async () => {
    const answer = await raw(
      'POST /zedops/v1/data-dirs/agent-huge HTTP/1.1\r\nHost: agent\r\nContent-Type: application/json\r\n' +
        'Content-Length: 1073741824\r\n\r\n',
      (s) => s.write(Buffer.alloc(256 * 1024, 0x61)),
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    const body = jsonBodyOf(answer);
    expect(body.kind).toBe('too-large');
    expect(body.message).toContain('larger than 65536 bytes');
    expect(fs.existsSync(path.join(dataRoot, 'agent-huge'))).toBe(false);
    await stillAnswers();
  });

  it('refuses a huge chunked body as it comes (413)', async () => {
    const chunk = Buffer.alloc(32 * 1024, 0x62);
    const answer = await raw(
      'POST /zedops/v1/data-dirs/agent-chunked HTTP/1.1\r\nHost: agent\r\nTransfer-Encoding: chunked\r\n\r\n',
      (s) => {
        for (let i = 0; i < 8; i++) s.write(Buffer.concat([Buffer.from('8000\r\n'), chunk, Buffer.from('\r\n')]));
      },
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(jsonBodyOf(answer).kind).toBe('too-large');
    await stillAnswers();
  });

  it('refuses huge headers (431)', async () => {
    const answer = await raw(`GET /zedops/v1/info HTTP/1.1\r\nHost: agent\r\nX-Big: ${'x'.repeat(64 * 1024)}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(jsonBodyOf(answer).kind).toBe('too-large');
    await stillAnswers();
  });

  it('answers a malformed or future journal position with a clear 400', async () => {
    const head = (await get('/zedops/v1/info')).json.journalHead as number;
    const bad = await get('/zedops/v1/journal?after=yesterday');
    expect([bad.status, bad.json.kind]).toEqual([400, 'invalid']);
    expect(bad.json.message).toBe(
      '"after" is a sequence number: a whole number from 0 to 9007199254740991; got "yesterday".',
    );
    const future = await get(`/zedops/v1/journal?after=${head + 1000}`);
    expect([future.status, future.json.kind]).toEqual([400, 'invalid']);
    expect(future.json.message).toContain(`"after" is ${head + 1000}, beyond the journal's last event (${head})`);
    await stillAnswers();
  });

  it('answers unknown endpoints with 404 and a wrong method with 405, in JSON', async () => {
    const missing = await get('/zedops/v1/nothing-here');
    expect([missing.status, missing.json.kind]).toEqual([404, 'not-found']);
    expect(missing.json.message).toContain('GET /zedops/v1/journal?after=SEQ');
    const wrong = await request({ socketPath: socket }, 'DELETE', '/zedops/v1/info');
    expect([wrong.status, wrong.json.kind, wrong.headers.allow]).toEqual([405, 'method', 'GET']);
    await stillAnswers();
  });
});
