import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { Client } from 'ssh2';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const env = inject('testenv');

function fingerprint(hostKey: Buffer): string {
  return `SHA256:${crypto.createHash('sha256').update(hostKey).digest('base64').replace(/=+$/, '')}`;
}

function connect(expectedFingerprint: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    client.once('ready', () => resolve(client));
    client.once('error', reject);
    client.connect({
      host: env.ssh.host,
      port: env.ssh.port,
      username: env.ssh.user,
      privateKey: fs.readFileSync(env.ssh.identity),
      hostVerifier: (key: Buffer) => fingerprint(key) === expectedFingerprint,
      readyTimeout: 5000,
    });
  });
}

function forwardToSocket(client: Client, socketPath: string): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    client.openssh_forwardOutStreamLocal(socketPath, (error, channel) => (error ? reject(error) : resolve(channel)));
  });
}

function getJson(channel: Duplex, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { path, method: 'GET', host: 'docker', createConnection: () => channel },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end();
  });
}

describe('sshd on 127.0.0.1 with stream-local forwarding', () => {
  let client: Client;

  beforeAll(async () => {
    client = await connect(env.ssh.hostKeyFingerprint);
  });
  afterAll(() => client?.end());

  it('carries an HTTP GET /version to the Docker socket through the SSH connection', async () => {
    const channel = await forwardToSocket(client, env.dockerSocket);
    const { status, body } = await getJson(channel, '/version');
    expect(status).toBe(200);
    expect(body.Version).toBe(env.dockerVersion);
  });

  it('is rejected by a client that expects another host key', async () => {
    const wrong = `SHA256:${crypto.createHash('sha256').update('not the host key').digest('base64').replace(/=+$/, '')}`;
    await expect(connect(wrong)).rejects.toMatchObject({
      level: 'handshake',
      message: expect.stringMatching(/Host denied/),
    });
  });
});
