import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSshAuth } from './ssh-auth';
import { SshSetupError, type SshTarget } from './ssh-target';

let home: string;
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'zedops-sshauth-unit-'));
  fs.mkdirSync(path.join(home, '.ssh'));
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

const target = (extra: Partial<SshTarget> = {}): SshTarget => ({
  host: 'h',
  port: 22,
  username: 'root',
  identityFiles: [],
  ...extra,
});

describe('loadSshAuth', () => {
  it('takes the first configured IdentityFile that exists, with the passphrase, and the agent', () => {
    const present = path.join(home, 'present');
    fs.writeFileSync(present, 'KEY');
    const auth = loadSshAuth(
      target({ identityFiles: [path.join(home, 'missing'), present], identityAgent: '/tmp/agent.sock' }),
      { homeDir: home, passphrase: 'pw' },
    );
    expect(auth).toEqual({
      privateKey: Buffer.from('KEY'),
      privateKeyLabel: present,
      passphrase: 'pw',
      agentSocket: '/tmp/agent.sock',
    });
  });

  it("falls back to ssh's default key files when the config names none", () => {
    fs.writeFileSync(path.join(home, '.ssh', 'id_ed25519'), 'ED');
    expect(loadSshAuth(target(), { homeDir: home })).toEqual({
      privateKey: Buffer.from('ED'),
      privateKeyLabel: path.join(home, '.ssh', 'id_ed25519'),
    });
  });

  it('works with the agent alone', () => {
    expect(loadSshAuth(target({ identityAgent: '/tmp/agent.sock' }), { homeDir: home })).toEqual({
      agentSocket: '/tmp/agent.sock',
    });
  });

  it('says what it looked for when there is no key and no agent', () => {
    expect(() => loadSshAuth(target({ identityFiles: ['/nope/key'] }), { homeDir: home })).toThrow(
      new SshSetupError(
        'No SSH key for root@h:22: none of /nope/key can be read, and no ssh-agent is running (SSH_AUTH_SOCK is not set).',
      ),
    );
  });
});
