import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { hostKinds, hostStatuses } from '../../shared/api';

export type HostKind = (typeof hostKinds)[number];
export type HostStatus = (typeof hostStatuses)[number];

export const defaultDataRoot = '/var/lib/zedops/servers';

export interface HostRecord {
  id: string;
  name: string;
  kind: HostKind;
  address: string;
  settings: Record<string, unknown>;
  secretRef: string | null;
  dataRoot: string;
  registry: string | null;
  status: HostStatus;
  lastSeen: number | null;
  dockerVersion: string | null;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface NewHost {
  name: string;
  kind: HostKind;
  address: string;
  settings?: Record<string, unknown>;
  dataRoot?: string;
  registry?: string | null;
  /** Private keys and passphrases, already sealed by the secret cipher. */
  secretRef?: string | null;
}

interface HostRow {
  id: string;
  name: string;
  kind: HostKind;
  address: string;
  settings: string;
  secret_ref: string | null;
  data_root: string;
  registry: string | null;
  status: HostStatus;
  last_seen: number | null;
  docker_version: string | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

function fromRow(row: HostRow): HostRecord {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    address: row.address,
    settings: JSON.parse(row.settings) as Record<string, unknown>,
    secretRef: row.secret_ref,
    dataRoot: row.data_root,
    registry: row.registry,
    status: row.status,
    lastSeen: row.last_seen,
    dockerVersion: row.docker_version,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class HostsRepo {
  constructor(private readonly db: Database.Database) {}

  list(): HostRecord[] {
    return (this.db.prepare('SELECT * FROM hosts ORDER BY created_at, name').all() as HostRow[]).map(fromRow);
  }

  get(id: string): HostRecord | undefined {
    const row = this.db.prepare('SELECT * FROM hosts WHERE id = ?').get(id) as HostRow | undefined;
    return row && fromRow(row);
  }

  findByName(name: string): HostRecord | undefined {
    const row = this.db.prepare('SELECT * FROM hosts WHERE name = ?').get(name) as HostRow | undefined;
    return row && fromRow(row);
  }

  findByKind(kind: HostKind): HostRecord[] {
    return (this.db.prepare('SELECT * FROM hosts WHERE kind = ? ORDER BY created_at').all(kind) as HostRow[]).map(
      fromRow,
    );
  }

  insert(host: NewHost, now = Date.now()): HostRecord {
    const id = randomUUID();
    this.db
      .prepare(
        `INSERT INTO hosts (id, name, kind, address, settings, secret_ref, data_root, registry, status, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'unknown', ?, ?)`,
      )
      .run(
        id,
        host.name,
        host.kind,
        host.address,
        JSON.stringify(host.settings ?? {}),
        host.secretRef ?? null,
        host.dataRoot ?? defaultDataRoot,
        host.registry ?? null,
        now,
        now,
      );
    const created = this.get(id);
    if (!created) throw new Error(`Host "${host.name}" vanished right after it was added.`);
    return created;
  }

  /** How the host is reached changed (an agent was installed): kind, address, settings and secret together. */
  relink(id: string, link: Pick<HostRecord, 'kind' | 'address' | 'settings' | 'secretRef'>, now = Date.now()): void {
    this.db
      .prepare('UPDATE hosts SET kind = ?, address = ?, settings = ?, secret_ref = ?, updated_at = ? WHERE id = ?')
      .run(link.kind, link.address, JSON.stringify(link.settings), link.secretRef, now, id);
  }

  remove(id: string): void {
    this.db.prepare('DELETE FROM hosts WHERE id = ?').run(id);
  }

  /** Records what a connection attempt saw. Returns the row, or undefined if nothing changed. */
  recordProbe(
    id: string,
    probe: { status: 'online'; dockerVersion: string } | { status: 'offline'; error: string },
    now = Date.now(),
  ): HostRecord | undefined {
    const before = this.get(id);
    if (!before) return undefined;
    const next =
      probe.status === 'online'
        ? { status: 'online' as const, dockerVersion: probe.dockerVersion, lastError: null, lastSeen: now }
        : {
            status: 'offline' as const,
            dockerVersion: before.dockerVersion,
            lastError: probe.error,
            lastSeen: before.lastSeen,
          };
    const changed =
      before.status !== next.status ||
      before.dockerVersion !== next.dockerVersion ||
      before.lastError !== next.lastError;
    this.db
      .prepare(
        'UPDATE hosts SET status = ?, docker_version = ?, last_error = ?, last_seen = ?, updated_at = ? WHERE id = ?',
      )
      .run(next.status, next.dockerVersion, next.lastError, next.lastSeen, changed ? now : before.updatedAt, id);
    return changed ? this.get(id) : undefined;
  }
}
