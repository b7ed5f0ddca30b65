import fs from 'node:fs';
import path from 'node:path';
import { ApiError, type AddHostParams } from '../../shared/api';
import type { NewHost } from '../catalog/hosts-repo';
import { parseLocalDockerAddress } from '../docker/docker-endpoint';
import { localDocker, probeDocker } from '../docker/probe-docker';
import type { ConnectContext } from './host-connection';
import { defaultHelperImage } from '../host-ops/helper-container-host-ops';
import {
  defaultAgentSocket,
  defaultRemoteDockerSocket,
  type AgentSettings,
  sealHostSecret,
  type HostSecret,
  type SshSettings,
  type TlsSettings,
} from './host-settings';
import { dockerOverSsh } from './ssh/docker-over-ssh';
import { loadSshAuth } from './ssh/ssh-auth';
import { SshHostKeyError } from './ssh/host-key';
import { SshSession } from './ssh/ssh-session';
import { resolveSshTarget, type SshTarget } from './ssh/ssh-target';
import { parseTcpDockerAddress } from './tls/tcp-address';
import {
  checkTlsMaterial,
  tlsFromDockerContext,
  tlsFromDockerEnv,
  tlsFromFiles,
  type TlsMaterial,
} from './tls/tls-credentials';
import { probeTls } from './tls/tls-docker';

type LocalParams = Extract<AddHostParams, { kind: 'local' }>;
type TlsParams = Extract<AddHostParams, { kind: 'tls' }>;
type SshParams = Extract<AddHostParams, { kind: 'ssh' }>;
type AgentParams = Extract<AddHostParams, { kind: 'agent' }>;

/** A host ready to insert, and what the connection it was checked with saw. */
export interface PreparedHost {
  row: NewHost;
  probe: { ok: true; dockerVersion: string } | { ok: false; error: string };
}

const probeTimeoutMs = 10_000;

/**
 * Checks a new host before it enters the catalog. A local host is added even
 * when Docker is down (it is this computer); a remote one only once ZedOps has
 * connected to it with the credentials given, so a typo or a wrong key is an
 * error now, not an offline host later. Nothing is stored on failure.
 */
export async function prepareHost(params: AddHostParams, context: ConnectContext): Promise<PreparedHost> {
  switch (params.kind) {
    case 'local':
      return prepareLocal(params);
    case 'tls':
      return prepareTls(params, context);
    case 'ssh':
      return prepareSsh(params, context);
    case 'agent':
      return prepareAgent(params, context);
  }
}

async function prepareLocal(p: LocalParams): Promise<PreparedHost> {
  const socketPath = parseLocalDockerAddress(p.address);
  if (!socketPath) {
    throw new ApiError(
      'invalid_request',
      `"${p.address}" is not a local Docker address. Write it like unix:///var/run/docker.sock; ` +
        'for another machine add a tls host (tcp://HOST:2376) or an ssh host (USER@HOST).',
    );
  }
  const probe = await probeDocker(localDocker(socketPath), p.address);
  return {
    row: { ...common(p), kind: 'local', address: p.address },
    probe: probe.ok ? { ok: true, dockerVersion: probe.version } : { ok: false, error: probe.error },
  };
}

async function prepareTls(p: TlsParams, context: ConnectContext): Promise<PreparedHost> {
  const link = await checkTlsLink(p, context);
  return {
    row: { ...common(p), kind: 'tls', address: link.address, settings: link.settings, secretRef: link.secretRef },
    probe: { ok: true, dockerVersion: link.dockerVersion },
  };
}

/** Reads the certificates, checks them here, then connects with them; the key is sealed. */
async function checkTlsLink(
  p: Pick<TlsParams, 'address' | 'caFile' | 'certFile' | 'keyFile' | 'context' | 'helperImage'>,
  context: ConnectContext,
): Promise<{ address: string; settings: TlsSettings; secretRef: string; dockerVersion: string }> {
  const { address, material, source } = resolveTls(p, context);
  const checked = parseTcpDockerAddress(address).address;
  checkTlsMaterial(material);
  let dockerVersion: string;
  try {
    dockerVersion = (await probeTls(checked, material, probeTimeoutMs)).dockerVersion;
  } catch (err) {
    throw new ApiError('failed', `${messageOf(err)} Nothing was added.`);
  }
  return {
    address: checked,
    settings: {
      tls: { ca: material.ca, cert: material.cert, source },
      helperImage: p.helperImage ?? defaultHelperImage,
    },
    secretRef: sealHostSecret(context.cipher, { tlsKey: material.key }),
    dockerVersion,
  };
}

