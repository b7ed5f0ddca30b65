import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Catalog } from './catalog';
import { CatalogTooNewError, migrate, type Migration } from './migrate';
import { migrations } from './migrations';
import { useTempDirs } from '../testing/temp-dirs';

const tmpDir = useTempDirs('zedops-catalog');

describe('Catalog.open', () => {
  it('creates <data dir>/catalog.db with WAL, foreign keys and the latest schema', () => {
    const dir = path.join(tmpDir(), 'nested', 'home');
    const catalog = Catalog.open(dir);
    try {
      expect(catalog.file).toBe(path.join(dir, 'catalog.db'));
      expect(catalog.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(catalog.db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(catalog.db.pragma('user_version', { simple: true })).toBe(migrations.length);
      expect(fs.statSync(catalog.file).mode & 0o777).toBe(0o600);
    } finally {
      catalog.close();
    }
  });

  it('has the tables LIFECYCLE.md names', () => {
    const catalog = Catalog.open(tmpDir());
    try {
      const tables = (
        catalog.db
          .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
          .all() as { name: string }[]
      ).map((r) => r.name);
      expect(tables).toEqual(['hosts', 'port_reservations', 'server_events', 'servers', 'settings']);
    } finally {
      catalog.close();
    }
  });

  it('keeps data across reopening and does not re-run migrations', () => {
    const dir = tmpDir();
    const first = Catalog.open(dir);
    first.hosts.insert({ name: 'box1', kind: 'local', address: 'unix:///var/run/docker.sock' });
    first.close();
    const second = Catalog.open(dir);
    try {
      expect(second.hosts.list().map((h) => h.name)).toEqual(['box1']);
    } finally {
      second.close();
    }
  });

  it('refuses a catalog written by a newer ZedOps and leaves it untouched', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'catalog.db');
    const db = new Database(file);
    db.pragma(`user_version = ${migrations.length + 5}`);
    db.exec('CREATE TABLE future (x)');
    db.close();
    const before = fs.readFileSync(file);
    expect(() => Catalog.open(dir)).toThrow(CatalogTooNewError);
    expect(() => Catalog.open(dir)).toThrow(/newer ZedOps/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('enforces the schema: unique host names, known statuses, port ranges, foreign keys', () => {
    const catalog = Catalog.open(tmpDir());
    try {
      const host = catalog.hosts.insert({ name: 'box1', kind: 'local', address: 'unix:///s' });
      expect(() => catalog.hosts.insert({ name: 'box1', kind: 'local', address: 'unix:///t' })).toThrow(/UNIQUE/);
      const insertServer = catalog.db.prepare(
        `INSERT INTO servers (id, host_id, name, image, game_port, udp_port, rcon_port, status, created_at, updated_at)
         VALUES (?, ?, ?, 'img', 16261, 16262, 27015, ?, 0, 0)`,
      );
      expect(() => insertServer.run('s1', host.id, 'north', 'exploded')).toThrow(/CHECK/);
      expect(() => insertServer.run('s2', 'no-such-host', 'north', 'running')).toThrow(/FOREIGN KEY/);
      insertServer.run('s3', host.id, 'north', 'running');
      expect(() => insertServer.run('s4', host.id, 'north', 'running')).toThrow(/UNIQUE/);
      const reserve = catalog.db.prepare(
        'INSERT INTO port_reservations (host_id, protocol, port, server_id, role) VALUES (?, ?, ?, ?, ?)',
      );
      reserve.run(host.id, 'udp', 16261, 's3', 'game');
      expect(() => reserve.run(host.id, 'udp', 80, 's3', 'udp')).toThrow(/CHECK/);
    } finally {
      catalog.close();
    }
  });
});

describe('migrate', () => {
  const m = (version: number, sql: string): Migration => ({ version, name: `m${version}`, sql });

  it('runs each pending migration once, in order, and records the version', () => {
    const db = new Database(':memory:');
    expect(migrate(db, [m(1, 'CREATE TABLE a (x)')])).toBe(1);
    expect(migrate(db, [m(1, 'CREATE TABLE a (x)'), m(2, 'CREATE TABLE b (x)')])).toBe(2);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    db.close();
  });

  it('rolls a failing migration back whole, leaving the version where it was', () => {
    const db = new Database(':memory:');
    migrate(db, [m(1, 'CREATE TABLE a (x)')]);
    expect(() => migrate(db, [m(1, 'CREATE TABLE a (x)'), m(2, 'CREATE TABLE b (x); CREATE TABLE a (y)')])).toThrow(
      /already exists/,
    );
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'b'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses a migration list with gaps', () => {
    const db = new Database(':memory:');
    expect(() => migrate(db, [m(1, 'SELECT 1'), m(3, 'SELECT 1')])).toThrow(/expected 2/);
    db.close();
  });
});
