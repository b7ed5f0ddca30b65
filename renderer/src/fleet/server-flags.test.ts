import { describe, expect, it } from 'vitest';
import { serverFlags } from './server-flags';
import { aServer } from './test-servers';

const now = Date.parse('2026-03-01T12:00:00Z');
const texts = (over: Parameters<typeof aServer>[0]) => serverFlags(aServer(over), now).map((f) => f.text);

describe('serverFlags', () => {
  it('says nothing about a healthy running server', () => {
    expect(texts({ id: 'a', health: 'healthy' })).toEqual([]);
  });

  it('says the host is offline and when it was last seen', () => {
    expect(texts({ id: 'a', stale: true, hostLastSeen: '2026-03-01T11:55:00Z' })).toEqual([
      'Host offline — last seen 5 min ago; this status may be out of date.',
    ]);
  });

  it('reports crash-looping, and health only while running', () => {
    expect(texts({ id: 'a', crashLooping: true, health: 'unhealthy' })).toEqual([
      'Crash-looping: Docker keeps restarting it. Check its logs.',
      'Unhealthy: its health check is failing.',
    ]);
    expect(texts({ id: 'a', status: 'stopped', health: 'starting' })).toEqual([]);
  });
});
