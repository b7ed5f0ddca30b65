import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { PrivateSshd } from '../../testing/private-sshd';
import { dockerOverSsh } from './docker-over-ssh';
import { loadSshAuth } from './ssh-auth';
import { SshConnectionError, SshSession, type SshSessionOptions } from './ssh-session';
import { resolveSshTarget } from './ssh-target';

const env = inject('testenv');
const PORT = 27221;

let sshd: PrivateSshd;
let dir: string;
const keyPath = (name: string): string => path.join(dir, name);
const sessions: SshSession[] = [];
const uncaught: unknown[] = [];
const onUncaught = (error: unknown): void => void uncaught.push(error);

function session(options: Partial<SshSessionOptions>): SshSession {
  const s = new SshSession({
    target: { host: '127.0.0.1', port: PORT, username: 'root' },
    auth: {},
    expectedHostKey: sshd.hostKeyFingerprint,
    backoff: { initialMs: 50, maxMs: 200 },
    ...options,
  });
  sessions.push(s);
  return s;
}

function keygen(name: string, passphrase: string): void {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', name, '-f', keyPath(name)]);
}

beforeAll(async () => {
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zedops-sshauth-'));
  keygen('id_pass', 'correct horse');
  keygen('id_agent', '');
  keygen('id_alias', '');
  sshd = await PrivateSshd.start(PORT);
  for (const name of ['id_pass', 'id_agent', 'id_alias'])
    sshd.authorize(fs.readFileSync(`${keyPath(name)}.pub`, 'utf8'));
});
afterEach(() => {
  for (const s of sessions.splice(0)) s.close();
});
afterAll(async () => {
  process.off('uncaughtException', onUncaught);
  process.off('unhandledRejection', onUncaught);
  await sshd?.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
  expect(uncaught).toEqual([]);
});

describe('a key file with a passphrase', () => {
  it('logs in with the right passphrase', async () => {
    const s = session({
      auth: {
        privateKey: fs.readFileSync(keyPath('id_pass')),
        passphrase: 'correct horse',
        privateKeyLabel: keyPath('id_pass'),
      },
    });
    expect((await s.exec('echo in')).stdout).toBe('in\n');
  });

  it('says the passphrase is needed when none is given', async () => {
    const s = session({
      auth: { privateKey: fs.readFileSync(keyPath('id_pass')), privateKeyLabel: keyPath('id_pass') },
    });
    const error = await s.connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SshConnectionError);
    expect((error as Error).message).toBe(
      `The key file ${keyPath('id_pass')} is encrypted and needs its passphrase, and none was given.`,
    );
  });

  it('says the passphrase is wrong when it is', async () => {
    const s = session({
      auth: {
        privateKey: fs.readFileSync(keyPath('id_pass')),
        passphrase: 'wrong',
        privateKeyLabel: keyPath('id_pass'),
      },
    });
    await expect(s.connect()).rejects.toThrow(`The passphrase for the key file ${keyPath('id_pass')} is wrong.`);
  });
});

describe('the ssh-agent', () => {
  let agent: ChildProcess;
  const socket = (): string => keyPath('agent.sock');

  beforeAll(async () => {
    agent = spawn('ssh-agent', ['-D', '-a', socket()], { stdio: 'ignore' });
    for (let i = 0; i < 100 && !fs.existsSync(socket()); i++) await new Promise((r) => setTimeout(r, 50));
    execFileSync('ssh-add', ['-q', keyPath('id_agent')], {
      env: { ...process.env, SSH_AUTH_SOCK: socket() },
      stdio: 'ignore',
    });
  });
  afterAll(() => {
    agent?.kill();
  });

  it('logs in with a key held by the agent, and no key file', async () => {
    const s = session({ auth: { agentSocket: socket() } });
    const docker = dockerOverSsh(s, env.dockerSocket);
    expect((await docker.version()).Version).toBe(env.dockerVersion);
  });

  it('falls back to the agent when the key file needs a passphrase nobody gave', async () => {
    const s = session({
      auth: {
        privateKey: fs.readFileSync(keyPath('id_pass')),
        privateKeyLabel: keyPath('id_pass'),
        agentSocket: socket(),
      },
    });
    expect((await s.exec('echo via-agent')).stdout).toBe('via-agent\n');
  });

  it('names the agent it tried when the login is refused', async () => {
    const empty = keyPath('empty-agent.sock');
    const emptyAgent = spawn('ssh-agent', ['-D', '-a', empty], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 100 && !fs.existsSync(empty); i++) await new Promise((r) => setTimeout(r, 50));
      const s = session({ auth: { agentSocket: empty } });
      await expect(s.connect()).rejects.toThrow(
        `SSH on root@127.0.0.1:${PORT} refused the login as root (tried the ssh-agent at ${empty}).`,
      );
    } finally {
      emptyAgent.kill();
    }
  });
});

describe('a ~/.ssh/config alias', () => {
  it('resolves HostName, Port, User and IdentityFile, and connects', async () => {
    const home = path.join(dir, 'home');
    fs.mkdirSync(path.join(home, 'keys'), { recursive: true });
    fs.copyFileSync(keyPath('id_alias'), path.join(home, 'keys', 'id_alias'));
    const configText = [
      'Host zedops-test-alias',
      '  HostName 127.0.0.1',
      `  Port ${PORT}`,
      '  User root',
      '  IdentityFile ~/keys/id_alias',
      '  IdentityAgent none',
      '',
    ].join('\n');
    const target = resolveSshTarget('zedops-test-alias', { configText, env: { USER: 'nobody' }, homeDir: home });
    expect(target).toEqual({
      host: '127.0.0.1',
      port: PORT,
      username: 'root',
      alias: 'zedops-test-alias',
      identityFiles: [path.join(home, 'keys', 'id_alias')],
    });
    const s = session({ target, auth: loadSshAuth(target, { homeDir: home }) });
    expect((await s.exec('echo aliased')).stdout).toBe('aliased\n');
  });
});
