import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { repoRoot, runCli, tempDirs, type CliRun } from './testing/run-cli';
import { PrivateSshd } from '../core/testing/private-sshd';

/**
 * `zedops host add|test` for remote hosts, as a user types them, against the
 * test environment's mTLS listener and sshd, and an sshd of the test's own
 * for a key with a passphrase. Port 27490.
 */
const env = inject('testenv');
let home = '';

const temp = tempDirs();
const tempDir = temp.make;

function zedops(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    // Point nothing at a real local Docker, and keep the machine's own ssh-agent and ~/.ssh out of it.
    DOCKER_HOST: 'unix:///nonexistent.sock',
    HOME: home,
    ZEDOPS_LOG_LEVEL: 'warn',
  };
  for (const name of ['SSH_AUTH_SOCK', 'DOCKER_CERT_PATH', 'DOCKER_TLS_VERIFY', 'ZEDOPS_SSH_PASSPHRASE'])
    delete childEnv[name];
  return runCli(['--home', path.join(home, 'zedops'), ...args], { ...childEnv, ...extraEnv });
}

const sshArgs = (name: string, extra: string[] = []) => [
  'host',
  'add',
  name,
  '--ssh',
  `${env.ssh.user}@${env.ssh.host}:${env.ssh.port}`,
  '--identity',
  env.ssh.identity,
  '--docker-socket',
  env.dockerSocket,
  ...extra,
];
const tlsArgs = (name: string, ca = env.tls.ca) => [
  'host',
  'add',
  name,
  '--docker',
  `tcp://${env.tls.host}:${env.tls.port}`,
  '--tls-ca',
  ca,
  '--tls-cert',
  env.tls.cert,
  '--tls-key',
  env.tls.key,
  '--helper-image',
  env.helperImage,
];

async function hostNames(): Promise<string[]> {
  const run = await zedops(['host', 'ls', '--json']);
  expect(run.code, run.stderr).toBe(0);
  return (JSON.parse(run.stdout) as { name: string }[]).map((h) => h.name);
}

beforeAll(() => {
  home = tempDir('zedops-cli-remote-');
});
afterAll(() => {
  temp.cleanup();
});

describe('zedops host add --ssh', () => {
  it('shows the host key on first use and adds nothing until it is accepted', async () => {
    const first = await zedops(sshArgs('far-ssh'));
    expect(first.code).toBe(2);
    expect(first.stderr).toContain(env.ssh.hostKeyFingerprint);
    expect(first.stderr).toContain('--accept-host-key');
    expect(first.stderr).toContain('Nothing was added');
    expect(first.stderr).not.toMatch(/\n\s+at /);
    expect(await hostNames()).not.toContain('far-ssh');

    const wrongKey = `SHA256:${'A'.repeat(43)}`;
    const wrong = await zedops(sshArgs('far-ssh', ['--accept-host-key', wrongKey]));
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/changed|CHANGED/);
    expect(wrong.stderr).toContain(env.ssh.hostKeyFingerprint);
    expect(await hostNames()).not.toContain('far-ssh');

    const added = await zedops(sshArgs('far-ssh', ['--accept-host-key', env.ssh.hostKeyFingerprint]));
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toBe(
      `Added host "far-ssh" (ssh://${env.ssh.user}@${env.ssh.host}:${env.ssh.port}): online, Docker ${env.dockerVersion}.\n`,
    );
  });

  it('tests the host: Docker version, round trip, and every operation available over SSH', async () => {
    const run = await zedops(['host', 'test', 'far-ssh']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(`Docker ${env.dockerVersion.replace(/[.+]/g, '\\$&')} \\(API [\\d.]+\\), round trip [\\d.]+ ms`),
    );
    for (const op of ['Docker API', 'Event stream', 'Data folders', 'Listening ports', 'RCON'])
      expect(run.stdout).toMatch(new RegExp(`^  ok +${op}: `, 'm'));
    const json = JSON.parse((await zedops(['host', 'test', 'far-ssh', '--json'])).stdout) as {
      operations: { name: string; available: boolean }[];
    };
    expect(json.operations.every((o) => o.available)).toBe(true);
  });

  it('refuses the flags of another kind, and a --docker ssh:// address, changing nothing', async () => {
    const mixed = await zedops([...sshArgs('mixed'), '--tls-ca', env.tls.ca]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('--ssh cannot be combined');
    const viaDocker = await zedops(['host', 'add', 'mixed', '--docker', 'ssh://root@127.0.0.1']);
    expect(viaDocker.code).toBe(2);
    expect(viaDocker.stderr).toContain('use --ssh');
    expect(await hostNames()).not.toContain('mixed');
  });
});

