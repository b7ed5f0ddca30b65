import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeSshTarget, resolveSshTarget, SshSetupError } from './ssh-target';

const home = '/home/ann';
const env = { USER: 'ann' };
const resolve = (spec: string, configText?: string, extraEnv: Record<string, string> = {}) =>
  resolveSshTarget(spec, {
    ...(configText !== undefined ? { configText } : {}),
    env: { ...env, ...extraEnv },
    homeDir: home,
  });

const config = `
Host game1
  HostName 10.0.0.5
  User zomboid
  Port 2200
  IdentityFile ~/.ssh/game_ed25519
  IdentityFile %d/.ssh/%r-at-%h

Host *.farm
  HostName %h.example.net
  IdentityAgent ~/.1password/agent.sock

Host noagent
  HostName 10.0.0.9
  IdentityAgent none

Host *
  User fallback
`;

describe('resolveSshTarget: address forms', () => {
  it.each([
    ['root@host.example', { host: 'host.example', port: 22, username: 'root' }],
    ['root@host.example:2222', { host: 'host.example', port: 2222, username: 'root' }],
    ['ssh://root@host.example:2222', { host: 'host.example', port: 2222, username: 'root' }],
    ['ssh://root@host.example/', { host: 'host.example', port: 22, username: 'root' }],
    ['ssh://deploy%2Bci@10.1.2.3', { host: '10.1.2.3', port: 22, username: 'deploy+ci' }],
    ['host.example', { host: 'host.example', port: 22, username: 'ann' }],
    ['host.example:2022', { host: 'host.example', port: 2022, username: 'ann' }],
    ['root@[::1]:2222', { host: '::1', port: 2222, username: 'root' }],
    ['ssh://root@[fe80::1%eth0]', { host: 'fe80::1%eth0', port: 22, username: 'root' }],
    ['[2001:db8::7]', { host: '2001:db8::7', port: 22, username: 'ann' }],
    ['root@2001:db8::7', { host: '2001:db8::7', port: 22, username: 'root' }],
  ])('%s', (spec, expected) => {
    expect(resolve(spec)).toEqual({ ...expected, identityFiles: [] });
  });

  it('takes the agent from SSH_AUTH_SOCK when the config names none', () => {
    expect(resolve('root@h', undefined, { SSH_AUTH_SOCK: '/tmp/agent.sock' }).identityAgent).toBe('/tmp/agent.sock');
  });

  it('formats a target for messages, with IPv6 in brackets', () => {
    expect(describeSshTarget({ host: '::1', port: 22, username: 'root' })).toBe('root@[::1]:22');
    expect(describeSshTarget({ host: 'h', port: 2222, username: 'root' })).toBe('root@h:2222');
  });
});

