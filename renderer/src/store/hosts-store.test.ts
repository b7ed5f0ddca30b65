import { describe, expect, it } from 'vitest';
import type { Host } from '../../../electron/shared/api';
import { upsertHost } from './hosts-store';

const host = (id: string, status: Host['status'] = 'online'): Host => ({
  id,
  name: id,
  kind: 'local',
  address: 'unix:///var/run/docker.sock',
  dataRoot: '/var/lib/zedops/servers',
  registry: null,
  status,
  lastSeen: null,
  dockerVersion: '20.10.24',
  lastError: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

describe('upsertHost', () => {
  it('replaces a known host in place, keeping the order', () => {
    const next = upsertHost([host('a'), host('b')], host('a', 'offline'));
    expect(next.map((h) => [h.id, h.status])).toEqual([
      ['a', 'offline'],
      ['b', 'online'],
    ]);
  });

  it('appends a host it has not seen', () => {
    expect(upsertHost([host('a')], host('c')).map((h) => h.id)).toEqual(['a', 'c']);
  });
});