describe('zedops host add --ssh with what the user already has: an ssh-agent, a ~/.ssh/config alias', () => {
  it('logs in through the running ssh-agent when no key file is given, and stores no key', async () => {
    const agentDir = tempDir('zedops-cli-agent-');
    const sock = path.join(agentDir, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 50 && !fs.existsSync(sock); i++) await new Promise((r) => setTimeout(r, 50));
      execFileSync('ssh-add', ['-q', env.ssh.identity], { env: { ...process.env, SSH_AUTH_SOCK: sock } });
      const withAgent = { SSH_AUTH_SOCK: sock };
      const added = await zedops(
        [
          'host',
          'add',
          'by-agent',
          '--ssh',
          `${env.ssh.user}@${env.ssh.host}:${env.ssh.port}`,
          '--docker-socket',
          env.dockerSocket,
          '--accept-host-key',
          env.ssh.hostKeyFingerprint,
          '--json',
        ],
        withAgent,
      );
      expect(added.code, added.stderr).toBe(0);
      expect(JSON.parse(added.stdout)).toMatchObject({ name: 'by-agent', status: 'online' });
      expect((await zedops(['host', 'test', 'by-agent'], withAgent)).code).toBe(0);
      // Without the agent there is nothing to log in with, and the test says so instead of hanging.
      const noAgent = await zedops(['host', 'test', 'by-agent']);
      expect(noAgent.code).toBe(1);
      expect(noAgent.stderr).toMatch(/agent|SSH_AUTH_SOCK|authentication|refused/i);
    } finally {
      agent.kill();
    }
  });

  it('resolves a Host alias from ~/.ssh/config: host name, port, user and key', async () => {
    fs.mkdirSync(path.join(home, '.ssh'), { recursive: true });
    fs.writeFileSync(
      path.join(home, '.ssh', 'config'),
      [
        'Host game-box',
        `  HostName ${env.ssh.host}`,
        `  Port ${env.ssh.port}`,
        `  User ${env.ssh.user}`,
        `  IdentityFile ${env.ssh.identity}`,
        '',
      ].join('\n'),
    );
    const base = ['host', 'add', 'aliased', '--ssh', 'game-box', '--docker-socket', env.dockerSocket];
    const first = await zedops(base);
    expect(first.code).toBe(2);
    expect(first.stderr).toContain(`${env.ssh.user}@${env.ssh.host}:${env.ssh.port}`);
    expect(first.stderr).toContain(env.ssh.hostKeyFingerprint);
    const added = await zedops([...base, '--accept-host-key', env.ssh.hostKeyFingerprint]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain(`(ssh://${env.ssh.user}@${env.ssh.host}:${env.ssh.port}): online`);
  });
});

