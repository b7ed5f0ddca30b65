import type { Catalog } from '../catalog/catalog';
import type { ChangeFeed } from '../change-feed';
import type { Fleet } from '../fleet/fleet';
import type { HostConnections } from '../hosts/host-connection';
import type { Logger } from '../logger';
import { toApiHost } from '../api/to-api';
import { HostWatcher } from './host-watcher';
import type { Overlays } from './overlays';

export interface LiveDeps {
  catalog: Catalog;
  fleet: Fleet;
  connections: HostConnections;
  feed: ChangeFeed;
  overlays: Overlays;
  log: Logger;
  syncIntervalMs: () => number;
}

/**
 * Live truth for long-running processes: one HostWatcher (one event
 * stream) per host, started and stopped as hosts come and go.
 */
export class Live {
  private readonly watchers = new Map<string, HostWatcher>();
  private offHostEvents: (() => void)[] = [];

  constructor(private readonly deps: LiveDeps) {}

  start(): void {
    for (const host of this.deps.catalog.hosts.list()) this.watch(host.id);
    this.offHostEvents = [
      this.deps.feed.subscribe('host.changed', (h) => this.watch(h.id)),
      this.deps.feed.subscribe('host.removed', (h) => this.unwatch(h.id)),
    ];
  }

  stop(): void {
    this.offHostEvents.forEach((off) => off());
    for (const id of [...this.watchers.keys()]) this.unwatch(id);
  }

  watcher(hostId: string): HostWatcher | undefined {
    return this.watchers.get(hostId);
  }

  private watch(hostId: string): void {
    const host = this.deps.catalog.hosts.get(hostId);
    if (!host) return;
    let conn;
    try {
      conn = this.deps.connections.get(host);
    } catch (err) {
      this.deps.log.warn({ err, host: host.name }, 'cannot watch this host');
      return;
    }
    // Same link: keep watching. A new one (an agent installed, the address changed): watch through it instead.
    const current = this.watchers.get(hostId);
    if (current?.connection === conn) return;
    current?.stop();
    const watcher = new HostWatcher(conn, {
      catalog: this.deps.catalog,
      fleet: this.deps.fleet,
      overlays: this.deps.overlays,
      log: this.deps.log,
      syncIntervalMs: this.deps.syncIntervalMs,
      onHostChanged: (id) => {
        const h = this.deps.catalog.hosts.get(id);
        if (h) this.deps.feed.emit('host.changed', toApiHost(h));
      },
    });
    this.watchers.set(hostId, watcher);
    watcher.start();
  }

  private unwatch(hostId: string): void {
    this.watchers.get(hostId)?.stop();
    this.watchers.delete(hostId);
  }
}
