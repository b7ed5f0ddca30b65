import type Database from 'better-sqlite3';
import type { ServerStatus } from '../../shared/lifecycle';
import type { PortRole } from '../../shared/servers';

export type EventActor = 'user' | 'reconciler' | 'retention';

export interface ServerConfig {
  env: Record<string, string>;
}

export interface ServerRecord {
  id: string;
  hostId: string;
  name: string;
  containerId: string | null;
  image: string;
  config: ServerConfig;
  /** Sealed by the SecretCipher; never plaintext. */
  secrets: Buffer | null;
  gamePort: number;
  udpPort: number;
  rconPort: number;
  status: ServerStatus;
  dataExists: boolean;
  lastError: string | null;
  deletedAt: number | null;
  leaseOwner: string | null;
  leaseOperation: string | null;
  leaseExpiresAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/** Fields an operation may change; status goes through `transition` so it always leaves history. */
export type ServerPatch = Partial<
  Pick<
    ServerRecord,
    | 'containerId'
    | 'image'
    | 'config'
    | 'secrets'
    | 'gamePort'
    | 'udpPort'
    | 'rconPort'
    | 'dataExists'
    | 'lastError'
    | 'deletedAt'
  >
>;

export interface Transition {
  to: ServerStatus;
  kind: string;
  message: string;
  actor: EventActor;
  patch?: ServerPatch;
}

interface ServerRow {
  id: string;
  host_id: string;
  name: string;
  container_id: string | null;
  image: string;
  config: string;
  secrets: Buffer | null;
  game_port: number;
  udp_port: number;
  rcon_port: number;
  status: ServerStatus;
  data_exists: number;
  last_error: string | null;
  deleted_at: number | null;
  lease_owner: string | null;
  lease_operation: string | null;
  lease_expires_at: number | null;
  created_at: number;
  updated_at: number;
}

const columns: Record<keyof ServerPatch, string> = {
  containerId: 'container_id',
  image: 'image',
  config: 'config',
  secrets: 'secrets',
  gamePort: 'game_port',
  udpPort: 'udp_port',
  rconPort: 'rcon_port',
  dataExists: 'data_exists',
  lastError: 'last_error',
  deletedAt: 'deleted_at',
};

function toColumnValue(key: keyof ServerPatch, value: unknown): unknown {
  if (key === 'config') return JSON.stringify(value);
  if (key === 'dataExists') return value ? 1 : 0;
  return value;
}

function fromRow(r: ServerRow): ServerRecord {
  return {
    id: r.id,
    hostId: r.host_id,
    name: r.name,
    containerId: r.container_id,
    image: r.image,
    config: JSON.parse(r.config) as ServerConfig,
    secrets: r.secrets,
    gamePort: r.game_port,
    udpPort: r.udp_port,
    rconPort: r.rcon_port,
    status: r.status,
    dataExists: r.data_exists === 1,
    lastError: r.last_error,
    deletedAt: r.deleted_at,
    leaseOwner: r.lease_owner,
    leaseOperation: r.lease_operation,
    leaseExpiresAt: r.lease_expires_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export interface NewServer {
  id: string;
  hostId: string;
  name: string;
  image: string;
  config: ServerConfig;
  secrets: Buffer | null;
  gamePort: number;
  udpPort: number;
  rconPort: number;
  status: ServerStatus;
}

export type ServerInclude = 'active' | 'deleted' | 'all';

/** Servers, their port reservations and their history. Status changes always write history. */
export class ServersRepo {
  constructor(private readonly db: Database.Database) {}

  get(id: string): ServerRecord | undefined {
    const row = this.db.prepare('SELECT * FROM servers WHERE id = ?').get(id) as ServerRow | undefined;
    return row && fromRow(row);
  }

  findByName(hostId: string, name: string): ServerRecord | undefined {
    const row = this.db.prepare('SELECT * FROM servers WHERE host_id = ? AND name = ?').get(hostId, name) as
      ServerRow | undefined;
    return row && fromRow(row);
  }

  list(filter: { hostId?: string; include?: ServerInclude; statuses?: readonly ServerStatus[] } = {}): ServerRecord[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.hostId) {
      where.push('host_id = ?');
      args.push(filter.hostId);
    }
    const include = filter.include ?? 'all';
    if (include === 'active') where.push("status <> 'deleted'");
    if (include === 'deleted') where.push("status = 'deleted'");
    if (filter.statuses) {
      where.push(`status IN (${filter.statuses.map(() => '?').join(', ')})`);
      args.push(...filter.statuses);
    }
    const sql = `SELECT * FROM servers ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY name, created_at`;
    return (this.db.prepare(sql).all(...args) as ServerRow[]).map(fromRow);
  }

  /** Inserts the row, reserves its ports and writes the first history event. Call inside a transaction. */
  insert(
    server: NewServer,
    event: { kind: string; message: string; actor: EventActor },
    now = Date.now(),
  ): ServerRecord {
    this.db
      .prepare(
        `INSERT INTO servers (id, host_id, name, image, config, secrets, game_port, udp_port, rcon_port, status, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        server.id,
        server.hostId,
        server.name,
        server.image,
        JSON.stringify(server.config),
        server.secrets,
        server.gamePort,
        server.udpPort,
        server.rconPort,
        server.status,
        now,
        now,
      );
    this.reservePorts(server.id);
    this.addEvent(server.id, { ...event, from: null, to: server.status }, now);
    return this.mustGet(server.id);
  }

  /** Applies field changes without a status change (no history). */
  update(id: string, patch: ServerPatch, now = Date.now()): ServerRecord {
    const keys = Object.keys(patch) as (keyof ServerPatch)[];
    if (keys.length > 0) {
      const sets = keys.map((k) => `${columns[k]} = ?`).join(', ');
      const values = keys.map((k) => toColumnValue(k, patch[k]));
      this.db.prepare(`UPDATE servers SET ${sets}, updated_at = ? WHERE id = ?`).run(...values, now, id);
      if (keys.some((k) => k === 'gamePort' || k === 'udpPort' || k === 'rconPort')) this.reservePorts(id);
    }
    return this.mustGet(id);
  }

  /** Changes status and writes its history event, in one transaction. */
  transition(id: string, t: Transition, now = Date.now()): ServerRecord {
    return this.db
      .transaction(() => {
        const before = this.mustGet(id);
        if (t.patch) this.update(id, t.patch, now);
        this.db.prepare('UPDATE servers SET status = ?, updated_at = ? WHERE id = ?').run(t.to, now, id);
        this.addEvent(id, { kind: t.kind, message: t.message, actor: t.actor, from: before.status, to: t.to }, now);
        return this.mustGet(id);
      })
      .immediate();
  }

  /** Writes a history event without a status change (a crash the container survived, a note). */
  note(id: string, event: { kind: string; message: string; actor: EventActor }, now = Date.now()): void {
    const s = this.mustGet(id);
    this.addEvent(id, { ...event, from: s.status, to: s.status }, now);
  }

  /** Removes the row; its reservations and history go with it. */
  remove(id: string): void {
    this.db.prepare('DELETE FROM servers WHERE id = ?').run(id);
  }

  /** Takes the operation lease if free or expired. False when another operation holds it. */
  acquireLease(id: string, owner: string, operation: string, ttlMs: number, now = Date.now()): boolean {
    const r = this.db
      .prepare(
        `UPDATE servers SET lease_owner = ?, lease_operation = ?, lease_expires_at = ?
         WHERE id = ? AND (lease_owner IS NULL OR lease_expires_at <= ? OR lease_owner = ?)`,
      )
      .run(owner, operation, now + ttlMs, id, now, owner);
    return r.changes === 1;
  }

  renewLease(id: string, owner: string, ttlMs: number, now = Date.now()): boolean {
    const r = this.db
      .prepare('UPDATE servers SET lease_expires_at = ? WHERE id = ? AND lease_owner = ?')
      .run(now + ttlMs, id, owner);
    return r.changes === 1;
  }

  releaseLease(id: string, owner: string): void {
    this.db
      .prepare(
        'UPDATE servers SET lease_owner = NULL, lease_operation = NULL, lease_expires_at = NULL WHERE id = ? AND lease_owner = ?',
      )
      .run(id, owner);
  }

  /** Drops a lease whose operation is known to be dead. */
  clearLease(id: string): void {
    this.db
      .prepare('UPDATE servers SET lease_owner = NULL, lease_operation = NULL, lease_expires_at = NULL WHERE id = ?')
      .run(id);
  }

  history(id: string, limit = 50): ServerEventRecord[] {
    return this.db
      .prepare('SELECT * FROM server_events WHERE server_id = ? ORDER BY at DESC, id DESC LIMIT ?')
      .all(id, limit) as ServerEventRecord[];
  }

  /** Every reservation on a host, with who holds it. */
  reservations(hostId: string): ReservationRecord[] {
    return this.db
      .prepare(
        `SELECT r.protocol, r.port, r.role, r.server_id AS serverId, s.name AS serverName, s.status AS serverStatus
         FROM port_reservations r JOIN servers s ON s.id = r.server_id WHERE r.host_id = ? ORDER BY r.port`,
      )
      .all(hostId) as ReservationRecord[];
  }

  private reservePorts(id: string): void {
    const s = this.mustGet(id);
    this.db.prepare('DELETE FROM port_reservations WHERE server_id = ?').run(id);
    const insert = this.db.prepare(
      'INSERT INTO port_reservations (host_id, protocol, port, server_id, role) VALUES (?, ?, ?, ?, ?)',
    );
    const roles: [PortRole, 'udp' | 'tcp', number][] = [
      ['game', 'udp', s.gamePort],
      ['udp', 'udp', s.udpPort],
      ['rcon', 'tcp', s.rconPort],
    ];
    for (const [role, protocol, port] of roles) insert.run(s.hostId, protocol, port, id, role);
  }

  private addEvent(
    id: string,
    e: { kind: string; message: string; actor: EventActor; from: ServerStatus | null; to: ServerStatus | null },
    now: number,
  ): void {
    this.db
      .prepare(
        'INSERT INTO server_events (server_id, at, kind, from_status, to_status, message, actor) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(id, now, e.kind, e.from, e.to, e.message, e.actor);
  }

  private mustGet(id: string): ServerRecord {
    const s = this.get(id);
    if (!s) throw new Error(`Server ${id} is not in the catalog.`);
    return s;
  }
}

export interface ServerEventRecord {
  id: number;
  server_id: string;
  at: number;
  kind: string;
  from_status: ServerStatus | null;
  to_status: ServerStatus | null;
  message: string;
  actor: EventActor;
}

export interface ReservationRecord {
  protocol: 'udp' | 'tcp';
  port: number;
  role: PortRole;
  serverId: string;
  serverName: string;
  serverStatus: ServerStatus;
}
