import type { Catalog } from '../catalog/catalog';
import type { ChangeFeed } from '../change-feed';
import type { Fleet } from '../fleet/fleet';
import { toApiHost } from '../api/to-api';

/**
 * Notices catalog writes made by another process (the CLI, another app
 * instance) and puts them on the change feed. SQLite's `data_version`
 * changes only when another connection committed, so an idle check is one
 * cheap local read; rows are read only after a foreign write.
 */
export class CatalogWatcher {
  private version: number;
  private since = Date.now();
  private serverIds: Map<string, { hostId: string; name: string }>;
  private hostIds: Set<string>;
  private timer: NodeJS.Timeout | undefined;
  private offFeed: (() => void)[] = [];

  constructor(
    private readonly catalog: Catalog,
    private readonly fleet: Fleet,
    private readonly feed: ChangeFeed,
    private readonly intervalMs = 500,
  ) {
    this.version = this.dataVersion();
    this.serverIds = this.readServerIds();
    this.hostIds = new Set(catalog.hosts.list().map((h) => h.id));
  }

  start(): void {
    // What this process adds or removes is known from its own feed, so a server made
    // here and purged by another process is still announced as removed.
    this.offFeed = [
      this.feed.subscribe('server.changed', (s) => this.serverIds.set(s.id, { hostId: s.hostId, name: s.name })),
      this.feed.subscribe('server.removed', (s) => this.serverIds.delete(s.id)),
      this.feed.subscribe('host.changed', (h) => this.hostIds.add(h.id)),
      this.feed.subscribe('host.removed', (h) => this.hostIds.delete(h.id)),
    ];
    this.timer = setInterval(() => this.check(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.offFeed.forEach((off) => off());
    this.offFeed = [];
  }

  /** Emits what changed since the last foreign write (our own changes there again are harmless repeats). */
  check(): void {
    if (!this.catalog.db.open) return;
    const version = this.dataVersion();
    if (version === this.version) return;
    this.version = version;
    // A second of overlap: updated_at is written by the other process's clock.
    const after = this.since - 1000;
    this.since = Date.now();

    const servers = this.readServerIds();
    const changed = this.catalog.db.prepare('SELECT id FROM servers WHERE updated_at > ?').all(after) as {
      id: string;
    }[];
    for (const { id } of changed) this.fleet.emit(id);
    for (const [id, s] of this.serverIds) {
      if (!servers.has(id)) this.feed.emit('server.removed', { id, hostId: s.hostId, name: s.name });
    }
    this.serverIds = servers;

    const hosts = this.catalog.hosts.list();
    for (const h of hosts)
      if (h.updatedAt > after || !this.hostIds.has(h.id)) this.feed.emit('host.changed', toApiHost(h));
    const now = new Set(hosts.map((h) => h.id));
    for (const id of this.hostIds) if (!now.has(id)) this.feed.emit('host.removed', { id, name: '' });
    this.hostIds = now;
  }

  private dataVersion(): number {
    return this.catalog.db.pragma('data_version', { simple: true }) as number;
  }

  private readServerIds() {
    const rows = this.catalog.db.prepare('SELECT id, host_id, name FROM servers').all() as {
      id: string;
      host_id: string;
      name: string;
    }[];
    return new Map(rows.map((r) => [r.id, { hostId: r.host_id, name: r.name }]));
  }
}
