import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls, { type TLSSocket } from 'node:tls';
import Docker from 'dockerode';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { existingCa, issueCert, makeCa, type TestCert } from './test-certs';
import type { TlsMaterial } from './tls-credentials';
import { probeTls, probeTlsEndpoint, tlsDockerOptions } from './tls-docker';

const env = inject('testenv');
const read = (file: string): string => fs.readFileSync(file, 'utf8');

const daemon = `tcp://${env.tls.host}:${env.tls.port}`;
const good: TlsMaterial = { ca: read(env.tls.ca), cert: read(env.tls.cert), key: read(env.tls.key) };

const notSignedByCa = (address: string): string =>
  `The Docker host at ${address} presented a certificate that is not signed by the CA you gave, so ZedOps does not trust it. Use the CA certificate (ca.pem) that signed the host's certificate.`;
const clientRefused = (address: string): string =>
  `The Docker host at ${address} refused ZedOps's client certificate: it is missing, expired, or not issued by the CA the Docker host trusts. Use a client certificate signed by the CA the daemon was started with (--tlscacert).`;

let dir: string;
/** A client certificate signed by the daemon's own CA, expired on 2025-01-01. */
let expiredClient: TlsMaterial;
/** A CA of this test's own, and server certificates it signed, for endpoints played by Node servers. */
let serverCa: TestCert;
let serverCerts: Record<'valid' | 'expired' | 'future' | 'otherName', TestCert>;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zedops-tls-int-'));
  const daemonCa = existingCa(env.tls.ca, path.join(path.dirname(env.tls.ca), 'ca-key.pem'));
  const expired = issueCert(dir, 'expired-client', {
    ca: daemonCa,
    commonName: 'zedops-expired-client',
    usage: 'client',
    notBefore: new Date('2020-01-01T00:00:00Z'),
    notAfter: new Date('2025-01-01T00:00:00Z'),
  });
  expiredClient = { ca: good.ca, cert: expired.cert, key: expired.key };
  serverCa = makeCa(dir, 'server-ca');
  serverCerts = {
    valid: issueCert(dir, 'valid', { ca: serverCa, commonName: 'localhost', usage: 'server' }),
    expired: issueCert(dir, 'expired', {
      ca: serverCa,
      commonName: 'localhost',
      usage: 'server',
      notBefore: new Date('2020-01-01T00:00:00Z'),
      notAfter: new Date('2025-01-01T00:00:00Z'),
    }),
    future: issueCert(dir, 'future', {
      ca: serverCa,
      commonName: 'localhost',
      usage: 'server',
      notBefore: new Date('2099-01-01T00:00:00Z'),
      notAfter: new Date('2099-12-31T00:00:00Z'),
    }),
    otherName: issueCert(dir, 'other-name', {
      ca: serverCa,
      commonName: 'docker.example.test',
      usage: 'server',
      altNames: 'DNS:docker.example.test',
    }),
  };
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Servers a test starts, on 127.0.0.1 and a port the OS picks; stopped (with their connections) after it. */
const running: { server: net.Server; sockets: Set<net.Socket> }[] = [];
afterEach(async () => {
  for (const { server, sockets } of running.splice(0)) {
    sockets.forEach((s) => s.destroy());
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(server: net.Server): Promise<string> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  running.push({ server, sockets });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `tcp://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A TLS endpoint with one of this test's server certificates; it never gets as far as HTTP. */
function tlsServer(cert: TestCert, options: tls.TlsOptions = {}): net.Server {
  return tls.createServer({ cert: cert.cert, key: cert.key, ...options }, (socket) => socket.end());
}

/** A port nothing listens on: the OS gave it to a server that is closed again. */
async function closedPort(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `tcp://127.0.0.1:${port}`;
}

describe('probeTls against the test daemon over mutual TLS', () => {
  it("reports the daemon's Docker and API versions with the right CA and client certificate", async () => {
    const probe = await probeTls(daemon, good);
    expect(probe.dockerVersion).toBe(env.dockerVersion);
    expect(probe.apiVersion).toMatch(/^1\.\d+$/);
    expect(probe.rttMs).toBeGreaterThanOrEqual(0);
    expect(probe.rttMs).toBeLessThan(5000);
  });

  it('says the host certificate is not signed by the CA when given another CA', async () => {
    await expect(probeTls(daemon, { ...good, ca: read(env.tls.otherCa) })).rejects.toMatchObject({
      name: 'TlsSetupError',
      failure: 'untrusted-host-certificate',
      message: notSignedByCa(daemon),
    });
  });

  it('says the host refused the client certificate when it comes from another CA', async () => {
    const foreign = { ...good, cert: read(env.tls.otherCert), key: read(env.tls.otherKey) };
    await expect(probeTls(daemon, foreign)).rejects.toMatchObject({
      failure: 'client-certificate-refused',
      message: clientRefused(daemon),
    });
  });

  it('says the same when no client certificate is sent, and probeTls notices the missing one first', async () => {
    const none = { ca: good.ca, cert: '', key: '' };
    await expect(probeTlsEndpoint(daemon, none)).rejects.toMatchObject({ message: clientRefused(daemon) });
    await expect(probeTls(daemon, none)).rejects.toMatchObject({
      failure: 'credentials',
      message:
        'The client certificate file holds no certificate: expected PEM text starting with -----BEGIN CERTIFICATE-----.',
    });
  });

  it('names the expiry date of an expired client certificate before connecting anywhere', async () => {
    const expiredMessage =
      'The client certificate (CN=zedops-expired-client) expired on 2025-01-01 00:00 UTC. Make a new client certificate, signed by the CA the Docker host trusts.';
    await expect(probeTls(daemon, expiredClient)).rejects.toMatchObject({
      failure: 'credentials',
      message: expiredMessage,
    });
    // Nothing listens there, yet the answer is about the certificate: it was caught on this side.
    await expect(probeTls(await closedPort(), expiredClient)).rejects.toMatchObject({ message: expiredMessage });
  });

  it('reads what the daemon answers to an expired client certificate sent anyway as a refused client certificate', async () => {
    await expect(probeTlsEndpoint(daemon, expiredClient)).rejects.toMatchObject({
      failure: 'client-certificate-refused',
      message: clientRefused(daemon),
    });
  });
});

describe('probeTls against endpoints that are not what they should be', () => {
  it('refuses a port that serves Docker without TLS, and never sends it a request in plain text', async () => {
    const requests: string[] = [];
    const address = await serve(
      http.createServer((req, res) => {
        requests.push(req.url ?? '');
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify({ Version: '20.10.24', ApiVersion: '1.41' }));
      }),
    );
    await expect(probeTls(address, good)).rejects.toMatchObject({
      failure: 'not-tls',
      message: `${address} does not answer with TLS: the port serves Docker without TLS (or another service), which ZedOps refuses to use. Turn on TLS on the daemon (--tlsverify with --tlscacert, --tlscert and --tlskey, usually on port 2376), or add the host over SSH.`,
    });
    expect(requests).toEqual([]);
  });

  it('says the host certificate has expired', async () => {
    const address = await serve(tlsServer(serverCerts.expired));
    await expect(probeTls(address, { ...good, ca: serverCa.cert })).rejects.toMatchObject({
      failure: 'host-certificate-expired',
      message: `The Docker host at ${address} presented a certificate that has expired. Renew the host's server certificate (the daemon's --tlscert) and restart Docker there.`,
    });
  });

  it('says the host certificate is not valid yet', async () => {
    const address = await serve(tlsServer(serverCerts.future));
    await expect(probeTls(address, { ...good, ca: serverCa.cert })).rejects.toMatchObject({
      failure: 'host-certificate-not-yet-valid',
      message: `The Docker host at ${address} presented a certificate that is not valid yet. Check the clock on this computer and on the Docker host.`,
    });
  });

  it('says the host certificate is for another name, listing the names it has', async () => {
    const address = await serve(tlsServer(serverCerts.otherName));
    await expect(probeTls(address, { ...good, ca: serverCa.cert })).rejects.toMatchObject({
      failure: 'host-name-mismatch',
      message: `The certificate of the Docker host at ${address} is not issued for that host name or address (it lists DNS:docker.example.test). Connect with a name the certificate lists, or reissue the host's certificate for this one.`,
    });
  });

  it('says the host refused the client certificate when an OpenSSL-based proxy requires one that is not sent', async () => {
    const address = await serve(
      tlsServer(serverCerts.valid, { requestCert: true, rejectUnauthorized: true, ca: good.ca, minVersion: 'TLSv1.3' }),
    );
    await expect(probeTlsEndpoint(address, { ca: serverCa.cert, cert: '', key: '' })).rejects.toMatchObject({
      failure: 'client-certificate-refused',
      message: clientRefused(address),
    });
  });

  it('says the handshake ended when a TLS 1.2 server wants a client certificate that is not sent', async () => {
    const address = await serve(
      tlsServer(serverCerts.valid, { requestCert: true, rejectUnauthorized: true, ca: good.ca, maxVersion: 'TLSv1.2' }),
    );
    await expect(probeTlsEndpoint(address, { ca: serverCa.cert, cert: '', key: '' })).rejects.toMatchObject({
      failure: 'handshake-failed',
      message: `The Docker host at ${address} ended the TLS handshake: it may require a client certificate that was not sent, or it shares no TLS version or cipher with ZedOps.`,
    });
  });

  it('says a TLS endpoint that is not Docker answered, with its HTTP status or without a version', async () => {
    const notFound = await serve(
      https.createServer({ cert: serverCerts.valid.cert, key: serverCerts.valid.key }, (_req, res) => {
        res.statusCode = 404;
        res.end('page not found');
      }),
    );
    await expect(probeTls(notFound, { ...good, ca: serverCa.cert })).rejects.toMatchObject({
      failure: 'not-docker',
      message: `${notFound} answered over TLS, but not like a Docker Engine (HTTP 404). Check that the address is the Docker daemon's TLS port and not a proxy or another service.`,
    });
    const webPage = await serve(
      https.createServer({ cert: serverCerts.valid.cert, key: serverCerts.valid.key }, (_req, res) => {
        res.end('<html>hello</html>');
      }),
    );
    await expect(probeTls(webPage, { ...good, ca: serverCa.cert })).rejects.toMatchObject({
      failure: 'not-docker',
      message: `${webPage} answered over TLS, but not like a Docker Engine (no version in its answer to GET /version). Check that the address is the Docker daemon's TLS port.`,
    });
  });

  it('says nothing accepts connections where nothing listens', async () => {
    const address = await closedPort();
    await expect(probeTls(address, good)).rejects.toMatchObject({
      failure: 'connection-refused',
      message: `Nothing accepts connections at ${address} (connection refused). Check the address and port, and that the Docker daemon listens on TCP with TLS there (usually port 2376).`,
    });
  });

  it('gives up on an endpoint that accepts the connection but never answers, after the timeout', async () => {
    const address = await serve(net.createServer(() => undefined));
    const started = Date.now();
    await expect(probeTls(address, good, 400)).rejects.toMatchObject({
      failure: 'timeout',
      message: `The Docker host at ${address} did not answer in time. Check the address, that the host is up, and that no firewall drops traffic to that port.`,
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('tlsDockerOptions with dockerode', () => {
  it('pings and lists containers over one verified TLS connection kept alive by its agent', async () => {
    const options = tlsDockerOptions(daemon, good);
    const docker = new Docker(options);
    /** The agent's idle sockets, once the last answer has handed its socket back to the pool. */
    const idle = async (): Promise<TLSSocket[]> => {
      for (let i = 0; i < 100 && Object.values(options.agent.sockets).flat().length > 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return Object.values(options.agent.freeSockets).flat() as TLSSocket[];
    };
    try {
      expect(String(await docker.ping())).toBe('OK');
      const [first] = await idle();
      expect(first?.authorized).toBe(true);
      expect(first?.getPeerCertificate().subject.CN).toBe('localhost');

      expect(Array.isArray(await docker.listContainers({ all: true }))).toBe(true);
      const afterList = await idle();
      expect((await docker.version()).Version).toBe(env.dockerVersion);
      const afterVersion = await idle();
      // Still the one socket the ping opened: every request went through the agent's pool.
      expect(afterList).toHaveLength(1);
      expect(afterList[0]).toBe(first);
      expect(afterVersion).toHaveLength(1);
      expect(afterVersion[0]).toBe(first);
    } finally {
      options.agent.destroy();
    }
  });
});