function resolveTls(
  p: Pick<TlsParams, 'address' | 'caFile' | 'certFile' | 'keyFile' | 'context'>,
  context: ConnectContext,
): { address: string; material: TlsMaterial; source: string } {
  const files = [p.caFile, p.certFile, p.keyFile];
  const given = files.filter((f) => f !== undefined).length;
  if (p.context !== undefined && given > 0)
    throw new ApiError('invalid_request', 'Give either a Docker context or the three certificate files, not both.');
  if (p.context !== undefined) {
    const dockerConfig = context.env.DOCKER_CONFIG ?? path.join(context.homeDir, '.docker');
    const fromContext = tlsFromDockerContext(p.context, dockerConfig);
    return {
      address: p.address ?? fromContext.address,
      material: fromContext.material,
      source: `context ${p.context}`,
    };
  }
  if (given > 0 && given < 3) {
    throw new ApiError(
      'invalid_request',
      'A TLS host needs all three files: the CA, the client certificate and its key (--tls-ca, --tls-cert and --tls-key on the command line).',
    );
  }
  if (given === 3) {
    const home = (file: string) => expandHome(file, context.homeDir);
    const material = tlsFromFiles({ ca: home(p.caFile!), cert: home(p.certFile!), key: home(p.keyFile!) });
    if (!p.address) throw new ApiError('invalid_request', 'Say where the Docker host listens, as in tcp://HOST:2376.');
    return { address: p.address, material, source: 'files' };
  }
  const fromEnv = tlsFromDockerEnv(context.env, context.homeDir);
  const address = p.address ?? fromEnv.address;
  if (!address)
    throw new ApiError(
      'invalid_request',
      'Say where the Docker host listens, as in tcp://HOST:2376 (DOCKER_HOST is not set).',
    );
  return { address, material: fromEnv.material, source: 'DOCKER_CERT_PATH' };
}

async function prepareSsh(p: SshParams, context: ConnectContext): Promise<PreparedHost> {
  const link = await checkSshLink(p, p.dockerSocket ?? defaultRemoteDockerSocket, context);
  return {
    row: {
      ...common(p),
      kind: 'ssh',
      address: `ssh://${link.where}`,
      settings: { ssh: link.ssh } satisfies SshSettings,
      secretRef: link.secretRef,
    },
    probe: { ok: true, dockerVersion: link.dockerVersion },
  };
}

/** An agent reached through SSH (its unix socket) or over mutual TLS; the agent speaks Docker's API. */
async function prepareAgent(p: AgentParams, context: ConnectContext): Promise<PreparedHost> {
  const scheme = /^([a-z]+):\/\//i.exec(p.address.trim())?.[1]?.toLowerCase();
  if (scheme === 'ssh') {
    if (p.caFile ?? p.certFile ?? p.keyFile)
      throw new ApiError('invalid_request', 'The TLS files go with a tls:// agent address, not ssh://.');
    const socket = p.agentSocket ?? defaultAgentSocket;
    const link = await checkSshLink({ ...p, address: p.address.trim() }, socket, context);
    return {
      row: {
        ...common(p),
        kind: 'agent',
        address: `ssh://${link.where}`,
        settings: { agent: { transport: 'ssh' }, ssh: link.ssh } satisfies AgentSettings,
        secretRef: link.secretRef,
      },
      probe: { ok: true, dockerVersion: link.dockerVersion },
    };
  }
  if (scheme === 'tls') {
    if (p.identityFile ?? p.acceptHostKey ?? p.agentSocket)
      throw new ApiError('invalid_request', 'The SSH options go with an ssh:// agent address, not tls://.');
    const tcp = parseTcpDockerAddress(p.address.trim().replace(/^tls:/i, 'tcp:'));
    const tls = await checkTlsLink({ ...p, address: tcp.address }, context);
    return {
      row: {
        ...common(p),
        kind: 'agent',
        address: `tls://${tcp.address.slice('tcp://'.length)}`,
        settings: { agent: { transport: 'tls' }, tls: tls.settings.tls } satisfies AgentSettings,
        secretRef: tls.secretRef,
      },
      probe: { ok: true, dockerVersion: tls.dockerVersion },
    };
  }
  throw new ApiError(
    'invalid_request',
    `"${p.address}" is not an agent address. Write ssh://USER@HOST[:PORT] (through SSH to the agent's socket) or tls://HOST:PORT (mutual TLS).`,
  );
}

interface SshLink {
  where: string;
  ssh: SshSettings['ssh'];
  secretRef: string | null;
  dockerVersion: string;
}

/** An SSH session to a host not in the catalog yet, and what to store about it once it works. */
export interface NewSshLink {
  session: SshSession;
  where: string;
  secretRef: string | null;
  ssh: Omit<SshSettings['ssh'], 'dockerSocket'>;
}

/**
 * A session to a new SSH target, verifying the host key the user confirmed;
 * without one, it reads the key the host presents and refuses with its
 * fingerprint so the user can check it. The caller connects and closes it.
 */
