import type { Migration } from '../migrate';

/** The tables named in LIFECYCLE.md. Times are milliseconds since the epoch. */
export const initial: Migration = {
  version: 1,
  name: 'initial',
  sql: `
    CREATE TABLE hosts (
      id             TEXT PRIMARY KEY,
      name           TEXT NOT NULL UNIQUE,
      kind           TEXT NOT NULL CHECK (kind IN ('local', 'tls', 'ssh', 'agent')),
      address        TEXT NOT NULL,
      settings       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings)),
      secret_ref     TEXT,
      data_root      TEXT NOT NULL DEFAULT '/var/lib/zedops/servers',
      registry       TEXT,
      status         TEXT NOT NULL DEFAULT 'unknown' CHECK (status IN ('online', 'offline', 'unknown')),
      last_seen      INTEGER,
      docker_version TEXT,
      last_error     TEXT,
      created_at     INTEGER NOT NULL,
      updated_at     INTEGER NOT NULL
    );

    CREATE TABLE servers (
      id               TEXT PRIMARY KEY,
      host_id          TEXT NOT NULL REFERENCES hosts(id) ON DELETE RESTRICT,
      name             TEXT NOT NULL,
      container_id     TEXT,
      image            TEXT NOT NULL,
      config           TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(config)),
      secrets          BLOB,
      game_port        INTEGER NOT NULL,
      udp_port         INTEGER NOT NULL,
      rcon_port        INTEGER,
      status           TEXT NOT NULL CHECK (status IN ('creating', 'running', 'stopped', 'failed', 'missing', 'deleting', 'deleted')),
      data_exists      INTEGER NOT NULL DEFAULT 0 CHECK (data_exists IN (0, 1)),
      last_error       TEXT,
      deleted_at       INTEGER,
      lease_owner      TEXT,
      lease_operation  TEXT,
      lease_expires_at INTEGER,
      created_at       INTEGER NOT NULL,
      updated_at       INTEGER NOT NULL,
      UNIQUE (host_id, name)
    );
    CREATE INDEX servers_by_status ON servers (host_id, status);

    CREATE TABLE port_reservations (
      host_id   TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
      protocol  TEXT NOT NULL CHECK (protocol IN ('udp', 'tcp')),
      port      INTEGER NOT NULL CHECK (port BETWEEN 1024 AND 65535),
      server_id TEXT NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
      role      TEXT NOT NULL CHECK (role IN ('game', 'udp', 'rcon')),
      PRIMARY KEY (host_id, protocol, port),
      UNIQUE (server_id, role)
    );

    CREATE TABLE server_events (
      id          INTEGER PRIMARY KEY AUTOINCREMENT,
      server_id   TEXT NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
      at          INTEGER NOT NULL,
      kind        TEXT NOT NULL,
      from_status TEXT,
      to_status   TEXT,
      message     TEXT NOT NULL DEFAULT '',
      actor       TEXT NOT NULL CHECK (actor IN ('user', 'reconciler', 'retention'))
    );
    CREATE INDEX server_events_by_server ON server_events (server_id, at);

    CREATE TABLE settings (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL
    );
  `,
};
