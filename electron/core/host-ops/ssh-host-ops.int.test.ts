import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { HostOpsError } from './host-ops';
import { hostOpsContract } from './host-ops-contract';
import { SshHostOps } from './ssh-host-ops';
import { Ssh2Shell } from './test-shells';

const env = inject('testenv');

function connect(): Promise<Ssh2Shell> {
  return Ssh2Shell.connect({
    host: env.ssh.host,
    port: env.ssh.port,
    username: env.ssh.user,
    privateKey: fs.readFileSync(env.ssh.identity),
    hostKeyFingerprint: env.ssh.hostKeyFingerprint,
  });
}

// sshd runs on this machine, so the "remote" paths are local ones the tests can look at.
describe('SshHostOps over the test sshd', () => {
  let shell: Ssh2Shell;
  beforeAll(async () => {
    shell = await connect();
  });
  afterAll(() => shell?.close());

  hostOpsContract((root) => new SshHostOps({ shell, dataRoot: root }));

  it('runs operations side by side on the one connection', async () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'zedops-ssh-ops-'));
    try {
      const ops = new SshHostOps({ shell, dataRoot: path.join(base, 'servers') });
      const names = Array.from({ length: 12 }, (_, i) => `server-${i}`);
      await Promise.all(names.map((name) => ops.createDataDirs(name)));
      expect(fs.readdirSync(path.join(base, 'servers')).sort()).toEqual([...names].sort());
      const statuses = await Promise.all(names.map((name) => ops.dataDirStatus(name)));
      expect(statuses.every((s) => s.exists && s.binExists && s.dataExists)).toBe(true);
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  });
});

describe('SshHostOps when the connection is gone', () => {
  it('says it could not reach the host over SSH', async () => {
    const gone = await connect();
    gone.close();
    const ops = new SshHostOps({ shell: gone, dataRoot: '/srv/zedops/servers' });
    const err = await ops.dataDirStatus('north').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(HostOpsError);
    expect((err as HostOpsError).kind).toBe('io');
    expect((err as HostOpsError).message).toMatch(
      /^Could not check \/srv\/zedops\/servers\/north over SSH \(.+\)\. Check the connection to the host and try again\.$/,
    );
  });
});