export async function openNewSshLink(
  p: Pick<SshParams, 'address' | 'identityFile' | 'passphrase' | 'acceptHostKey'>,
  context: ConnectContext,
): Promise<NewSshLink> {
  const target = resolveTarget(p.address, context);
  const { auth, secret, agentSocket } = sshAuth(p, target, context);
  const where = `${target.username}@${target.host}:${target.port}`;
  if (!p.acceptHostKey) {
    const presented = await SshSession.probeHostKey(target, { timeoutMs: probeTimeoutMs }).catch((err: unknown) => {
      throw new ApiError('failed', `${messageOf(err)} Nothing was changed.`);
    });
    const unknown = new SshHostKeyError({
      kind: 'unknown',
      host: where,
      fingerprint: presented.fingerprint,
      keyType: presented.keyType,
    });
    throw new ApiError('not_allowed', `${unknown.message} Nothing was changed.`);
  }
  return {
    session: new SshSession({
      target,
      auth: auth === 'key' ? { privateKey: secret.privateKey, passphrase: secret.passphrase } : { agentSocket },
      expectedHostKey: p.acceptHostKey,
      log: context.log,
    }),
    where,
    secretRef: auth === 'key' ? sealHostSecret(context.cipher, secret) : null,
    ssh: {
      host: target.host,
      port: target.port,
      username: target.username,
      ...(target.alias ? { alias: target.alias } : {}),
      hostKey: p.acceptHostKey,
      auth,
      // An IdentityAgent from ~/.ssh/config is kept; SSH_AUTH_SOCK changes with every login, so it is read at connect time.
      ...(auth === 'agent' && agentSocket && agentSocket !== context.env.SSH_AUTH_SOCK ? { agentSocket } : {}),
    },
  };
}

/** Connects with the host key the user confirmed (or says which key the host presents) and asks Docker for its version. */
async function checkSshLink(
  p: Pick<SshParams, 'address' | 'identityFile' | 'passphrase' | 'acceptHostKey'>,
  dockerSocket: string,
  context: ConnectContext,
): Promise<SshLink> {
  const link = await openNewSshLink(p, context).catch((err: unknown) => {
    if (err instanceof ApiError)
      throw new ApiError(err.code, err.message.replace('Nothing was changed.', 'Nothing was added.'));
    throw err;
  });
  let dockerVersion: string;
  try {
    await link.session.connect();
    dockerVersion = (await withTimeout(dockerOverSsh(link.session, dockerSocket).version(), probeTimeoutMs, link.where))
      .Version;
  } catch (err) {
    throw new ApiError(
      err instanceof SshHostKeyError ? 'not_allowed' : 'failed',
      `${messageOf(err)} Nothing was added.`,
    );
  } finally {
    link.session.close();
  }
  return { where: link.where, dockerVersion, secretRef: link.secretRef, ssh: { ...link.ssh, dockerSocket } };
}

/** `USER@HOST[:PORT]`, `ssh://…` or an alias, resolved through ~/.ssh/config. */
export function resolveTarget(address: string, context: ConnectContext): SshTarget {
  const configPath = path.join(context.homeDir, '.ssh', 'config');
  const configText = fs.existsSync(configPath) ? fs.readFileSync(configPath, 'utf8') : undefined;
  return resolveSshTarget(address, { configText, env: context.env, homeDir: context.homeDir });
}

/**
 * Which key to log in with: the file given, else the running ssh-agent, else
 * the config's IdentityFile or the usual ~/.ssh/id_* files. A key file's
 * contents are sealed into the catalog, so ZedOps keeps working if it moves.
 */
function sshAuth(
  p: Pick<SshParams, 'identityFile' | 'passphrase'>,
  target: SshTarget,
  context: ConnectContext,
): { auth: 'key' | 'agent'; secret: HostSecret; agentSocket?: string } {
  const keyFrom = (file: string): HostSecret => {
    let privateKey: string;
    try {
      privateKey = fs.readFileSync(file, 'utf8');
    } catch (err) {
      throw new ApiError('invalid_request', `Could not read the SSH key ${file}: ${messageOf(err)}`);
    }
    return { privateKey, ...(p.passphrase ? { passphrase: p.passphrase } : {}) };
  };
  if (p.identityFile) return { auth: 'key', secret: keyFrom(expandHome(p.identityFile, context.homeDir)) };
  const agentSocket = target.identityAgent ?? context.env.SSH_AUTH_SOCK;
  if (agentSocket) return { auth: 'agent', secret: {}, agentSocket };
  // As ssh would pick it: the config's IdentityFile, else ~/.ssh/id_*.
  const found = loadSshAuth(target, { homeDir: context.homeDir });
  return { auth: 'key', secret: keyFrom(found.privateKeyLabel!) };
}

function common(p: AddHostParams): Pick<NewHost, 'name' | 'dataRoot' | 'registry'> {
  return { name: p.name, ...(p.dataRoot ? { dataRoot: p.dataRoot } : {}), registry: p.registry ?? null };
}

/** `~/…` as a shell would read it: paths typed in the UI or quoted on a command line. */
function expandHome(file: string, homeDir: string): string {
  return file === '~' || file.startsWith('~/') ? path.join(homeDir, file.slice(1)) : file;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function withTimeout<T>(promise: Promise<T>, ms: number, where: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Docker on ${where} did not answer within ${ms / 1000} s.`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
