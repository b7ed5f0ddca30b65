import { describe, expect, it } from 'vitest';
import { installAgentParams, type Host } from '../../../electron/shared/api';
import {
  emptyInstallAgentFields,
  installAgentErrors,
  installAgentModeOf,
  installAgentParamsOf,
} from './InstallAgentDialog';

const host = (patch: Partial<Host>): Host => ({
  id: 'h1',
  name: 'box',
  kind: 'ssh',
  address: 'ssh://root@203.0.113.10:22',
  dataRoot: '/srv/zedops',
  registry: null,
  status: 'online',
  lastSeen: null,
  dockerVersion: null,
  lastError: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  ...patch,
});

describe('Install agent', () => {
  it('is offered on SSH hosts, as a reinstall on agents reached through SSH, and nowhere else', () => {
    expect(installAgentModeOf(host({}))).toBe('install');
    expect(installAgentModeOf(host({ kind: 'agent' }))).toBe('reinstall');
    expect(installAgentModeOf(host({ kind: 'agent', address: 'tls://203.0.113.10:27701' }))).toBeNull();
    expect(installAgentModeOf(host({ kind: 'tls', address: 'tcp://203.0.113.10:2376' }))).toBeNull();
    expect(installAgentModeOf(host({ kind: 'local', address: 'unix:///var/run/docker.sock' }))).toBeNull();
  });

  it('sends only the folders given, so the core’s defaults and the host’s own SSH settings apply', () => {
    expect(installAgentParamsOf('h1', emptyInstallAgentFields)).toEqual({ hostId: 'h1' });
    const params = installAgentParamsOf('h1', {
      ...emptyInstallAgentFields,
      dockerSocket: ' /run/docker.sock ',
      stateDir: '/srv/agent-state',
    });
    expect(params).toEqual({ hostId: 'h1', dockerSocket: '/run/docker.sock', stateDir: '/srv/agent-state' });
    expect(installAgentParams.safeParse(params).success).toBe(true);
  });

  it('takes the path rule from the shared schema', () => {
    expect(installAgentErrors('h1', emptyInstallAgentFields)).toEqual({});
    expect(
      installAgentErrors('h1', { ...emptyInstallAgentFields, installDir: 'opt/zedops', agentSocket: '/run/a.sock' }),
    ).toEqual({ installDir: 'Give an absolute path.' });
  });
});
