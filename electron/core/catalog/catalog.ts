import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { catalogPath } from '../paths/data-dir';
import { assertNotTooNew, migrate } from './migrate';
import { migrations } from './migrations';
import { HostsRepo } from './hosts-repo';
import { SettingsRepo } from './settings-repo';
import { ServersRepo } from './servers-repo';

/** The catalog: what should exist. One SQLite file per data dir. */
export class Catalog {
  readonly hosts: HostsRepo;
  readonly settings: SettingsRepo;
  readonly servers: ServersRepo;

  private constructor(
    readonly db: Database.Database,
    readonly file: string,
  ) {
    this.hosts = new HostsRepo(db);
    this.settings = new SettingsRepo(db);
    this.servers = new ServersRepo(db);
  }

  /** Opens (creating if needed) `<dataDir>/catalog.db`, migrated to the latest schema. */
  static open(dataDir: string): Catalog {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const file = catalogPath(dataDir);
    return Catalog.openFile(file);
  }

  static openFile(file: string): Catalog {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const db = new Database(file);
    try {
      // Refuse a newer catalog before anything (even the WAL switch) writes to it.
      assertNotTooNew(db, migrations, file);
      // The catalog holds host addresses and encrypted secrets: owner only.
      fs.chmodSync(file, 0o600);
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      db.pragma('synchronous = NORMAL');
      migrate(db, migrations, file);
    } catch (err) {
      db.close();
      throw err;
    }
    return new Catalog(db, file);
  }

  /** Runs fn in one immediate transaction: every status change and its history event commit together. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
