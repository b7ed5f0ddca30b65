import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { bundleOutsideRepo, request, runBundle, startAgent, tempDir } from './testing/agent-process';

const env = inject('testenv');
let bundle: string;
const dirs: string[] = [];

beforeAll(() => {
  const b = bundleOutsideRepo();
  bundle = b.bundle;
  dirs.push(b.dir);
});
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('zedops-agent --help', () => {
  it('documents every option of the agent and the certs init command', () => {
    const help = runBundle(bundle, ['--help']);
    expect(help.status).toBe(0);
    for (const option of [
      '--config <file>',
      '--socket <path>',
      '--docker-host <unix:///path>',
      '--data-root <dir>',
      '--state-dir <dir>',
      '--listen <tls://addr:port>',
      '--tls-ca <file>',
      '--tls-cert <file>',
      '--tls-key <file>',
      '--log-level <level>',
      '--journal-max-bytes <size>',
      '--version',
      'certs',
    ]) {
      expect(help.stdout).toContain(option);
    }
    expect(help.stdout).toContain('/run/zedops/agent.sock');
    expect(help.stdout).toContain('unix:///var/run/docker.sock');
    expect(help.stdout).toContain('/var/lib/zedops/servers');
    expect(help.stdout).toContain('/var/lib/zedops-agent');
    const certs = runBundle(bundle, ['certs', 'init', '--help']);
    expect(certs.status).toBe(0);
    for (const option of ['--dir <dir>', '--host <name-or-ip...>', '--days <n>', '--force']) {
      expect(certs.stdout).toContain(option);
    }
  });

  it('works through the bin/zedops-agent.cjs launcher declared in package.json', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    expect(pkg.bin['zedops-agent']).toBe('bin/zedops-agent.cjs');
    const r = spawnSync(process.execPath, [path.join(__dirname, '..', '..', pkg.bin['zedops-agent']!), '--help'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('--docker-host <unix:///path>');
  });
});

describe('bad flags and config', () => {
  it('refuses an unknown flag with exit code 2', () => {
    const r = runBundle(bundle, ['--sockett', '/tmp/x.sock']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("zedops-agent: unknown option '--sockett'");
  });

  it('names the bad key of a config file in plain words, exit code 2, nothing started', () => {
    const dir = tempDir('badconfig');
    dirs.push(dir);
    const file = path.join(dir, 'config.json');
    fs.writeFileSync(file, JSON.stringify({ socket: path.join(dir, 'a.sock'), stateDir: 'relative/state', port: 1 }));
    const r = runBundle(bundle, ['--config', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`zedops-agent: The config file ${file} has 2 problems:`);
    expect(r.stderr).toContain('"stateDir" must be an absolute path');
    expect(r.stderr).toContain('"port" is not a setting the agent knows');
    expect(fs.existsSync(path.join(dir, 'a.sock'))).toBe(false);
  });

  it('says which TLS file it could not read, exit code 1', () => {
    const dir = tempDir('badtls');
    dirs.push(dir);
    const missing = path.join(dir, 'nope.pem');
    const r = runBundle(bundle, [
      ...['--socket', path.join(dir, 'a.sock'), '--state-dir', path.join(dir, 'state')],
      ...['--docker-host', `unix://${env.dockerSocket}`, '--data-root', path.join(dir, 'servers')],
      ...['--listen', 'tls://127.0.0.1:27702', '--tls-ca', missing, '--tls-cert', missing, '--tls-key', missing],
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`Could not read the TLS CA certificate (--tls-ca) ${missing} (it does not exist)`);
    expect(fs.existsSync(path.join(dir, 'a.sock'))).toBe(false);
  });
});

describe('a config file', () => {
  it('sets the agent up, flags win over it, and SIGTERM stops it cleanly and removes the socket', async () => {
    const dir = tempDir('config');
    dirs.push(dir);
    const socket = path.join(dir, 'run', 'agent.sock');
    const file = path.join(dir, 'config.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        socket,
        dockerHost: `unix://${env.dockerSocket}`,
        dataRoot: path.join(dir, 'from-file'),
        stateDir: path.join(dir, 'state'),
        logLevel: 'info',
        journalMaxBytes: '1M',
      }),
    );
    const agent = await startAgent(bundle, ['--config', file, '--data-root', path.join(dir, 'from-flag')], socket);
    try {
      const info = await request({ socketPath: socket }, 'GET', '/zedops/v1/info');
      expect(info.status).toBe(200);
      expect(info.json.dataRoot).toBe(path.join(dir, 'from-flag'));
      expect(info.json.dockerVersion).toBe(env.dockerVersion);
      expect(fs.existsSync(path.join(dir, 'state', 'journal.jsonl'))).toBe(true);
    } finally {
      const { code } = await agent.stop('SIGTERM');
      expect(code).toBe(0);
    }
    expect(fs.existsSync(socket)).toBe(false);
    expect(agent.logs().map((l) => l.msg)).toContain('zedops-agent stopped.');
  });
});
