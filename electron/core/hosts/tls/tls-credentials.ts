import { createHash, createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseTcpDockerAddress } from './tcp-address';
import { TlsSetupError } from './tls-errors';

/** What mutual TLS to a Docker Engine needs, as PEM text. */
export interface TlsMaterial {
  /** The CA certificate(s) that signed the Docker host's certificate. */
  ca: string;
  /** The client certificate, signed by a CA the Docker host trusts. */
  cert: string;
  /** The client certificate's private key, unencrypted. */
  key: string;
}

type Part = keyof TlsMaterial;
const parts: Part[] = ['ca', 'cert', 'key'];
const partNames: Record<Part, string> = {
  ca: 'CA certificate',
  cert: 'client certificate',
  key: 'client key',
};
/** Docker's file names, in DOCKER_CERT_PATH and in a context's TLS folder. */
const dockerFileNames: Record<Part, string> = { ca: 'ca.pem', cert: 'cert.pem', key: 'key.pem' };

function fail(message: string, cause?: unknown): never {
  throw new TlsSetupError(message, { failure: 'credentials', cause });
}

/** Reads one PEM file; `what` names the file, its path and where that came from, for the message. */
function readPem(file: string, what: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') fail(`${what} does not exist.`, err);
    if (code === 'EISDIR') fail(`${what} is a folder, not a file.`, err);
    if (code === 'EACCES' || code === 'EPERM') {
      fail(`${what} cannot be read: permission denied. Make it readable by the user running ZedOps.`, err);
    }
    fail(`${what} cannot be read: ${(err as Error).message}.`, err);
  }
  if (!text.trim()) fail(`${what} is empty.`);
  return text;
}

/** How the caller names the three paths, so a message points at the option the user filled in. */
export type TlsFileOptionNames = Record<Part, string>;

/**
 * Reads the CA certificate, client certificate and key from files the user
 * named. All three are needed; a message names the missing or unreadable one
 * and the option it came from.
 */
export function tlsFromFiles(
  files: Partial<Record<Part, string>>,
  optionNames: TlsFileOptionNames = { ca: 'caFile', cert: 'certFile', key: 'keyFile' },
): TlsMaterial {
  const missing = parts.filter((p) => !files[p]?.trim());
  if (missing.length > 0) {
    const list = missing.map((p) => `the ${partNames[p]} (${optionNames[p]})`).join(' and ');
    fail(`Missing ${list}. A TLS host needs all three files: the CA certificate, the client certificate and its key.`);
  }
  const read = (p: Part): string => {
    const file = files[p]!.trim();
    return readPem(file, `The ${partNames[p]} file given as ${optionNames[p]} (${file})`);
  };
  return { ca: read('ca'), cert: read('cert'), key: read('key') };
}

/** Reads ca.pem, cert.pem and key.pem from a folder; `source` says where the folder came from. */
function tlsFromFolder(folder: string, source: string): TlsMaterial {
  const read = (p: Part): string => {
    const file = path.join(folder, dockerFileNames[p]);
    return readPem(file, `The ${partNames[p]} ${file} (${source})`);
  };
  return { ca: read('ca'), cert: read('cert'), key: read('key') };
}

/** What Docker's environment variables give: the address when DOCKER_HOST is a TCP one, and the certificates. */
export interface DockerEnvTls {
  /** From DOCKER_HOST when it is tcp:// (canonical form); absent when DOCKER_HOST is unset or not TCP. */
  address?: string;
  material: TlsMaterial;
  /** The folder the three files were read from. */
  certPath: string;
}

function turnsVerificationOff(value: string | undefined): boolean {
  return value !== undefined && ['', '0', 'false', 'no', 'off'].includes(value.trim().toLowerCase());
}

/**
 * Docker's client conventions: DOCKER_CERT_PATH holds ca.pem, cert.pem and
 * key.pem (when only DOCKER_TLS_VERIFY is set, the Docker config folder does:
 * $DOCKER_CONFIG, else ~/.docker), and DOCKER_HOST gives the address when it
 * is tcp://. Verification is always on, whatever DOCKER_TLS_VERIFY says.
 */
export function tlsFromDockerEnv(env: NodeJS.ProcessEnv, homeDir: string): DockerEnvTls {
  const certPathVar = env.DOCKER_CERT_PATH?.trim();
  const verify = env.DOCKER_TLS_VERIFY;
  if (!certPathVar && turnsVerificationOff(verify)) {
    fail(
      `DOCKER_TLS_VERIFY is set to "${verify}", which would turn off verification of the Docker host's certificate. ZedOps always verifies it: set DOCKER_CERT_PATH to the folder with ca.pem, cert.pem and key.pem, or give the three files.`,
    );
  }
  if (!certPathVar && verify === undefined) {
    fail(
      'The environment names no TLS certificates: neither DOCKER_CERT_PATH nor DOCKER_TLS_VERIFY is set. Set DOCKER_CERT_PATH to the folder with ca.pem, cert.pem and key.pem, or give the three files.',
    );
  }
  const configDir = env.DOCKER_CONFIG?.trim() || path.join(homeDir, '.docker');
  const certPath = certPathVar || configDir;
  const source = certPathVar
    ? 'from DOCKER_CERT_PATH'
    : "in Docker's config folder, used when DOCKER_TLS_VERIFY is set without DOCKER_CERT_PATH";
  const material = tlsFromFolder(certPath, source);

  const dockerHost = env.DOCKER_HOST?.trim();
  // unix://, npipe://, ssh:// and the like are not this kind of host; a bare HOST:PORT is TCP, as for Docker.
  const otherScheme =
    /^[a-z][a-z0-9+.-]*:\/\//i.test(dockerHost ?? '') && !/^(tcp|https?):\/\//i.test(dockerHost ?? '');
  if (!dockerHost || otherScheme) return { material, certPath };
  try {
    return { address: parseTcpDockerAddress(dockerHost).address, material, certPath };
  } catch (err) {
    throw new TlsSetupError(`DOCKER_HOST: ${(err as Error).message}`, { failure: 'invalid-address', cause: err });
  }
}

