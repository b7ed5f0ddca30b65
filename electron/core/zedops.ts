import type { AppInfo } from '../shared/api';
import { Catalog } from './catalog/catalog';
import { toApiHost } from './api/to-api';
import type { ApiHandlers } from './api/dispatch';
import { ChangeFeed } from './change-feed';
import { ensureLocalHost, type LocalHostOptions } from './hosts/ensure-local-host';
import { silentLogger, type Logger } from './logger';
import { appVersion } from './version';

export interface ZedopsOptions extends LocalHostOptions {
  dataDir: string;
  mode: AppInfo['mode'];
  logger?: Logger;
}

/**
 * Core, composed: the catalog, the change feed and the API handlers. The
 * desktop shell, `zedops serve` and the CLI each start one of these.
 */
export class Zedops {
  readonly feed = new ChangeFeed();
  readonly handlers: ApiHandlers;
  readonly log: Logger;

  private constructor(
    readonly catalog: Catalog,
    private readonly options: ZedopsOptions,
  ) {
    this.log = options.logger ?? silentLogger();
    this.handlers = {
      'app.info': () => ({ version: appVersion, dataDir: options.dataDir, mode: options.mode }),
      'hosts.list': () => this.catalog.hosts.list().map(toApiHost),
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

  close(): void {
    this.catalog.close();
  }
}
