import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../testing/temp-dirs';
import { issueCert, makeCa, type TestCert } from './test-certs';
import {
  checkTlsMaterial,
  dockerContextId,
  type TlsMaterial,
  tlsFromDockerContext,
  tlsFromDockerEnv,
  tlsFromFiles,
} from './tls-credentials';
import { TlsSetupError } from './tls-errors';

let certDir: string;
let ca: TestCert;
let client: TestCert;
let otherClient: TestCert;
let expiredClient: TestCert;
let serverCert: TestCert;
let good: TlsMaterial;

beforeAll(() => {
  certDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zedops-tls-unit-'));
  ca = makeCa(certDir, 'ca', 'Unit CA');
  client = issueCert(certDir, 'client', { ca, commonName: 'ann', usage: 'client' });
  otherClient = issueCert(certDir, 'other-client', { ca, commonName: 'bob', usage: 'client' });
  expiredClient = issueCert(certDir, 'expired-client', {
    ca,
    commonName: 'old-ann',
    usage: 'client',
    notBefore: new Date('2020-01-01T00:00:00Z'),
    notAfter: new Date('2025-01-01T00:00:00Z'),
  });
  serverCert = issueCert(certDir, 'server', { ca, commonName: 'box1', usage: 'server' });
  good = { ca: ca.cert, cert: client.cert, key: client.key };
});
afterAll(() => fs.rmSync(certDir, { recursive: true, force: true }));

const tempDir = useTempDirs('zedops-tls-creds');

function thrown(fn: () => unknown): TlsSetupError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(TlsSetupError);
    return err as TlsSetupError;
  }
  throw new Error('expected a TlsSetupError');
}

/** Docker's cert folder layout: ca.pem, cert.pem, key.pem. */
function writeBundle(dir: string, material: Partial<TlsMaterial>): string {
  fs.mkdirSync(dir, { recursive: true });
  if (material.ca !== undefined) fs.writeFileSync(path.join(dir, 'ca.pem'), material.ca);
  if (material.cert !== undefined) fs.writeFileSync(path.join(dir, 'cert.pem'), material.cert);
  if (material.key !== undefined) fs.writeFileSync(path.join(dir, 'key.pem'), material.key);
  return dir;
}

describe('tlsFromFiles', () => {
  it('reads the three PEM files', () => {
    expect(tlsFromFiles({ ca: ca.certFile, cert: client.certFile, key: client.keyFile })).toEqual(good);
  });

  it('names the missing file and the option it came from', () => {
    const missing = path.join(tempDir(), 'nope.pem');
    expect(thrown(() => tlsFromFiles({ ca: ca.certFile, cert: client.certFile, key: missing })).message).toBe(
      `The client key file given as keyFile (${missing}) does not exist.`,
    );
    const names = { ca: '--tls-ca', cert: '--tls-cert', key: '--tls-key' };
    expect(thrown(() => tlsFromFiles({ ca: missing, cert: client.certFile, key: client.keyFile }, names)).message).toBe(
      `The CA certificate file given as --tls-ca (${missing}) does not exist.`,
    );
  });

  it('says which of the three options was left out', () => {
    expect(thrown(() => tlsFromFiles({ ca: ca.certFile, key: client.keyFile })).message).toBe(
      'Missing the client certificate (certFile). A TLS host needs all three files: the CA certificate, the client certificate and its key.',
    );
  });

  it('says when a path is a folder or an empty file', () => {
    const dir = tempDir();
    const empty = path.join(dir, 'empty.pem');
    fs.writeFileSync(empty, '\n');
    expect(thrown(() => tlsFromFiles({ ca: dir, cert: client.certFile, key: client.keyFile })).message).toBe(
      `The CA certificate file given as caFile (${dir}) is a folder, not a file.`,
    );
    expect(thrown(() => tlsFromFiles({ ca: ca.certFile, cert: empty, key: client.keyFile })).message).toBe(
      `The client certificate file given as certFile (${empty}) is empty.`,
    );
  });
});