describe('zedops host add --ssh with a key that has a passphrase', () => {
  let sshd: PrivateSshd;
  let keyFile = '';
  const passphrase = 'correct horse battery staple';

  beforeAll(async () => {
    sshd = await PrivateSshd.start(27_490);
    keyFile = path.join(tempDir('zedops-cli-key-'), 'id_ed25519');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', 'cli-test', '-f', keyFile]);
    sshd.authorize(fs.readFileSync(`${keyFile}.pub`, 'utf8'));
  });
  afterAll(async () => sshd?.destroy());

  const args = (name: string) => [
    'host',
    'add',
    name,
    '--ssh',
    `root@127.0.0.1:${sshd.port}`,
    '--identity',
    keyFile,
    '--docker-socket',
    env.dockerSocket,
    '--accept-host-key',
    sshd.hostKeyFingerprint,
  ];

  it('says the key needs its passphrase, then adds the host with it from a file and keeps neither in plaintext', async () => {
    const without = await zedops(args('locked'));
    expect(without.code).not.toBe(0);
    expect(without.stderr).toMatch(/passphrase/);
    expect(await hostNames()).not.toContain('locked');

    const passFile = path.join(tempDir('zedops-cli-pass-'), 'pass');
    fs.writeFileSync(passFile, `${passphrase}\n`);
    const added = await zedops([...args('locked'), '--passphrase-file', passFile]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('online');

    // The catalog holds the key and its passphrase only sealed: neither appears in any form.
    const catalog = fs.readFileSync(path.join(home, 'zedops', 'catalog.db'));
    const keyBody = fs.readFileSync(keyFile, 'utf8').split('\n')[1]!;
    for (const secret of [passphrase, keyBody, 'OPENSSH PRIVATE KEY']) {
      expect(catalog.includes(Buffer.from(secret, 'utf8'))).toBe(false);
      expect(catalog.includes(Buffer.from(secret, 'utf16le'))).toBe(false);
    }
    const wal = path.join(home, 'zedops', 'catalog.db-wal');
    if (fs.existsSync(wal)) expect(fs.readFileSync(wal).includes(Buffer.from(passphrase))).toBe(false);

    const test = await zedops(['host', 'test', 'locked']);
    expect(test.code, test.stderr).toBe(0);
  });
});

describe('zedops host add --docker tcp:// (mutual TLS)', () => {
  it('adds a host with the certificate files and tests it: RCON is not reachable over TLS, and it says so', async () => {
    const added = await zedops(tlsArgs('far-tls'));
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toBe(
      `Added host "far-tls" (tcp://${env.tls.host}:${env.tls.port}): online, Docker ${env.dockerVersion}.\n`,
    );
    const test = await zedops(['host', 'test', 'far-tls']);
    expect(test.code, test.stderr).toBe(0);
    for (const op of ['Docker API', 'Event stream', 'Data folders', 'Listening ports'])
      expect(test.stdout).toMatch(new RegExp(`^  ok +${op}: `, 'm'));
    expect(test.stdout).toMatch(/^ {2}no +RCON: not reachable over a Docker TLS endpoint/m);

    // The client key is sealed too.
    const catalog = fs.readFileSync(path.join(home, 'zedops', 'catalog.db'));
    const keyBody = fs.readFileSync(env.tls.key, 'utf8').split('\n')[1]!;
    expect(catalog.includes(Buffer.from(keyBody))).toBe(false);
  });

  it('refuses a host whose certificate is not signed by the CA given, adding nothing and printing no stack', async () => {
    const run = await zedops(tlsArgs('bad-ca', env.tls.otherCa));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^zedops: .*not signed by the CA/);
    expect(run.stderr).toContain('Nothing was added');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(await hostNames()).not.toContain('bad-ca');
  });

  it('takes the certificates from DOCKER_CERT_PATH when no files are given', async () => {
    const certDir = tempDir('zedops-cli-certs-');
    fs.copyFileSync(env.tls.ca, path.join(certDir, 'ca.pem'));
    fs.copyFileSync(env.tls.cert, path.join(certDir, 'cert.pem'));
    fs.copyFileSync(env.tls.key, path.join(certDir, 'key.pem'));
    const run = await zedops(
      [
        'host',
        'add',
        'from-env',
        '--docker',
        `tcp://${env.tls.host}:${env.tls.port}`,
        '--helper-image',
        env.helperImage,
      ],
      { DOCKER_CERT_PATH: certDir, DOCKER_TLS_VERIFY: '1' },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('online');
  });
});

describe('zedops host install-agent (a host without systemd, as here)', () => {
  let base = '';
  let agent: ReturnType<typeof spawn> | undefined;
  const dirs = () => ({
    install: path.join(base, 'opt'),
    config: path.join(base, 'etc'),
    state: path.join(base, 'state'),
    socket: path.join(base, 'agent.sock'),
  });
  const installArgs = () => [
    'host',
    'install-agent',
    'to-agent',
    '--install-dir',
    dirs().install,
    '--config-dir',
    dirs().config,
    '--state-dir',
    dirs().state,
    '--agent-socket',
    dirs().socket,
    '--docker-socket',
    env.dockerSocket,
  ];
  const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

  beforeAll(async () => {
    base = tempDir('zedops-cli-install-');
    const added = await zedops([
      ...sshArgs('to-agent', ['--accept-host-key', env.ssh.hostKeyFingerprint]),
      '--data-root',
      path.join(base, 'servers'),
    ]);
    expect(added.code, added.stderr).toBe(0);
  });
  afterAll(() => agent?.kill('SIGKILL'));

  it('copies the checked bundle and its config, says how to run it, and switches the host once the agent answers', async () => {
    const first = await zedops(installArgs());
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('has no systemd');
    const bundle = path.join(dirs().install, 'zedops-agent.cjs');
    const configFile = path.join(dirs().config, 'config.json');
    expect(first.stdout).toContain(`node '${bundle}' --config '${configFile}'`);
    expect(sha256(bundle)).toBe(sha256(path.join(repoRoot, 'out', 'agent', 'zedops-agent.cjs')));
    expect(JSON.parse(fs.readFileSync(configFile, 'utf8'))).toEqual({
      socket: dirs().socket,
      dockerHost: `unix://${env.dockerSocket}`,
      dataRoot: path.join(base, 'servers'),
      stateDir: dirs().state,
    });
    const before = JSON.parse((await zedops(['host', 'show', 'to-agent', '--json'])).stdout) as { kind: string };
    expect(before.kind).toBe('ssh');

    // What the message says to run, run here (this sshd's host is this machine).
    agent = spawn(process.execPath, [bundle, '--config', configFile], { stdio: 'ignore' });
    for (let i = 0; i < 100 && !fs.existsSync(dirs().socket); i++) await new Promise((r) => setTimeout(r, 100));

    const second = await zedops([...installArgs(), '--json']);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ started: 'already-running', switched: true, upgraded: false });
    const after = JSON.parse((await zedops(['host', 'show', 'to-agent', '--json'])).stdout) as Record<string, string>;
    expect(after).toMatchObject({ kind: 'agent', status: 'online' });
    const test = await zedops(['host', 'test', 'to-agent']);
    expect(test.code, test.stderr).toBe(0);
    expect(test.stdout).toMatch(/^ {2}ok +Data folders: .*the agent's own endpoints/m);
  });

  it('refuses a bundle that does not match its checksum, changing nothing on the host', async () => {
    const fake = path.join(tempDir('zedops-cli-fake-'), 'zedops-agent.cjs');
    const real = path.join(repoRoot, 'out', 'agent', 'zedops-agent.cjs');
    fs.writeFileSync(fake, `${fs.readFileSync(real, 'utf8')}\n// altered\n`);
    fs.copyFileSync(`${real}.sha256`, `${fake}.sha256`);
    fs.copyFileSync(
      path.join(repoRoot, 'agent', 'zedops-agent.service'),
      path.join(path.dirname(fake), 'zedops-agent.service'),
    );
    const installed = sha256(path.join(dirs().install, 'zedops-agent.cjs'));
    const run = await zedops(installArgs(), { ZEDOPS_AGENT_BUNDLE: fake });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('does not match its checksum');
    expect(run.stderr).toContain('Nothing was installed');
    expect(sha256(path.join(dirs().install, 'zedops-agent.cjs'))).toBe(installed);
  });

  it('upgrades to a new bundle in place and keeps the journal', async () => {
    const journalBefore = fs.readdirSync(dirs().state);
    expect(journalBefore.length).toBeGreaterThan(0);
    const next = path.join(tempDir('zedops-cli-next-'), 'zedops-agent.cjs');
    const real = path.join(repoRoot, 'out', 'agent', 'zedops-agent.cjs');
    fs.writeFileSync(next, `${fs.readFileSync(real, 'utf8')}\n// next version\n`);
    fs.writeFileSync(`${next}.sha256`, `${sha256(next)}  zedops-agent.cjs\n`);
    fs.copyFileSync(
      path.join(repoRoot, 'agent', 'zedops-agent.service'),
      path.join(path.dirname(next), 'zedops-agent.service'),
    );
    const run = await zedops([...installArgs(), '--json'], { ZEDOPS_AGENT_BUNDLE: next });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ upgraded: true, bundleSha256: sha256(next) });
    expect(sha256(path.join(dirs().install, 'zedops-agent.cjs'))).toBe(sha256(next));
    expect(fs.readdirSync(dirs().state)).toEqual(journalBefore);
  });
});
