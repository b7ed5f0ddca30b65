import { describe, expect, it } from 'vitest';
import { containerSpec } from './container-spec';

const server = {
  id: 'id-1',
  name: 'north',
  image: 'example/pz:41',
  config: { env: { MAX_PLAYERS: '16', SERVER_NAME: 'North World' } },
  gamePort: 16261,
  udpPort: 16262,
  rconPort: 27015,
};

describe('containerSpec', () => {
  const spec = containerSpec(server, { adminPassword: 'adm', rconPassword: 'rc' }, '/srv/zedops');

  it('names and labels the container so it is found by server id', () => {
    expect(spec.name).toBe('zedops-north');
    expect(spec.Labels).toEqual({
      'zedops.managed': 'true',
      'zedops.server.id': 'id-1',
      'zedops.server.name': 'north',
    });
  });

  it('mounts bin and data from <data root>/<name>', () => {
    expect(spec.HostConfig?.Binds).toEqual([
      '/srv/zedops/north/bin:/home/steam/ZomboidDedicatedServer',
      '/srv/zedops/north/data:/home/steam/Zomboid',
    ]);
  });

  it('tells the game its real ports, and its passwords, over the user env', () => {
    expect(spec.Env).toEqual(
      expect.arrayContaining([
        'DEFAULT_PORT=16261',
        'UDP_PORT=16262',
        'RCON_PORT=27015',
        'ADMIN_PASSWORD=adm',
        'RCON_PASSWORD=rc',
        'MAX_PLAYERS=16',
        'SERVER_NAME=North World',
      ]),
    );
  });

  it('publishes the game ports on UDP and RCON on 127.0.0.1 only', () => {
    expect(spec.HostConfig?.PortBindings).toEqual({
      '16261/udp': [{ HostPort: '16261' }],
      '16262/udp': [{ HostPort: '16262' }],
      '27015/tcp': [{ HostIp: '127.0.0.1', HostPort: '27015' }],
    });
  });

  it('restarts unless stopped, joins zomboid-servers, and gives the game 60 s to save', () => {
    expect(spec.HostConfig?.RestartPolicy).toEqual({ Name: 'unless-stopped' });
    expect(spec.HostConfig?.NetworkMode).toBe('zomboid-servers');
    expect(spec.StopTimeout).toBe(60);
  });

  it('leaves RCON_PASSWORD out when RCON has no password', () => {
    const noRcon = containerSpec(server, { adminPassword: 'adm' }, '/srv');
    expect(noRcon.Env?.some((e) => e.startsWith('RCON_PASSWORD='))).toBe(false);
  });
});
