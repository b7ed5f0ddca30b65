import { describe, expect, it } from 'vitest';
import type { ServerRecord } from '../catalog/servers-repo';
import type { ServerStatus } from '../../shared/lifecycle';
import { reconcile, type ObservedContainer } from './reconcile';
import { healthOf } from './docker-ops';

const now = 1_000_000;
function row(id: string, status: ServerStatus, extra: Partial<ServerRecord> = {}): ServerRecord {
  return {
    id,
    hostId: 'h',
    name: id,
    containerId: `c-${id}`,
    image: 'img',
    config: { env: {} },
    secrets: null,
    gamePort: 16261,
    udpPort: 16262,
    rconPort: 27015,
    status,
    dataExists: true,
    lastError: null,
    deletedAt: null,
    leaseOwner: null,
    leaseOperation: null,
    leaseExpiresAt: null,
    createdAt: 0,
    updatedAt: 0,
    ...extra,
  };
}
const container = (serverId: string, state: string, id = `c-${serverId}`, created = 1): ObservedContainer => ({
  id,
  serverId,
  serverName: serverId,
  state,
  created,
});
const run = (rows: ServerRecord[], containers: ObservedContainer[], data: Record<string, boolean> = {}) =>
  reconcile({ rows, containers, dataExists: new Map(Object.entries(data)), now });

describe('reconcile', () => {
  it('changes nothing when the catalog matches Docker', () => {
    expect(
      run([row('a', 'running'), row('b', 'stopped')], [container('a', 'running'), container('b', 'exited')]).changes,
    ).toEqual([]);
  });

  it('follows a container stopped or started outside ZedOps', () => {
    const { changes } = run(
      [row('a', 'running'), row('b', 'stopped')],
      [container('a', 'exited'), container('b', 'running')],
    );
    expect(changes.map((c) => [c.serverId, c.to])).toEqual([
      ['a', 'stopped'],
      ['b', 'running'],
    ]);
  });

  it('marks a server missing when its container is gone, with data_exists refreshed', () => {
    const { changes } = run([row('a', 'running'), row('b', 'stopped')], [], { a: true, b: false });
    expect(changes).toMatchObject([
      { serverId: 'a', to: 'missing', patch: { containerId: null } },
      { serverId: 'b', to: 'missing', patch: { containerId: null, dataExists: false } },
    ]);
    expect(changes[0]?.message).toMatch(/world data is still on the host/);
  });

  it('relinks by label when the container was recreated with a new id', () => {
    const { changes } = run([row('a', 'missing', { containerId: null })], [container('a', 'running', 'new-id')]);
    expect(changes).toMatchObject([
      { serverId: 'a', to: 'running', patch: { containerId: 'new-id' }, kind: 'container-relinked' },
    ]);
    const same = run([row('b', 'running', { containerId: 'old' })], [container('b', 'running', 'newer')]);
    expect(same.changes).toMatchObject([{ serverId: 'b', patch: { containerId: 'newer' } }]);
    expect(same.changes[0]?.to).toBeUndefined();
  });

  it('never turns a failed server into missing; only a running container revives it', () => {
    expect(run([row('a', 'failed')], [], { a: true }).changes).toEqual([]);
    expect(run([row('a', 'failed')], [container('a', 'exited')]).changes).toEqual([]);
    expect(run([row('a', 'failed', { lastError: 'x' })], [container('a', 'running')]).changes).toMatchObject([
      { to: 'running', patch: { lastError: null } },
    ]);
  });

  it('keeps a deleted server deleted and reports a container that shows up for it', () => {
    const result = run([row('a', 'deleted', { containerId: null })], [container('a', 'running')]);
    expect(result.changes).toEqual([]);
    expect(result.strays).toEqual([{ serverId: 'a', containerId: 'c-a' }]);
  });

  it('leaves servers under a live lease alone and resolves expired transient ones from Docker', () => {
    const live = { leaseOwner: 'p', leaseExpiresAt: now + 1 };
    const expired = { leaseOwner: 'p', leaseExpiresAt: now - 1 };
    expect(run([row('a', 'creating', live)], []).changes).toEqual([]);
    expect(run([row('a', 'creating', expired)], [container('a', 'running')]).changes).toMatchObject([
      { to: 'running' },
    ]);
    expect(run([row('a', 'creating', expired)], []).changes).toMatchObject([{ to: 'failed' }]);
    expect(run([row('a', 'deleting', expired)], []).changes).toMatchObject([{ to: 'deleted' }]);
  });

  it('prefers the running container when several carry the same server id', () => {
    const { changes } = run(
      [row('a', 'stopped', { containerId: 'x' })],
      [container('a', 'exited', 'x', 5), container('a', 'running', 'y', 1)],
    );
    expect(changes).toMatchObject([{ to: 'running', patch: { containerId: 'y' } }]);
  });

  it('lists labelled containers without a catalog row as importable', () => {
    const orphan = container('unknown', 'running');
    expect(run([row('a', 'running')], [container('a', 'running'), orphan]).importable).toEqual([orphan]);
  });
});

describe('healthOf', () => {
  it("reads the health check from Docker's status text", () => {
    expect(healthOf('Up 5 minutes (healthy)')).toBe('healthy');
    expect(healthOf('Up 2 seconds (health: starting)')).toBe('starting');
    expect(healthOf('Up 1 hour (unhealthy)')).toBe('unhealthy');
    expect(healthOf('Up 1 hour')).toBeNull();
    expect(healthOf('Exited (0) 3 minutes ago')).toBeNull();
  });
});
