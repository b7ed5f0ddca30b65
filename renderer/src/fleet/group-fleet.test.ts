import { describe, expect, it } from 'vitest';
import { describeCounts, groupFleet } from './group-fleet';
import { aHost, aServer } from './test-servers';

describe('groupFleet', () => {
  const hosts = [aHost('h1', 'box'), aHost('h2', 'empty')];
  const servers = [
    aServer({ id: 'zulu', hostId: 'h1' }),
    aServer({ id: 'alpha', hostId: 'h1', status: 'missing' }),
    aServer({ id: 'gone', hostId: 'h1', status: 'deleted' }),
  ];

  it('puts servers under their host, by name, in the hosts’ order, keeping hosts without servers', () => {
    const groups = groupFleet(hosts, servers, false);
    expect(groups.map((g) => [g.hostName, g.servers.map((s) => s.name)])).toEqual([
      ['box', ['alpha', 'zulu']],
      ['empty', []],
    ]);
  });

  it('hides deleted servers unless asked, but always counts them', () => {
    expect(groupFleet(hosts, servers, false)[0]?.counts).toEqual({ running: 1, missing: 1, deleted: 1 });
    expect(groupFleet(hosts, servers, true)[0]?.servers.map((s) => s.name)).toEqual(['alpha', 'gone', 'zulu']);
  });

  it('still shows a server whose host has not arrived yet, under the host name the server carries', () => {
    const groups = groupFleet([], [aServer({ id: 'x', hostId: 'h9', host: 'far' })], false);
    expect(groups).toMatchObject([{ hostId: 'h9', hostName: 'far', host: null }]);
  });
});

describe('describeCounts', () => {
  it('lists non-zero counts in lifecycle order', () => {
    expect(describeCounts({ deleted: 2, running: 1, stopped: 0 })).toBe('1 running · 2 deleted');
  });

  it('is empty when there are no servers', () => {
    expect(describeCounts({})).toBe('');
  });
});
