import fs from 'node:fs';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  bundleOutsideRepo,
  request,
  runBundle,
  startAgent,
  tempDir,
  until,
  type AgentProcess,
} from './testing/agent-process';

const env = inject('testenv');
const port = 27741;
let bundle: string;
let dir: string;
let certs: string;
let agent: AgentProcess;
const dirs: string[] = [];

const client = () => ({
  ca: fs.readFileSync(path.join(certs, 'client', 'ca.pem')),
  cert: fs.readFileSync(path.join(certs, 'client', 'cert.pem')),
  key: fs.readFileSync(path.join(certs, 'client', 'key.pem')),
});

beforeAll(async () => {
  const b = bundleOutsideRepo();
  bundle = b.bundle;
  dir = tempDir('tls');
  dirs.push(b.dir, dir);
  certs = path.join(dir, 'certs');
  const made = runBundle(bundle, ['certs', 'init', '--dir', certs, '--host', '127.0.0.1', '--host', 'localhost']);
  expect(made.status).toBe(0);
  const socket = path.join(dir, 'agent.sock');
  agent = await startAgent(
    bundle,
    [
      ...['--socket', socket, '--docker-host', `unix://${env.dockerSocket}`],
      ...['--data-root', path.join(dir, 'servers'), '--state-dir', path.join(dir, 'state')],
      ...['--listen', `tls://127.0.0.1:${port}`, '--tls-ca', path.join(certs, 'ca.pem')],
      ...['--tls-cert', path.join(certs, 'server-cert.pem'), '--tls-key', path.join(certs, 'server-key.pem')],
    ],
    socket,
  );
});

afterAll(async () => {
  await agent?.stop('SIGTERM');
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('zedops-agent certs init', () => {
  it('wrote the CA, the server certificate and the client bundle, private keys 0600, and says where', () => {
    for (const f of ['ca.pem', 'server-cert.pem', 'client/ca.pem', 'client/cert.pem']) {
      expect(fs.readFileSync(path.join(certs, f), 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/);
    }
    for (const f of ['ca-key.pem', 'server-key.pem', 'client/key.pem']) {
      expect(fs.statSync(path.join(certs, f)).mode & 0o777).toBe(0o600);
    }
    const again = runBundle(bundle, ['certs', 'init', '--dir', certs]);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('already holds certificates');
  });
});

describe('the mutual-TLS listener', () => {
  it('answers a client with the client bundle, checked against the server certificate for 127.0.0.1', async () => {
    const info = await request({ tls: { host: '127.0.0.1', port, ...client() } }, 'GET', '/zedops/v1/info');
    expect(info.status).toBe(200);
    expect(info.json.dockerVersion).toBe(env.dockerVersion);
    expect(info.json.dataRoot).toBe(path.join(dir, 'servers'));
  });

  it('carries the Docker proxy too, so dockerode works over it unchanged', async () => {
    const docker = new Docker({ protocol: 'https', host: '127.0.0.1', port, ...client() });
    expect(String(await docker.ping())).toBe('OK');
    expect((await docker.version()).Version).toBe(env.dockerVersion);
  });

  it('refuses a client without a certificate', async () => {
    const { ca } = client();
    const attempt = request({ tls: { host: '127.0.0.1', port, ca } }, 'GET', '/zedops/v1/info');
    await expect(attempt).rejects.toThrow(/certificate required|socket hang up|ECONNRESET/);
    await until(
      () => agent.logs().some((l) => String(l.msg).startsWith('Refused a TLS connection')),
      'the refusal in the log',
      3000,
    );
  });

  it('refuses a client whose certificate another CA signed', async () => {
    const { ca } = client();
    const attempt = request(
      {
        tls: {
          host: '127.0.0.1',
          port,
          ca,
          cert: fs.readFileSync(env.tls.otherCert),
          key: fs.readFileSync(env.tls.otherKey),
        },
      },
      'GET',
      '/zedops/v1/info',
    );
    await expect(attempt).rejects.toThrow(/unknown ca|socket hang up|ECONNRESET|certificate/i);
  });

  it('is not mistaken for another server: a client trusting another CA refuses the agent', async () => {
    const attempt = request(
      { tls: { host: '127.0.0.1', port, ...client(), ca: fs.readFileSync(env.tls.otherCa) } },
      'GET',
      '/zedops/v1/info',
    );
    await expect(attempt).rejects.toThrow(/self[- ]signed|unable to (verify|get)/i);
  });
});
