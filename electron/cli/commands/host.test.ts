import { describe, expect, it } from 'vitest';
import type { Host } from '../../shared/api';
import { CliError } from '../cli-error';
import { addHostParamsFrom, formatHosts } from './host';

const host = (over: Partial<Host>): Host => ({
  id: 'h1',
  name: 'This computer',
  kind: 'local',
  address: 'unix:///var/run/docker.sock',
  dataRoot: '/var/lib/zedops/servers',
  registry: null,
  status: 'online',
  lastSeen: '2025-01-01T00:00:00.000Z',
  dockerVersion: '20.10.24',
  lastError: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  ...over,
});

function refusal(opts: Parameters<typeof addHostParamsFrom>[1], env: NodeJS.ProcessEnv = {}): CliError {
  try {
    addHostParamsFrom('far', opts, env);
  } catch (err) {
    if (err instanceof CliError) return err;
    throw err;
  }
  throw new Error(`accepted ${JSON.stringify(opts)}`);
}

describe('addHostParamsFrom', () => {
  it('makes a local host of a socket or a pipe', () => {
    expect(addHostParamsFrom('box', { docker: ' unix:///var/run/docker.sock ' }, {})).toMatchObject({
      kind: 'local',
      address: 'unix:///var/run/docker.sock',
    });
    expect(addHostParamsFrom('box', { docker: 'npipe:////./pipe/docker_engine' }, {})).toMatchObject({
      kind: 'local',
    });
  });

  it('makes a TLS host of tcp:// with the certificate files, or of a context alone', () => {
    expect(
      addHostParamsFrom('far', { docker: 'tcp://10.0.0.5:2376', tlsCa: 'ca', tlsCert: 'c', tlsKey: 'k' }, {}),
    ).toEqual({
      name: 'far',
      kind: 'tls',
      address: 'tcp://10.0.0.5:2376',
      caFile: 'ca',
      certFile: 'c',
      keyFile: 'k',
      context: undefined,
      helperImage: undefined,
      dataRoot: undefined,
      registry: undefined,
    });
    expect(addHostParamsFrom('far', { context: 'prod' }, {})).toMatchObject({ kind: 'tls', context: 'prod' });
  });

  it('makes an SSH host, taking the passphrase from a file or the environment, never an argument', () => {
    const params = addHostParamsFrom(
      'far',
      { ssh: 'root@box:2222', identity: '/k', acceptHostKey: 'SHA256:x' },
      { ZEDOPS_SSH_PASSPHRASE: 'pass' },
    );
    expect(params).toMatchObject({
      kind: 'ssh',
      address: 'root@box:2222',
      identityFile: '/k',
      passphrase: 'pass',
      acceptHostKey: 'SHA256:x',
    });
  });

  it('makes an agent host of --agent ssh:// or tls://, with the SSH or the TLS options', () => {
    expect(
      addHostParamsFrom(
        'far',
        { agent: 'ssh://root@box:22', identity: '/k', agentSocket: '/run/z.sock', acceptHostKey: 'SHA256:x' },
        {},
      ),
    ).toMatchObject({
      kind: 'agent',
      address: 'ssh://root@box:22',
      identityFile: '/k',
      agentSocket: '/run/z.sock',
      acceptHostKey: 'SHA256:x',
    });
    expect(
      addHostParamsFrom('far', { agent: 'tls://box:27701', tlsCa: 'ca', tlsCert: 'c', tlsKey: 'k' }, {}),
    ).toMatchObject({ kind: 'agent', address: 'tls://box:27701', caFile: 'ca', certFile: 'c', keyFile: 'k' });
    expect(refusal({ agent: 'ssh://root@box', docker: 'tcp://box:2376' }).message).toContain(
      '--agent cannot be combined',
    );
    expect(refusal({ docker: 'tcp://box:2376', agentSocket: '/s' }).message).toContain(
      '--agent-socket goes with --agent',
    );
  });

  it('refuses mixed or missing options with exit 2, saying what to write', () => {
    expect(refusal({ ssh: 'root@box', docker: 'tcp://box:2376' }).message).toContain('--ssh cannot be combined');
    expect(refusal({ docker: 'tcp://box:2376', identity: '/k' }).message).toContain('go with --ssh');
    expect(refusal({}).message).toContain('Say where Docker is');
    expect(refusal({ docker: 'ssh://root@box' }).message).toContain('use --ssh USER@HOST');
    expect(refusal({ docker: 'http://box:2375' }).message).toContain('only talks to remote Docker over mutual TLS');
    expect(refusal({ docker: '/var/run/docker.sock' }).message).toContain('not a Docker address');
    expect(refusal({ docker: 'unix:///var/run/docker.sock', tlsCa: 'ca' }).message).toContain('do not apply');
  });
});

describe('formatHosts', () => {
  it('prints a table of name, kind, status, version and address', () => {
    expect(formatHosts([host({}), host({ name: 'box', status: 'offline', dockerVersion: null })])).toBe(
      'NAME           KIND   STATUS   DOCKER    ADDRESS\n' +
        'This computer  local  online   20.10.24  unix:///var/run/docker.sock\n' +
        'box            local  offline  -         unix:///var/run/docker.sock\n',
    );
  });

  it('says how to get a first host when there is none', () => {
    expect(formatHosts([])).toContain('zedops host add');
  });
});
