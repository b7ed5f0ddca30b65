import { describe, expect, it } from 'vitest';
import type { OperationProgress } from '../../../electron/shared/servers';
import { aServer } from '../fleet/test-servers';
import { forgetProgress, removeServer, trackProgress, upsertServer } from './servers-store';

const progress = (serverId: string, message: string): OperationProgress => ({
  serverId,
  operation: 'recover',
  step: 'pull',
  message,
  fraction: null,
});

describe('upsertServer', () => {
  it('replaces a known server in place, keeping the order', () => {
    const next = upsertServer([aServer({ id: 'a' }), aServer({ id: 'b' })], aServer({ id: 'a', status: 'stopped' }));
    expect(next.map((s) => [s.id, s.status])).toEqual([
      ['a', 'stopped'],
      ['b', 'running'],
    ]);
  });

  it('appends a server it has not seen', () => {
    expect(upsertServer([aServer({ id: 'a' })], aServer({ id: 'c' })).map((s) => s.id)).toEqual(['a', 'c']);
  });

  it('does not change the array it was given', () => {
    const before = [aServer({ id: 'a' })];
    upsertServer(before, aServer({ id: 'a', status: 'missing' }));
    expect(before[0]?.status).toBe('running');
  });
});

describe('removeServer', () => {
  it('drops the server with that id', () => {
    expect(removeServer([aServer({ id: 'a' }), aServer({ id: 'b' })], 'a').map((s) => s.id)).toEqual(['b']);
  });

  it('returns the same array when the server is not there, so nothing re-renders', () => {
    const servers = [aServer({ id: 'a' })];
    expect(removeServer(servers, 'zz')).toBe(servers);
  });
});

describe('operation progress', () => {
  it('keeps only the latest line per server', () => {
    let p = trackProgress({}, progress('a', 'Pulling'));
    p = trackProgress(p, progress('a', 'Pulled'));
    p = trackProgress(p, progress('b', 'Pulling'));
    expect(Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v.message]))).toEqual({
      a: 'Pulled',
      b: 'Pulling',
    });
  });

  it('forgets a server once its operation is over, and is a no-op for one it never saw', () => {
    const p = trackProgress({}, progress('a', 'Pulling'));
    expect(forgetProgress(p, 'a')).toEqual({});
    expect(forgetProgress(p, 'b')).toBe(p);
  });
});
