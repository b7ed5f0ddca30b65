import fs from 'node:fs';
import Docker from 'dockerode';
import { describe, expect, inject, it } from 'vitest';

const env = inject('testenv');
const read = (file: string): Buffer => fs.readFileSync(file);

function tlsDocker(credentials: { ca: string; cert?: string; key?: string }): Docker {
  return new Docker({
    host: env.tls.host,
    port: env.tls.port,
    protocol: 'https',
    timeout: 5000,
    ca: read(credentials.ca),
    ...(credentials.cert ? { cert: read(credentials.cert) } : {}),
    ...(credentials.key ? { key: read(credentials.key) } : {}),
  });
}

/** The daemon ends the handshake with a TLS alert when it does not accept the client's certificate. */
const CLIENT_CERTIFICATE_REFUSED = /^ERR_SSL_.*ALERT_(BAD_CERTIFICATE|CERTIFICATE_REQUIRED|UNKNOWN_CA)$/;

describe('the private dockerd over TCP with mutual TLS', () => {
  it('answers a client that presents a certificate from its CA', async () => {
    const docker = tlsDocker({ ca: env.tls.ca, cert: env.tls.cert, key: env.tls.key });
    expect((await docker.version()).Version).toBe(env.dockerVersion);
  });

  it('refuses a client without a certificate', async () => {
    const docker = tlsDocker({ ca: env.tls.ca });
    await expect(docker.version()).rejects.toMatchObject({ code: expect.stringMatching(CLIENT_CERTIFICATE_REFUSED) });
  });

  it('refuses a client whose certificate comes from another CA', async () => {
    const docker = tlsDocker({ ca: env.tls.ca, cert: env.tls.otherCert, key: env.tls.otherKey });
    await expect(docker.version()).rejects.toMatchObject({ code: expect.stringMatching(CLIENT_CERTIFICATE_REFUSED) });
  });

  it('is itself refused by a client that trusts only the other CA', async () => {
    const docker = tlsDocker({ ca: env.tls.otherCa, cert: env.tls.cert, key: env.tls.key });
    await expect(docker.version()).rejects.toMatchObject({
      code: expect.stringMatching(
        /^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)$/,
      ),
    });
  });
});
