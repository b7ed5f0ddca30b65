import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import forge from 'node-forge';

export interface CertsInitOptions {
  dir: string;
  /** Names and IP addresses the desktop will use to reach the agent (the server certificate's SANs). */
  hosts: string[];
  /** Replace certificates already in `dir`. */
  force?: boolean;
  /** How long the certificates stay valid. */
  days?: number;
  now?: Date;
}

export interface CertsInitResult {
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  client: { ca: string; cert: string; key: string };
  hosts: string[];
}

export const defaultCertDays = 3650;

export class CertsError extends Error {
  override name = 'CertsError';
}

/** The default SANs: this machine's host name and 127.0.0.1. */
export function defaultCertHosts(): string[] {
  return [os.hostname(), '127.0.0.1'];
}

/** The files `certs init` writes, relative to its folder. */
export const certFiles = {
  caCert: 'ca.pem',
  caKey: 'ca-key.pem',
  serverCert: 'server-cert.pem',
  serverKey: 'server-key.pem',
  clientCa: path.join('client', 'ca.pem'),
  clientCert: path.join('client', 'cert.pem'),
  clientKey: path.join('client', 'key.pem'),
} as const;

function newKeyPair(): forge.pki.rsa.KeyPair {
  // Node's own generator is fast; node-forge's pure-JS one takes seconds per key.
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const key = forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
  return { privateKey: key, publicKey: forge.pki.setRsaPublicKey(key.n, key.e) };
}

function serial(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f; // positive
  return bytes.toString('hex');
}

function newCert(
  subjectCn: string,
  publicKey: forge.pki.PublicKey,
  issuer: forge.pki.CertificateField[] | undefined,
  now: Date,
  days: number,
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(now.getTime() - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(now.getTime() + days * 24 * 60 * 60 * 1000);
  const subject = [
    { name: 'commonName', value: subjectCn },
    { name: 'organizationName', value: 'ZedOps' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(issuer ?? subject);
  return cert;
}

export function checkHost(host: string): { type: 2; value: string } | { type: 7; ip: string } {
  if (net.isIP(host)) return { type: 7, ip: host };
  if (
    /^(?=.{1,253}$)(?:\*\.)?[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(
      host,
    )
  ) {
    return { type: 2, value: host };
  }
  throw new CertsError(
    `"${host}" is neither a host name nor an IP address; --host takes names such as game1.example.org or addresses such as 192.0.2.10.`,
  );
}

function writeFile(file: string, text: string, mode: number): void {
  fs.writeFileSync(file, text, { mode });
  fs.chmodSync(file, mode);
}

/**
 * Makes a CA, a server certificate for the agent (SANs from `hosts`) and a
 * client certificate for the desktop, all signed by that CA. Private keys are
 * written 0600; the desktop's bundle (ca.pem, cert.pem, key.pem) goes to
 * `<dir>/client/`. The CA key stays in `<dir>` for signing more clients later.
 */
export function certsInit(options: CertsInitOptions): CertsInitResult {
  const dir = path.resolve(options.dir);
  const hosts = options.hosts.length > 0 ? options.hosts : defaultCertHosts();
  const altNames = hosts.map(checkHost);
  const days = options.days ?? defaultCertDays;
  if (!Number.isInteger(days) || days < 1 || days > 36500)
    throw new CertsError('--days is a whole number of days from 1 to 36500.');
  const now = options.now ?? new Date();
  const files = Object.fromEntries(Object.entries(certFiles).map(([k, f]) => [k, path.join(dir, f)])) as Record<
    keyof typeof certFiles,
    string
  >;
  const present = Object.values(files).filter((f) => fs.existsSync(f));
  if (present.length > 0 && !options.force) {
    throw new CertsError(
      `${dir} already holds certificates (${present.map((f) => path.relative(dir, f)).join(', ')}). ` +
        'Replacing them locks out every desktop that uses the old client bundle: add --force if that is what you want.',
    );
  }
  try {
    fs.mkdirSync(path.join(dir, 'client'), { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new CertsError(`Could not create ${dir} (${(err as NodeJS.ErrnoException).code ?? String(err)}).`);
  }

  const sha256 = () => forge.md.sha256.create();
  const caKeys = newKeyPair();
  const ca = newCert('ZedOps agent CA', caKeys.publicKey, undefined, now, days);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caKeys.privateKey, sha256());

  const serverKeys = newKeyPair();
  const server = newCert(hosts[0] ?? 'zedops-agent', serverKeys.publicKey, ca.subject.attributes, now, days);
  server.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  server.sign(caKeys.privateKey, sha256());

  const clientKeys = newKeyPair();
  const client = newCert('zedops-desktop', clientKeys.publicKey, ca.subject.attributes, now, days);
  client.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', clientAuth: true },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  client.sign(caKeys.privateKey, sha256());

  const pem = forge.pki.certificateToPem;
  const keyPem = (k: forge.pki.PrivateKey): string => forge.pki.privateKeyToPem(k);
  try {
    writeFile(files.caKey, keyPem(caKeys.privateKey), 0o600);
    writeFile(files.serverKey, keyPem(serverKeys.privateKey), 0o600);
    writeFile(files.clientKey, keyPem(clientKeys.privateKey), 0o600);
    writeFile(files.caCert, pem(ca), 0o644);
    writeFile(files.serverCert, pem(server), 0o644);
    writeFile(files.clientCa, pem(ca), 0o644);
    writeFile(files.clientCert, pem(client), 0o644);
  } catch (err) {
    throw new CertsError(
      `Could not write the certificates to ${dir} (${(err as NodeJS.ErrnoException).code ?? String(err)}).`,
    );
  }
  return {
    caCert: files.caCert,
    caKey: files.caKey,
    serverCert: files.serverCert,
    serverKey: files.serverKey,
    client: { ca: files.clientCa, cert: files.clientCert, key: files.clientKey },
    hosts,
  };
}
