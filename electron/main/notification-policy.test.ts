import { describe, expect, it } from 'vitest';
import type { Host } from '../shared/api';
import type { Server } from '../shared/servers';
import type { FleetSnapshot } from './fleet-mirror';
import {
  evaluateNotices,
  freshNoticeMemory,
  hostOfflineNoticeMs,
  maxNoticesAtOnce,
  type DesktopNotice,
  type NoticeMemory,
} from './notification-policy';
import { aHost, aServer, serversOn } from './test-fleet';

const t0 = Date.parse('2026-03-01T12:00:00.000Z');
const minutes = (n: number) => n * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** Feeds fleet states to the policy in turn, as the shell does, keeping its memory. */
function policy(start: FleetSnapshot, at = t0) {
  let memory: NoticeMemory = freshNoticeMemory;
  const step = (fleet: FleetSnapshot, now: number): DesktopNotice[] => {
    const out = evaluateNotices(fleet, memory, now);
    memory = out.memory;
    return out.notices;
  };
  const first = step(start, at);
  return { first, next: step };
}

const fleetOf = (servers: Server[], hosts: Host[] = [aHost('box')]): FleetSnapshot => ({ hosts, servers });

describe('notifications about servers', () => {
  it('tells once when a server goes missing, and clicking opens its card', () => {
    const p = policy(fleetOf([aServer('web')]));
    const notices = p.next(fleetOf([aServer('web', { status: 'missing' })]), t0 + 1000);
    expect(notices).toEqual([
      {
        title: 'web is missing',
        body: 'Its container on box is gone. Open ZedOps to recover it.',
        target: { kind: 'server', id: 'web' },
      },
    ]);
    expect(p.next(fleetOf([aServer('web', { status: 'missing' })]), t0 + 2000)).toEqual([]);
  });

  it('tells again when the server comes back and goes missing a second time', () => {
    const p = policy(fleetOf([aServer('web')]));
    p.next(fleetOf([aServer('web', { status: 'missing' })]), t0 + 1000);
    expect(p.next(fleetOf([aServer('web')]), t0 + 2000)).toEqual([]);
    expect(p.next(fleetOf([aServer('web', { status: 'missing' })]), t0 + 3000)).toHaveLength(1);
  });

  it('says why a server failed', () => {
    const p = policy(fleetOf([aServer('web')]));
    const [notice] = p.next(fleetOf([aServer('web', { status: 'failed', lastError: 'Port 16261/udp is taken' })]), t0);
    expect(notice).toMatchObject({ title: 'web failed', body: 'On box: Port 16261/udp is taken' });
  });

  it('tells when a server starts crash-looping', () => {
    const p = policy(fleetOf([aServer('web')]));
    const [notice] = p.next(fleetOf([aServer('web', { crashLooping: true })]), t0);
    expect(notice?.title).toBe('web is crash-looping');
  });

  it('says nothing about stops, starts and other ordinary changes', () => {
    const p = policy(fleetOf([aServer('web')]));
    expect(p.next(fleetOf([aServer('web', { status: 'stopped' })]), t0)).toEqual([]);
    expect(p.next(fleetOf([aServer('web', { status: 'stopped', operation: 'start' })]), t0)).toEqual([]);
    expect(p.next(fleetOf([aServer('web', { status: 'deleted', purgeAt: iso(t0 + minutes(24 * 60)) })]), t0)).toEqual(
      [],
    );
  });

  it('gives one notification, not 31, when a host’s 30 servers all go missing', () => {
    const p = policy(fleetOf(serversOn('box', 30)));
    const notices = p.next(fleetOf(serversOn('box', 30, { status: 'missing' })), t0 + 1000);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.title).toBe('box: 30 servers need attention');
    expect(notices[0]?.body).toBe('Missing: box-1, box-10, box-11, box-12, box-13 and 25 more.');
    expect(notices[0]?.target).toEqual({ kind: 'server', id: 'box-1' });
  });

  it('lists each kind of trouble on its own line, the worst first', () => {
    const p = policy(fleetOf([aServer('a'), aServer('b'), aServer('c')]));
    const [notice] = p.next(
      fleetOf([
        aServer('a', { crashLooping: true }),
        aServer('b', { status: 'missing' }),
        aServer('c', { status: 'failed' }),
      ]),
      t0,
    );
    expect(notice?.body).toBe('Failed: c.\nMissing: b.\nCrash-looping: a.');
    expect(notice?.target).toEqual({ kind: 'server', id: 'c' });
  });

  it('gives one notification per host, by host name', () => {
    const hosts = [aHost('box'), aHost('attic')];
    const before = [aServer('a'), aServer('b', { hostId: 'attic', host: 'attic' })];
    const after = [
      aServer('a', { status: 'missing' }),
      aServer('b', { hostId: 'attic', host: 'attic', status: 'failed' }),
    ];
    const p = policy(fleetOf(before, hosts));
    expect(p.next(fleetOf(after, hosts), t0).map((n) => n.title)).toEqual(['b failed', 'a is missing']);
  });

  it('sums up the whole fleet in one notification when too many hosts have news at once', () => {
    const hosts = Array.from({ length: maxNoticesAtOnce + 1 }, (_, i) => aHost(`h${i}`));
    const servers = (over: Partial<Server>) => hosts.flatMap((h) => serversOn(h.id, 3, over));
    const p = policy(fleetOf(servers({}), hosts));
    const notices = p.next(fleetOf(servers({ status: 'missing' }), hosts), t0);
    expect(notices).toEqual([
      { title: `ZedOps: news from ${hosts.length} hosts`, body: `${hosts.length * 3} servers missing.`, target: null },
    ]);
  });

  it('does not repeat at start what the window already shows', () => {
    const p = policy(fleetOf([aServer('a', { status: 'missing' }), aServer('b', { status: 'failed' })]));
    expect(p.first).toEqual([]);
    expect(
      p.next(fleetOf([aServer('a', { status: 'missing' }), aServer('b', { status: 'failed' })]), t0 + 1000),
    ).toEqual([]);
  });
});