describe('tlsFromDockerEnv', () => {
  it('reads DOCKER_CERT_PATH and takes the address from a tcp:// DOCKER_HOST', () => {
    const certs = writeBundle(path.join(tempDir(), 'certs'), good);
    expect(
      tlsFromDockerEnv({ DOCKER_HOST: 'tcp://10.1.2.3:2376', DOCKER_CERT_PATH: certs, DOCKER_TLS_VERIFY: '1' }, '/h'),
    ).toEqual({ address: 'tcp://10.1.2.3:2376', material: good, certPath: certs });
  });

  it("takes Docker's bare HOST:PORT form of DOCKER_HOST as TCP", () => {
    const certs = writeBundle(path.join(tempDir(), 'certs'), good);
    expect(tlsFromDockerEnv({ DOCKER_HOST: '10.1.2.3:2400', DOCKER_CERT_PATH: certs }, '/h').address).toBe(
      'tcp://10.1.2.3:2400',
    );
  });

  it('uses ~/.docker when only DOCKER_TLS_VERIFY is set, and $DOCKER_CONFIG when that is set', () => {
    const home = tempDir();
    writeBundle(path.join(home, '.docker'), good);
    expect(tlsFromDockerEnv({ DOCKER_TLS_VERIFY: '1' }, home)).toEqual({
      material: good,
      certPath: path.join(home, '.docker'),
    });
    const config = writeBundle(path.join(tempDir(), 'cfg'), good);
    expect(tlsFromDockerEnv({ DOCKER_TLS_VERIFY: '1', DOCKER_CONFIG: config }, home).certPath).toBe(config);
  });

  it('refuses DOCKER_TLS_VERIFY=0 or empty without a cert path: ZedOps always verifies', () => {
    for (const value of ['0', '']) {
      expect(
        thrown(() => tlsFromDockerEnv({ DOCKER_HOST: 'tcp://box1:2376', DOCKER_TLS_VERIFY: value }, '/h')).message,
      ).toBe(
        `DOCKER_TLS_VERIFY is set to "${value}", which would turn off verification of the Docker host's certificate. ZedOps always verifies it: set DOCKER_CERT_PATH to the folder with ca.pem, cert.pem and key.pem, or give the three files.`,
      );
    }
  });

  it('still verifies with the certificates in DOCKER_CERT_PATH when DOCKER_TLS_VERIFY=0', () => {
    const certs = writeBundle(path.join(tempDir(), 'certs'), good);
    expect(tlsFromDockerEnv({ DOCKER_TLS_VERIFY: '0', DOCKER_CERT_PATH: certs }, '/h').material).toEqual(good);
  });

  it('says the environment names no certificates when neither variable is set', () => {
    expect(thrown(() => tlsFromDockerEnv({ DOCKER_HOST: 'tcp://box1:2376' }, tempDir())).message).toBe(
      'The environment names no TLS certificates: neither DOCKER_CERT_PATH nor DOCKER_TLS_VERIFY is set. Set DOCKER_CERT_PATH to the folder with ca.pem, cert.pem and key.pem, or give the three files.',
    );
  });

  it('names the file missing from DOCKER_CERT_PATH', () => {
    const certs = writeBundle(path.join(tempDir(), 'certs'), { ca: good.ca, cert: good.cert });
    expect(thrown(() => tlsFromDockerEnv({ DOCKER_CERT_PATH: certs }, '/h')).message).toBe(
      `The client key ${path.join(certs, 'key.pem')} (from DOCKER_CERT_PATH) does not exist.`,
    );
  });

  it('gives no address when DOCKER_HOST is a local socket, and refuses a plain-HTTP one', () => {
    const certs = writeBundle(path.join(tempDir(), 'certs'), good);
    expect(
      tlsFromDockerEnv({ DOCKER_HOST: 'unix:///var/run/docker.sock', DOCKER_CERT_PATH: certs }, '/h').address,
    ).toBe(undefined);
    expect(
      thrown(() => tlsFromDockerEnv({ DOCKER_HOST: 'http://box1:2375', DOCKER_CERT_PATH: certs }, '/h')).message,
    ).toMatch(/^DOCKER_HOST: "http:\/\/box1:2375" is plain HTTP, which would reach Docker without TLS\./);
  });
});

