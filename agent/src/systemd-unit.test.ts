import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaults } from './config';
import { exitCodes } from './main';

/** The [Service] settings of agent/zedops-agent.service (the last value of a key wins, as in systemd). */
function serviceSettings(): Map<string, string> {
  const text = fs.readFileSync(path.join(__dirname, '..', 'zedops-agent.service'), 'utf8');
  const settings = new Map<string, string>();
  let section = '';
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('#') || trimmed === '') continue;
    const header = /^\[(.+)\]$/.exec(trimmed);
    if (header) section = header[1]!;
    else if (section === 'Service') {
      const eq = trimmed.indexOf('=');
      settings.set(trimmed.slice(0, eq), trimmed.slice(eq + 1));
    }
  }
  return settings;
}

describe('the systemd unit', () => {
  const service = serviceSettings();

  it('runs the bundle with Node and the config file where the installer puts them', () => {
    expect(service.get('ExecStart')).toBe(
      '/usr/bin/node /opt/zedops-agent/zedops-agent.cjs --config /etc/zedops-agent/config.json',
    );
  });

  it("has systemd make the default socket's folder and the default state dir", () => {
    expect(`/run/${service.get('RuntimeDirectory')}`).toBe(path.dirname(defaults.socket));
    expect(`/var/lib/${service.get('StateDirectory')}`).toBe(defaults.stateDir);
  });

  it('gives the socket its group, restarts on failure but not on a bad config, stops with SIGTERM', () => {
    expect(service.get('Group')).toBe('zedops');
    expect(service.get('Restart')).toBe('on-failure');
    expect(service.get('RestartPreventExitStatus')).toBe(String(exitCodes.invalid));
    expect(service.get('KillSignal')).toBe('SIGTERM');
  });
});
