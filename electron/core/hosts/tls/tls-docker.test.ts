import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { tlsDockerOptions } from './tls-docker';
import { TlsSetupError } from './tls-errors';

type Callback = (err: Error | null) => void;

const material = { ca: 'CA PEM', cert: 'CERT PEM', key: 'KEY PEM' };

describe('tlsDockerOptions', () => {
  it('gives dockerode https with the credentials, and an agent that keeps connections and verifies', () => {
    const options = tlsDockerOptions('https://Box1:2400', material, { timeout: 3000 });
    expect(options).toMatchObject({ protocol: 'https', host: 'box1', port: 2400, timeout: 3000, ...material });
    // Node's agent options win over each request's: the agent is where verification is pinned.
    expect(options.agent.options).toMatchObject({ keepAlive: true, rejectUnauthorized: true, ...material });
    options.agent.destroy();
  });

  it('connects to an IPv6 host at its address, through the agent, with verification on', async () => {
    const options = tlsDockerOptions('tcp://[fe80::1]:2400', material);
    // Stop where Node would open the socket, and look at what it would connect with.
    let seen: Record<string, unknown> | undefined;
    const agent = options.agent as unknown as { createConnection: (o: Record<string, unknown>, cb: Callback) => void };
    agent.createConnection = (o, cb) => {
      seen = o;
      cb(new Error('no connection in a unit test'));
    };
    await expect(new Docker(options).ping()).rejects.toThrow('no connection in a unit test');
    expect(seen).toMatchObject({ host: 'fe80::1', port: '2400', rejectUnauthorized: true, ...material });
    options.agent.destroy();
  });

  it('refuses an address that is not TLS before making anything', () => {
    expect(() => tlsDockerOptions('http://box1:2375', material)).toThrow(TlsSetupError);
  });
});
