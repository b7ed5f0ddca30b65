import { describe, expect, it } from 'vitest';
import type { Host } from '../../shared/api';
import { CliError } from '../cli-error';
import { checkLocalAddress, formatHosts } from './host';

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

function refusal(address: string): CliError {
  try {
    checkLocalAddress(address);
  } catch (err) {
    if (err instanceof CliError) return err;
    throw err;
  }
  throw new Error(`accepted ${address}`);
}

describe('checkLocalAddress', () => {
  it('accepts local sockets and pipes', () => {
    expect(checkLocalAddress(' unix:///var/run/docker.sock ')).toBe('unix:///var/run/docker.sock');
    expect(checkLocalAddress('npipe:////./pipe/docker_engine')).toBe('npipe:////./pipe/docker_engine');
  });

  it('says remote hosts come in a later version (exit 2)', () => {
    for (const address of ['tcp://10.0.0.5:2376', 'ssh://root@box']) {
      const err = refusal(address);
      expect(err.exitCode).toBe(2);
      expect(err.message).toContain('remote hosts');
      expect(err.message).toContain('later version');
    }
  });

  it('refuses what is not a Docker address at all', () => {
    expect(refusal('/var/run/docker.sock').message).toContain('not a Docker address');
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