describe('notifications about hosts', () => {
  const offline = (lastSeen = iso(t0 - minutes(2))) => [aHost('box', { status: 'offline', lastSeen })];
  const staleServers = serversOn('box', 30, { stale: true });

  it('waits a minute before telling that a host is offline, then tells once', () => {
    const p = policy(fleetOf(serversOn('box', 30)));
    expect(p.next(fleetOf(staleServers, offline()), t0 + 1000)).toEqual([]);
    expect(p.next(fleetOf(staleServers, offline()), t0 + 1000 + hostOfflineNoticeMs - 1)).toEqual([]);
    const notices = p.next(fleetOf(staleServers, offline()), t0 + 1000 + hostOfflineNoticeMs);
    expect(notices).toEqual([
      {
        title: 'Host box is offline',
        body: 'ZedOps cannot reach it (last seen 3 minutes ago). Its 30 servers show their last known state until it is back.',
        target: { kind: 'host', id: 'box' },
      },
    ]);
    expect(p.next(fleetOf(staleServers, offline()), t0 + minutes(10))).toEqual([]);
  });

  it('says nothing when a host comes back within the minute', () => {
    const p = policy(fleetOf([aServer('a')]));
    p.next(fleetOf([aServer('a', { stale: true })], offline()), t0 + 1000);
    expect(p.next(fleetOf([aServer('a')]), t0 + 30_000)).toEqual([]);
    expect(p.next(fleetOf([aServer('a')]), t0 + minutes(5))).toEqual([]);
  });

  it('starts the minute again for each new outage', () => {
    const p = policy(fleetOf([]));
    p.next(fleetOf([], offline()), t0);
    p.next(fleetOf([], [aHost('box')]), t0 + 30_000);
    expect(p.next(fleetOf([], offline()), t0 + 70_000)).toEqual([]);
    expect(p.next(fleetOf([], offline()), t0 + 70_000 + hostOfflineNoticeMs)).toHaveLength(1);
  });

  it('tells about a host that is still offline a minute after ZedOps started', () => {
    const p = policy(fleetOf(staleServers, offline()));
    expect(p.first).toEqual([]);
    expect(p.next(fleetOf(staleServers, offline()), t0 + hostOfflineNoticeMs)).toHaveLength(1);
  });

  it('reads nothing into the last known state of an offline host’s servers', () => {
    const p = policy(fleetOf([aServer('a'), aServer('b', { status: 'missing' })]));
    // While away, a stale server's status is old news, whatever it says.
    const away = [aServer('a', { status: 'missing', stale: true }), aServer('b', { status: 'missing', stale: true })];
    expect(p.next(fleetOf(away, offline()), t0 + 1000)).toEqual([]);
    // Back: b was missing before and was told; a going missing is news.
    const back = [aServer('a', { status: 'missing' }), aServer('b', { status: 'missing' })];
    expect(p.next(fleetOf(back), t0 + 30_000).map((n) => n.title)).toEqual(['a is missing']);
  });
});

describe('notifications about purges', () => {
  const deleted = (purgeInMinutes: number, at = t0) =>
    aServer('old', { status: 'deleted', deletedAt: iso(at - minutes(60)), purgeAt: iso(at + minutes(purgeInMinutes)) });

  it('tells once when a deleted server will be purged within the hour', () => {
    const p = policy(fleetOf([deleted(61)]));
    expect(p.first).toEqual([]);
    const [notice] = p.next(fleetOf([deleted(61)]), t0 + minutes(2));
    expect(notice).toEqual({
      title: 'old will be purged in 59 minutes',
      body: 'It was deleted on box; purging removes it for good. Restore it in ZedOps to keep it.',
      target: { kind: 'server', id: 'old' },
    });
    expect(p.next(fleetOf([deleted(61)]), t0 + minutes(30))).toEqual([]);
  });

  it('tells at start about a purge within the hour, since that cannot wait', () => {
    expect(policy(fleetOf([deleted(20)])).first.map((n) => n.title)).toEqual(['old will be purged in 20 minutes']);
  });

  it('tells again when a restored server is deleted again', () => {
    const p = policy(fleetOf([deleted(20)]));
    p.next(fleetOf([aServer('old', { status: 'missing' })]), t0 + minutes(1));
    const again = aServer('old', { status: 'deleted', purgeAt: iso(t0 + minutes(50)) });
    expect(p.next(fleetOf([again]), t0 + minutes(2))).toHaveLength(1);
  });

  it('says nothing once the purge time has passed', () => {
    expect(policy(fleetOf([deleted(-1)])).first).toEqual([]);
  });

  it('coalesces several purges on one host', () => {
    const servers = ['a', 'b', 'c'].map((id) => aServer(id, { status: 'deleted', purgeAt: iso(t0 + minutes(30)) }));
    const [notice, ...rest] = policy(fleetOf(servers)).first;
    expect(rest).toEqual([]);
    expect(notice).toMatchObject({
      title: 'box: 3 deleted servers will be purged within the hour',
      body: 'Purged within the hour: a, b, c.',
    });
  });
});