/** What a Docker context gives: its address and its TLS files. */
export interface DockerContextTls {
  name: string;
  address: string;
  material: TlsMaterial;
}

/** The Docker CLI keeps a context under the SHA-256 of its name (cli/context/store, contextdirOf). */
export function dockerContextId(name: string): string {
  return createHash('sha256').update(name, 'utf8').digest('hex');
}

/** Go's encoding/json matches field names without regard to case; so does this. */
function field(obj: unknown, name: string): unknown {
  if (typeof obj !== 'object' || obj === null) return undefined;
  const key = Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : (obj as Record<string, unknown>)[key];
}

/** Names of the contexts stored under a Docker config folder, sorted. */
export function listDockerContexts(dockerConfigDir: string): string[] {
  const metaRoot = path.join(dockerConfigDir, 'contexts', 'meta');
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(metaRoot, { withFileTypes: true });
  } catch {
    return [];
  }
  const names: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    try {
      const name = field(JSON.parse(fs.readFileSync(path.join(metaRoot, entry.name, 'meta.json'), 'utf8')), 'Name');
      if (typeof name === 'string' && name) names.push(name);
    } catch {
      // Not a context folder, or one Docker itself could not read either.
    }
  }
  return names.sort((a, b) => a.localeCompare(b));
}

/**
 * Reads a Docker context the way the Docker CLI stores it:
 * `contexts/meta/<sha256(name)>/meta.json` for the endpoint and
 * `contexts/tls/<sha256(name)>/docker/{ca,cert,key}.pem` for its certificates,
 * under `dockerConfigDir` ($DOCKER_CONFIG, else ~/.docker).
 */
export function tlsFromDockerContext(name: string, dockerConfigDir: string): DockerContextTls {
  const contextName = name.trim();
  if (contextName === 'default') {
    fail(
      `"default" is Docker's built-in context: DOCKER_HOST or the Docker socket on this computer, not a stored one. Add this computer's Docker as a local host, or name a context made with "docker context create".`,
    );
  }
  const id = dockerContextId(contextName);
  const metaFile = path.join(dockerConfigDir, 'contexts', 'meta', id, 'meta.json');
  let metaText: string;
  try {
    metaText = fs.readFileSync(metaFile, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      fail(`The Docker context "${contextName}" (${metaFile}) cannot be read: ${(err as Error).message}.`, err);
    }
    const known = listDockerContexts(dockerConfigDir);
    fail(
      known.length > 0
        ? `There is no Docker context named "${contextName}" in ${dockerConfigDir}. The contexts there are: ${known.join(', ')}.`
        : `There is no Docker context named "${contextName}": ${dockerConfigDir} holds no Docker contexts ("docker context create" makes one).`,
      err,
    );
  }
  let meta: unknown;
  try {
    meta = JSON.parse(metaText);
  } catch (err) {
    fail(`The Docker context "${contextName}" (${metaFile}) is not valid JSON.`, err);
  }

  const endpoint = field(field(meta, 'Endpoints'), 'docker');
  const hostValue = field(endpoint, 'Host');
  const host = typeof hostValue === 'string' ? hostValue.trim() : '';
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(host)?.[1]?.toLowerCase();
  if (!host || scheme === 'unix' || scheme === 'npipe' || scheme === 'fd') {
    fail(
      `The Docker context "${contextName}" reaches Docker through a socket on this computer${host ? ` (${host})` : ''}: add it as a local host instead.`,
    );
  }
  if (scheme === 'ssh') {
    fail(
      `The Docker context "${contextName}" reaches Docker over SSH (${host}): add it as an SSH host with that address instead.`,
    );
  }
  let address: string;
  try {
    address = parseTcpDockerAddress(host).address;
  } catch (err) {
    throw new TlsSetupError(`The Docker context "${contextName}": ${(err as Error).message}`, {
      failure: 'invalid-address',
      cause: err,
    });
  }
  if (field(endpoint, 'SkipTLSVerify') === true) {
    fail(
      `The Docker context "${contextName}" turns off verification of the Docker host's certificate (SkipTLSVerify). ZedOps always verifies it: update the context with the host's CA ("docker context update ${contextName} --docker host=${host},ca=...,cert=...,key=..."), or give the three files.`,
    );
  }

  const tlsFolder = path.join(dockerConfigDir, 'contexts', 'tls', id, 'docker');
  const present = parts.filter((p) => fs.existsSync(path.join(tlsFolder, dockerFileNames[p])));
  if (present.length === 0) {
    fail(
      `The Docker context "${contextName}" has no TLS files, so Docker reaches ${address} without TLS, which ZedOps refuses to do. Update the context with the host's CA and a client certificate ("docker context update ${contextName} --docker host=${host},ca=...,cert=...,key=..."), or give the three files.`,
    );
  }
  const absent = parts.filter((p) => !present.includes(p));
  if (absent.length > 0) {
    const list = absent.map((p) => `the ${partNames[p]} (${dockerFileNames[p]})`).join(' and ');
    fail(
      `The Docker context "${contextName}" lacks ${list} in ${tlsFolder}. ZedOps needs the CA certificate, a client certificate and its key.`,
    );
  }
  return { name: contextName, address, material: tlsFromFolder(tlsFolder, `of the Docker context "${contextName}"`) };
}

