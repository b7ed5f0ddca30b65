import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChangeFeed } from '../core/change-feed';
import type { Host } from '../shared/api';
import type { Server } from '../shared/servers';
import { FleetWatch, fleetWatchTiming } from './fleet-watch';
import { hostOfflineNoticeMs } from './notification-policy';
import { aHost, serversOn } from './test-fleet';

function setup(hosts: Host[], servers: Server[]) {
  const feed = new ChangeFeed();
  const onFleet = vi.fn();
  const onNotices = vi.fn();
  const watch = new FleetWatch({
    handlers: { 'hosts.list': () => hosts, 'servers.list': () => servers },
    feed,
    onFleet,
    onNotices,
    now: () => Date.now(),
  });
  return { feed, onFleet, onNotices, watch };
}

describe('FleetWatch', () => {
  beforeEach(() => vi.useFakeTimers({ now: Date.parse('2026-03-01T12:00:00.000Z') }));
  afterEach(() => vi.useRealTimers());

  it('draws the tray from the catalog at start', async () => {
    const { onFleet, watch } = setup([aHost('box')], serversOn('box', 2));
    await watch.start();
    expect(onFleet).toHaveBeenCalledTimes(1);
    expect(onFleet.mock.calls[0]?.[0].servers).toHaveLength(2);
    watch.stop();
  });

  it('redraws the tray once for a burst of changes', async () => {
    const { feed, onFleet, watch } = setup([aHost('box')], serversOn('box', 30));
    await watch.start();
    for (const s of serversOn('box', 30, { status: 'stopped' })) feed.emit('server.changed', s);
    await vi.advanceTimersByTimeAsync(fleetWatchTiming.trayDelayMs);
    expect(onFleet).toHaveBeenCalledTimes(2);
    expect(onFleet.mock.calls[1]?.[0].servers.every((s: Server) => s.status === 'stopped')).toBe(true);
    watch.stop();
  });

  it('tells a host’s 30 servers going missing in one notification, once the burst is over', async () => {
    const { feed, onNotices, watch } = setup([aHost('box')], serversOn('box', 30));
    await watch.start();
    for (const s of serversOn('box', 30, { status: 'missing' })) {
      feed.emit('server.changed', s);
      await vi.advanceTimersByTimeAsync(20);
    }
    expect(onNotices).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(fleetWatchTiming.quietMs);
    expect(onNotices).toHaveBeenCalledTimes(1);
    expect(onNotices.mock.calls[0]?.[0]).toHaveLength(1);
    expect(onNotices.mock.calls[0]?.[0][0].title).toBe('box: 30 servers need attention');
    watch.stop();
  });

  it('does not hold news back forever while changes keep trickling in', async () => {
    const { feed, onNotices, watch } = setup([aHost('box')], serversOn('box', 100));
    await watch.start();
    const missing = serversOn('box', 100, { status: 'missing' });
    for (let i = 0; i < 100 && onNotices.mock.calls.length === 0; i++) {
      feed.emit('server.changed', missing[i] as Server);
      await vi.advanceTimersByTimeAsync(fleetWatchTiming.quietMs - 100);
    }
    expect(onNotices).toHaveBeenCalled();
    expect(Date.now() - Date.parse('2026-03-01T12:00:00.000Z')).toBeLessThanOrEqual(
      fleetWatchTiming.maxWaitMs + fleetWatchTiming.quietMs,
    );
    watch.stop();
  });

  it('tells that a host is offline a minute later (give or take a tick), with no further event', async () => {
    const { feed, onNotices, watch } = setup([aHost('box')], serversOn('box', 3));
    await watch.start();
    feed.emit('host.changed', aHost('box', { status: 'offline' }));
    for (const s of serversOn('box', 3, { stale: true })) feed.emit('server.changed', s);
    await vi.advanceTimersByTimeAsync(hostOfflineNoticeMs - 1000);
    expect(onNotices).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(fleetWatchTiming.quietMs + fleetWatchTiming.tickMs);
    expect(onNotices).toHaveBeenCalledTimes(1);
    expect(onNotices.mock.calls[0]?.[0][0].title).toBe('Host box is offline');
    watch.stop();
  });

  it('keeps changes made while it was loading', async () => {
    const feed = new ChangeFeed();
    const onFleet = vi.fn();
    let release: (servers: Server[]) => void = () => undefined;
    const watch = new FleetWatch({
      handlers: {
        'hosts.list': () => [aHost('box')],
        'servers.list': () => new Promise<Server[]>((resolve) => (release = resolve)),
      },
      feed,
      onFleet,
      onNotices: vi.fn(),
    });
    const started = watch.start();
    feed.emit('host.changed', aHost('box', { name: 'renamed' }));
    release([]);
    await started;
    expect(onFleet.mock.calls[0]?.[0].hosts[0].name).toBe('renamed');
    watch.stop();
  });

  it('goes quiet once stopped', async () => {
    const { feed, onFleet, onNotices, watch } = setup([aHost('box')], serversOn('box', 1));
    await watch.start();
    watch.stop();
    feed.emit('server.changed', serversOn('box', 1, { status: 'missing' })[0] as Server);
    await vi.advanceTimersByTimeAsync(hostOfflineNoticeMs * 2);
    expect(onFleet).toHaveBeenCalledTimes(1);
    expect(onNotices).not.toHaveBeenCalled();
  });
});
