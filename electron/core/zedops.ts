import os from 'node:os';
import type { AppInfo } from '../shared/api';
import { Catalog } from './catalog/catalog';
import { toApiHost } from './api/to-api';
import type { ApiHandlers } from './api/dispatch';
import { ChangeFeed } from './change-feed';
import { ensureLocalHost, type LocalHostOptions } from './hosts/ensure-local-host';
import { silentLogger, type Logger } from './logger';
import { appVersion } from './version';
import { fleetHandlers } from './api/fleet-handlers';
import { Fleet } from './fleet/fleet';
import { HostConnections } from './hosts/host-connection';
import { KeyFileCipher } from './secrets/key-file-cipher';
import type { SecretCipher } from './secrets/secret-cipher';
import { durationSetting } from './settings';
import { Overlays } from './live/overlays';
import { Live } from './live/live';
import { CatalogWatcher } from './live/catalog-watcher';

export interface ZedopsOptions extends LocalHostOptions {
  dataDir: string;
  mode: AppInfo['mode'];
  logger?: Logger;
  /** How secrets are sealed; the key file in the data dir unless the shell brings its own (safeStorage). */
  cipher?: SecretCipher;
}

/** How often long-running processes look for deleted servers whose retention ran out. */
const retentionCheckMs = 60_000;

/**
 * Core, composed: the catalog, the change feed and the API handlers. The
 * desktop shell, `zedops serve` and the CLI each start one of these.
 */
export class Zedops {
  readonly feed = new ChangeFeed();
  readonly handlers: ApiHandlers;
  readonly log: Logger;
  readonly fleet: Fleet;
  readonly connections: HostConnections;
  readonly overlays = new Overlays();
  private timers: NodeJS.Timeout[] = [];
  /** Present once background work runs (desktop, `zedops serve`). */
  live: Live | undefined;
  private catalogWatcher: CatalogWatcher | undefined;

  private constructor(
    readonly catalog: Catalog,
    private readonly options: ZedopsOptions,
  ) {
    this.log = options.logger ?? silentLogger();
    const cipher = options.cipher ?? KeyFileCipher.open(options.dataDir);
    const connectContext = {
      cipher,
      env: options.env ?? process.env,
      homeDir: options.homedir ?? os.homedir(),
      log: this.log,
    };
    this.connections = new HostConnections(connectContext);
    this.fleet = new Fleet({
      catalog,
      cipher,
      connections: this.connections,
      feed: this.feed,
      log: this.log,
      retentionMs: () => durationSetting(catalog, 'deleted-retention'),
      overlays: this.overlays,
    });
    this.handlers = {
      'app.info': () => ({ version: appVersion, dataDir: options.dataDir, mode: options.mode }),
      'hosts.list': () => this.catalog.hosts.list().map(toApiHost),
      ...fleetHandlers({
        catalog,
        fleet: this.fleet,
        connections: this.connections,
        feed: this.feed,
        connectContext,
      }),
    };
  }

  static async start(options: ZedopsOptions): Promise<Zedops> {
    const zedops = new Zedops(Catalog.open(options.dataDir), options);
    try {
      await zedops.refreshLocalHosts();
    } catch (err) {
      zedops.close();
      throw err;
    }
    return zedops;
  }

  /** Probes local Docker, adding "This computer" the first time a socket answers. */
  async refreshLocalHosts(): Promise<void> {
    const outcome = await ensureLocalHost(this.catalog, this.options);
    if (outcome.added)
      this.log.info({ host: outcome.added.name, address: outcome.added.address }, 'added local Docker host');
    for (const host of outcome.changed) this.feed.emit('host.changed', toApiHost(host));
  }

  /**
   * For long-running processes (desktop, `zedops serve`): one sync now, so
   * operations a killed process left behind are resolved, and retention on a
   * timer. Short commands do not need it.
   */
  startBackgroundWork(): void {
    if (this.live) return;
    // Each host's watcher syncs as soon as its event stream is open: that resolves
    // operations a killed process left behind, and the periodic sync is its safety net.
    this.live = new Live({
      catalog: this.catalog,
      fleet: this.fleet,
      connections: this.connections,
      feed: this.feed,
      overlays: this.overlays,
      log: this.log,
      syncIntervalMs: () => durationSetting(this.catalog, 'sync-interval'),
    });
    this.live.start();
    this.catalogWatcher = new CatalogWatcher(this.catalog, this.fleet, this.feed);
    this.catalogWatcher.start();
    const retention = setInterval(() => {
      this.fleet.purgeExpired().catch((err: unknown) => this.log.warn({ err }, 'retention purge failed'));
    }, retentionCheckMs);
    retention.unref();
    this.timers.push(retention);
  }

  close(): void {
    this.live?.stop();
    this.live = undefined;
    this.catalogWatcher?.stop();
    this.timers.forEach(clearInterval);
    this.timers = [];
    this.connections.closeAll();
    this.catalog.close();
  }
}