/** What checkTlsMaterial learned, for display. */
export interface TlsMaterialSummary {
  /** Subjects of the CA certificates, as "CN=..." when they have a common name. */
  caSubjects: string[];
  clientSubject: string;
  clientValidTo: Date;
}

const pemCertificate = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const clientAuthUsage = '1.3.6.1.5.5.7.3.2';
const anyUsage = '2.5.29.37.0';

function certificates(text: string, what: string): X509Certificate[] {
  const blocks = text.match(pemCertificate) ?? [];
  if (blocks.length === 0) {
    if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
      fail(`The ${what} file holds a private key, not a certificate: are the files swapped?`);
    }
    fail(`The ${what} file holds no certificate: expected PEM text starting with -----BEGIN CERTIFICATE-----.`);
  }
  return blocks.map((block) => {
    try {
      return new X509Certificate(block);
    } catch (err) {
      fail(`The ${what} file holds a certificate that cannot be read (${(err as Error).message}).`, err);
    }
  });
}

/** "CN=name" for a subject that has a common name, else the whole subject on one line. */
function subjectOf(cert: X509Certificate): string {
  const lines = cert.subject.split('\n');
  return lines.find((l) => l.startsWith('CN=')) ?? lines.join(', ');
}

/** 2025-01-01 00:00 UTC */
function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function privateKey(text: string): KeyObject {
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(text) || /Proc-Type:\s*4,\s*ENCRYPTED/.test(text)) {
    fail(
      'The client key is encrypted with a passphrase. Docker no longer supports encrypted client keys, and neither does ZedOps: decrypt it with "openssl pkey -in key.pem -out key-plain.pem" and keep that file readable only by you.',
    );
  }
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    if (/-----BEGIN CERTIFICATE-----/.test(text)) {
      fail('The client key file holds a certificate, not a private key: are the files swapped?');
    }
    fail('The client key file holds no private key: expected PEM text starting with -----BEGIN PRIVATE KEY-----.');
  }
  try {
    return createPrivateKey(text);
  } catch (err) {
    fail(`The client key cannot be read (${(err as Error).message}).`, err);
  }
}

/**
 * Checks the three PEM texts before any connection, so a mistake on this side
 * is named here rather than guessed from a TLS alert: the CA parses, the
 * client certificate parses, is valid now and is meant for client
 * authentication, and the key parses, is not encrypted and belongs to it.
 */
export function checkTlsMaterial(material: TlsMaterial, now: Date = new Date()): TlsMaterialSummary {
  const cas = certificates(material.ca, 'CA certificate');
  const [client] = certificates(material.cert, 'client certificate');
  if (!client) fail('The client certificate file holds no certificate.');
  const subject = subjectOf(client);
  const validFrom = new Date(client.validFrom);
  const validTo = new Date(client.validTo);
  if (now.getTime() > validTo.getTime()) {
    fail(
      `The client certificate (${subject}) expired on ${formatUtc(validTo)}. Make a new client certificate, signed by the CA the Docker host trusts.`,
    );
  }
  if (now.getTime() < validFrom.getTime()) {
    fail(
      `The client certificate (${subject}) is not valid until ${formatUtc(validFrom)}. Check this computer's clock, or make a new client certificate.`,
    );
  }
  const usages = client.keyUsage as string[] | undefined;
  if (usages && !usages.includes(clientAuthUsage) && !usages.includes(anyUsage)) {
    fail(
      `The client certificate (${subject}) is not made for client authentication (its extended key usage lacks clientAuth), so the Docker host would refuse it. Use the client certificate, not the server's, or make one with extendedKeyUsage = clientAuth.`,
    );
  }
  const key = privateKey(material.key);
  if (!client.checkPrivateKey(key)) {
    fail(
      `The client key does not belong to the client certificate (${subject}). Use the key that was made with that certificate.`,
    );
  }
  return { caSubjects: cas.map(subjectOf), clientSubject: subject, clientValidTo: validTo };
}