describe('resolveSshTarget: ~/.ssh/config', () => {
  it('resolves an alias: HostName, User, Port, IdentityFile (expanded), in config order', () => {
    expect(resolve('game1', config)).toEqual({
      host: '10.0.0.5',
      port: 2200,
      username: 'zomboid',
      alias: 'game1',
      identityFiles: ['/home/ann/.ssh/game_ed25519', '/home/ann/.ssh/zomboid-at-10.0.0.5'],
    });
  });

  it('lets a user and port in the spec win over the config', () => {
    expect(resolve('admin@game1:22', config)).toMatchObject({ host: '10.0.0.5', port: 22, username: 'admin' });
  });

  it('expands %h in HostName and ~ in IdentityAgent for a wildcard Host', () => {
    expect(resolve('eu.farm', config, { SSH_AUTH_SOCK: '/tmp/other' })).toEqual({
      host: 'eu.farm.example.net',
      port: 22,
      username: 'fallback',
      alias: 'eu.farm',
      identityFiles: [],
      identityAgent: '/home/ann/.1password/agent.sock',
    });
  });

  it('drops the agent for IdentityAgent none', () => {
    expect(resolve('noagent', config, { SSH_AUTH_SOCK: '/tmp/agent.sock' }).identityAgent).toBeUndefined();
  });

  it('uses Host * defaults for a plain host, without calling it an alias', () => {
    expect(resolve('plain.example', config)).toEqual({
      host: 'plain.example',
      port: 22,
      username: 'fallback',
      identityFiles: [],
    });
  });

  it('never runs Match exec commands from the config', () => {
    const marker = `/tmp/zedops-match-exec-${process.pid}`;
    const text = `Match exec "touch ${marker}"\n  User exec\n`;
    expect(resolve('h', text).username).toBe('ann');
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('refuses a config HostName or Port that ssh would not accept', () => {
    expect(() => resolve('bad', 'Host bad\n  HostName -oProxyCommand=x\n')).toThrow(
      'The HostName "-oProxyCommand=x" that ~/.ssh/config gives for "bad" starts with "-", which ssh would read as an option.',
    );
    expect(() => resolve('bad', 'Host bad\n  Port 70000\n')).toThrow(
      'The Port "70000" that ~/.ssh/config gives for "bad" is not a port number between 1 and 65535.',
    );
  });
});

describe('resolveSshTarget: bad specs are refused with a clear sentence', () => {
  it.each([
    ['', 'No SSH host given: write it as USER@HOST[:PORT], ssh://USER@HOST[:PORT] or a Host alias.'],
    ['   ', 'No SSH host given: write it as USER@HOST[:PORT], ssh://USER@HOST[:PORT] or a Host alias.'],
    [
      'root@my host',
      'The SSH host "root@my host" contains a space or a control character; write it as USER@HOST[:PORT].',
    ],
    [
      'root@host\n',
      'The SSH host "root@host\\n" contains a space or a control character; write it as USER@HOST[:PORT].',
    ],
    [
      'root@host\u0007',
      'The SSH host "root@host\\u0007" contains a space or a control character; write it as USER@HOST[:PORT].',
    ],
    [
      '-oProxyCommand=touch /tmp/x',
      'The SSH host "-oProxyCommand=touch /tmp/x" contains a space or a control character; write it as USER@HOST[:PORT].',
    ],
    [
      '-oProxyCommand=id',
      'The SSH host "-oProxyCommand=id" starts with "-", which ssh would read as an option; write it as USER@HOST[:PORT].',
    ],
    [
      'root@-oProxyCommand=id',
      'The host "-oProxyCommand=id" in "root@-oProxyCommand=id" starts with "-", which ssh would read as an option.',
    ],
    ['root@host:0', 'The port "0" in "root@host:0" is not a port number between 1 and 65535.'],
    ['root@host:65536', 'The port "65536" in "root@host:65536" is not a port number between 1 and 65535.'],
    ['root@host:ssh', 'The port "ssh" in "root@host:ssh" is not a port number between 1 and 65535.'],
    ['root@host:', 'The port "" in "root@host:" is not a port number between 1 and 65535.'],
    ['@host', 'The SSH address "@host" has an empty user before "@".'],
    ['root@', 'The host "" in "root@" is empty.'],
    ['root@[::1', 'The SSH address "root@[::1" opens "[" for an IPv6 address but never closes it.'],
    ['root@[not-ip]:22', '"not-ip" in "root@[not-ip]:22" is not an IPv6 address.'],
    [
      'tcp://host:2376',
      '"tcp://host:2376" is not an SSH address; write it as USER@HOST[:PORT] or ssh://USER@HOST[:PORT].',
    ],
    [
      'ssh://root@host/path',
      'The SSH address "ssh://root@host/path" has a path or query; write it as ssh://USER@HOST[:PORT].',
    ],
    [
      'root@host;rm',
      'The host "host;rm" in "root@host;rm" is not a host name: use letters, digits, ".", "-" and "_" only.',
    ],
  ])('%j', (spec, message) => {
    let thrown: unknown;
    try {
      resolve(spec);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SshSetupError);
    expect((thrown as Error).message).toBe(message);
  });

  it('asks for a user when neither the spec, the config nor the environment gives one', () => {
    expect(() => resolveSshTarget('host.example', { env: {}, homeDir: home })).toThrow(
      'No SSH user for "host.example": write it as USER@host.example, or set User for this host in ~/.ssh/config.',
    );
  });
});
