import type Database from 'better-sqlite3';

export interface Migration {
  /** 1, 2, 3... in order; stored in `PRAGMA user_version` once applied. */
  version: number;
  name: string;
  sql: string;
}

export class CatalogTooNewError extends Error {
  constructor(
    readonly catalogVersion: number,
    readonly appVersion: number,
    file: string,
  ) {
    super(
      `The catalog at ${file} was written by a newer ZedOps (schema ${catalogVersion}; this one knows up to ${appVersion}). ` +
        'Update ZedOps, or point it at another data dir with --home or ZEDOPS_HOME. The catalog was not changed.',
    );
    this.name = 'CatalogTooNewError';
  }
}

export function checkMigrationList(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(
        `Migration "${m.name}" has version ${m.version}; expected ${i + 1} (versions run 1, 2, 3... without gaps).`,
      );
    }
  });
}

/** Returns the catalog's schema version, or throws when this app is too old for it. */
export function assertNotTooNew(db: Database.Database, migrations: readonly Migration[], file = db.name): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) throw new CatalogTooNewError(current, migrations.length, file);
  return current;
}

/**
 * Brings the catalog to the latest schema. Each migration runs in its own
 * transaction together with the bump of `user_version`, so a crash leaves
 * the catalog at a version it really has. A catalog newer than this app is
 * refused untouched.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[], file = db.name): number {
  checkMigrationList(migrations);
  const latest = migrations.length;
  const current = assertNotTooNew(db, migrations, file);
  for (const m of migrations.slice(current)) {
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return latest;
}