describe('tlsFromDockerContext', () => {
  /** Writes a context the way the Docker CLI's context store does. */
  function addContext(
    configDir: string,
    name: string,
    docker: Record<string, unknown>,
    tls?: Partial<TlsMaterial>,
  ): void {
    const id = createHash('sha256').update(name).digest('hex');
    const meta = path.join(configDir, 'contexts', 'meta', id);
    fs.mkdirSync(meta, { recursive: true });
    fs.writeFileSync(path.join(meta, 'meta.json'), JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker } }));
    if (tls) writeBundle(path.join(configDir, 'contexts', 'tls', id, 'docker'), tls);
  }

  it('keys contexts by the SHA-256 of their name, as the Docker CLI does', () => {
    // What `docker context create zt` made in a scratch DOCKER_CONFIG.
    expect(dockerContextId('zt')).toBe('43b2fb063343d36b1f8074ce424685e368dbe2c516ab39e60064d815204f4d62');
  });

  it("reads a context's address and TLS files", () => {
    const config = tempDir();
    addContext(config, 'box1', { Host: 'tcp://10.1.2.3:2376', SkipTLSVerify: false }, good);
    expect(tlsFromDockerContext('box1', config)).toEqual({
      name: 'box1',
      address: 'tcp://10.1.2.3:2376',
      material: good,
    });
  });

  it('refuses a context that skips verification', () => {
    const config = tempDir();
    addContext(config, 'lax', { Host: 'tcp://10.1.2.3:2376', SkipTLSVerify: true }, good);
    expect(thrown(() => tlsFromDockerContext('lax', config)).message).toBe(
      'The Docker context "lax" turns off verification of the Docker host\'s certificate (SkipTLSVerify). ZedOps always verifies it: update the context with the host\'s CA ("docker context update lax --docker host=tcp://10.1.2.3:2376,ca=...,cert=...,key=..."), or give the three files.',
    );
  });

  it('sends an ssh:// context to an SSH host and a socket context to a local host', () => {
    const config = tempDir();
    addContext(config, 'over-ssh', { Host: 'ssh://root@box1:2222', SkipTLSVerify: false });
    addContext(config, 'desktop', { Host: 'unix:///home/ann/.docker/run/docker.sock', SkipTLSVerify: false });
    expect(thrown(() => tlsFromDockerContext('over-ssh', config)).message).toBe(
      'The Docker context "over-ssh" reaches Docker over SSH (ssh://root@box1:2222): add it as an SSH host with that address instead.',
    );
    expect(thrown(() => tlsFromDockerContext('desktop', config)).message).toBe(
      'The Docker context "desktop" reaches Docker through a socket on this computer (unix:///home/ann/.docker/run/docker.sock): add it as a local host instead.',
    );
  });

  it('lists the contexts that exist when the name is unknown', () => {
    const config = tempDir();
    addContext(config, 'prod', { Host: 'tcp://10.0.0.1:2376' }, good);
    addContext(config, 'lab', { Host: 'ssh://root@lab' });
    expect(thrown(() => tlsFromDockerContext('staging', config)).message).toBe(
      `There is no Docker context named "staging" in ${config}. The contexts there are: lab, prod.`,
    );
    expect(thrown(() => tlsFromDockerContext('staging', tempDir())).message).toMatch(
      /^There is no Docker context named "staging": .* holds no Docker contexts \("docker context create" makes one\)\.$/,
    );
  });

  it('refuses a tcp:// context without TLS files, and names a missing one', () => {
    const config = tempDir();
    addContext(config, 'plain', { Host: 'tcp://10.0.0.1:2375' });
    addContext(config, 'half', { Host: 'tcp://10.0.0.1:2376' }, { ca: good.ca });
    expect(thrown(() => tlsFromDockerContext('plain', config)).message).toMatch(
      /^The Docker context "plain" has no TLS files, so Docker reaches tcp:\/\/10\.0\.0\.1:2375 without TLS, which ZedOps refuses to do\./,
    );
    expect(thrown(() => tlsFromDockerContext('half', config)).message).toMatch(
      /^The Docker context "half" lacks the client certificate \(cert\.pem\) and the client key \(key\.pem\) in /,
    );
  });

  it('explains that "default" is not a stored context', () => {
    expect(thrown(() => tlsFromDockerContext('default', tempDir())).message).toMatch(
      /^"default" is Docker's built-in context: DOCKER_HOST or the Docker socket on this computer/,
    );
  });
});

