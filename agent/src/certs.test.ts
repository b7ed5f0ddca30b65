import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CertsError, certsInit } from './certs';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zedops-agent-certs-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const mode = (file: string): number => fs.statSync(file).mode & 0o777;
const x509 = (file: string): X509Certificate => new X509Certificate(fs.readFileSync(file));

describe('certs init', () => {
  it('makes a CA, a server certificate with the given names and a client bundle, all signed by the CA', () => {
    const made = certsInit({ dir, hosts: ['game1.example.org', '192.0.2.10', '::1'] });
    const ca = x509(made.caCert);
    const server = x509(made.serverCert);
    const client = x509(made.client.cert);
    expect(ca.ca).toBe(true);
    expect(server.ca).toBe(false);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(client.verify(ca.publicKey)).toBe(true);
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.subjectAltName).toBe('DNS:game1.example.org, IP Address:192.0.2.10, IP Address:0:0:0:0:0:0:0:1');
    expect(server.checkHost('game1.example.org')).toBe('game1.example.org');
    expect(server.checkIP('192.0.2.10')).toBe('192.0.2.10');
    expect(server.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']); // serverAuth
    expect(client.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']); // clientAuth
    expect(fs.readFileSync(made.client.ca, 'utf8')).toBe(fs.readFileSync(made.caCert, 'utf8'));
    expect(path.dirname(made.client.cert)).toBe(path.join(dir, 'client'));
    expect(x509(made.client.ca).fingerprint256).toBe(ca.fingerprint256);
  });

  it('writes private keys readable by their owner only', () => {
    const made = certsInit({ dir, hosts: ['127.0.0.1'] });
    for (const key of [made.caKey, made.serverKey, made.client.key]) expect(mode(key)).toBe(0o600);
    expect(mode(made.serverCert)).toBe(0o644);
    expect(mode(path.join(dir, 'client'))).toBe(0o700);
  });

  it("defaults to this machine's host name and 127.0.0.1", () => {
    const made = certsInit({ dir, hosts: [] });
    expect(made.hosts).toEqual([os.hostname(), '127.0.0.1']);
    expect(x509(made.serverCert).checkIP('127.0.0.1')).toBe('127.0.0.1');
  });

  it('does a mutual-TLS handshake: the server knows the client, the client knows the server', async () => {
    const made = certsInit({ dir, hosts: ['127.0.0.1'] });
    const server = tls.createServer({
      ca: fs.readFileSync(made.caCert),
      cert: fs.readFileSync(made.serverCert),
      key: fs.readFileSync(made.serverKey),
      requestCert: true,
      rejectUnauthorized: true,
    });
    const seen: string[] = [];
    server.on('secureConnection', (socket) => {
      seen.push(String(socket.getPeerCertificate().subject?.CN));
      socket.end('hello');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const reply = await new Promise<string>((resolve, reject) => {
        const socket = tls.connect({
          host: '127.0.0.1',
          port,
          ca: fs.readFileSync(made.client.ca),
          cert: fs.readFileSync(made.client.cert),
          key: fs.readFileSync(made.client.key),
        });
        let text = '';
        socket.on('data', (d: Buffer) => (text += d.toString()));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      expect(reply).toBe('hello');
      expect(seen).toEqual(['zedops-desktop']);
    } finally {
      server.close();
    }
  });

  it('refuses to replace existing certificates without --force, and replaces them with it', () => {
    const first = certsInit({ dir, hosts: ['127.0.0.1'] });
    const before = x509(first.caCert).fingerprint256;
    expect(() => certsInit({ dir, hosts: ['127.0.0.1'] })).toThrow(CertsError);
    expect(() => certsInit({ dir, hosts: ['127.0.0.1'] })).toThrow(/already holds certificates .*--force/);
    expect(x509(first.caCert).fingerprint256).toBe(before);
    const second = certsInit({ dir, hosts: ['127.0.0.1'], force: true });
    expect(x509(second.caCert).fingerprint256).not.toBe(before);
    expect(mode(second.serverKey)).toBe(0o600);
  });

  it('refuses a host that is neither a name nor an address, before writing anything', () => {
    expect(() => certsInit({ dir, hosts: ['bad host!'] })).toThrow(
      /"bad host!" is neither a host name nor an IP address/,
    );
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