describe('checkTlsMaterial', () => {
  it('accepts a valid bundle and says whose certificate it is', () => {
    const summary = checkTlsMaterial(good);
    expect(summary.caSubjects).toEqual(['CN=Unit CA']);
    expect(summary.clientSubject).toBe('CN=ann');
    expect(summary.clientValidTo.getTime()).toBeGreaterThan(Date.now());
  });

  it('names the expiry date of an expired client certificate', () => {
    expect(thrown(() => checkTlsMaterial({ ...good, cert: expiredClient.cert, key: expiredClient.key })).message).toBe(
      'The client certificate (CN=old-ann) expired on 2025-01-01 00:00 UTC. Make a new client certificate, signed by the CA the Docker host trusts.',
    );
  });

  it('says when the client certificate is not valid yet', () => {
    const now = new Date('2021-06-01T00:00:00Z');
    expect(thrown(() => checkTlsMaterial(good, now)).message).toMatch(
      /^The client certificate \(CN=ann\) is not valid until \d{4}-\d\d-\d\d \d\d:\d\d UTC\. Check this computer's clock, or make a new client certificate\.$/,
    );
  });

  it('refuses a key that belongs to another certificate', () => {
    expect(thrown(() => checkTlsMaterial({ ...good, key: otherClient.key })).message).toBe(
      'The client key does not belong to the client certificate (CN=ann). Use the key that was made with that certificate.',
    );
  });

  it('says a garbage file is not a certificate, for the CA and the client alike', () => {
    expect(thrown(() => checkTlsMaterial({ ...good, ca: 'not a certificate\n' })).message).toBe(
      'The CA certificate file holds no certificate: expected PEM text starting with -----BEGIN CERTIFICATE-----.',
    );
    expect(thrown(() => checkTlsMaterial({ ...good, cert: 'garbage' })).message).toBe(
      'The client certificate file holds no certificate: expected PEM text starting with -----BEGIN CERTIFICATE-----.',
    );
    const corrupt = '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n';
    expect(thrown(() => checkTlsMaterial({ ...good, ca: corrupt })).message).toMatch(
      /^The CA certificate file holds a certificate that cannot be read \(.+\)\.$/,
    );
    expect(thrown(() => checkTlsMaterial({ ...good, key: 'garbage' })).message).toBe(
      'The client key file holds no private key: expected PEM text starting with -----BEGIN PRIVATE KEY-----.',
    );
  });

  it('notices a certificate and key given the wrong way round', () => {
    expect(thrown(() => checkTlsMaterial({ ...good, cert: good.key, key: good.cert })).message).toBe(
      'The client certificate file holds a private key, not a certificate: are the files swapped?',
    );
  });

  it('refuses an encrypted key with the way to decrypt it', () => {
    const encrypted = execFileSync('openssl', ['pkey', '-in', client.keyFile, '-aes256', '-passout', 'pass:secret'], {
      encoding: 'utf8',
    });
    expect(thrown(() => checkTlsMaterial({ ...good, key: encrypted })).message).toBe(
      'The client key is encrypted with a passphrase. Docker no longer supports encrypted client keys, and neither does ZedOps: decrypt it with "openssl pkey -in key.pem -out key-plain.pem" and keep that file readable only by you.',
    );
  });

  it("refuses a server certificate given as the client's", () => {
    expect(thrown(() => checkTlsMaterial({ ...good, cert: serverCert.cert, key: serverCert.key })).message).toBe(
      "The client certificate (CN=box1) is not made for client authentication (its extended key usage lacks clientAuth), so the Docker host would refuse it. Use the client certificate, not the server's, or make one with extendedKeyUsage = clientAuth.",
    );
  });
});
