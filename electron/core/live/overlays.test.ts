import { describe, expect, it } from 'vitest';
import { Overlays, parseHealth } from './overlays';

describe('Overlays', () => {
  it('calls a server crash-looping at the third crash within five minutes, and not before', () => {
    const o = new Overlays();
    expect(o.recordCrash('a', 0)).toBe(false);
    expect(o.recordCrash('a', 60_000)).toBe(false);
    expect(o.get('a').crashLooping).toBe(false);
    expect(o.recordCrash('a', 120_000)).toBe(true);
    expect(o.get('a').crashLooping).toBe(true);
    expect(o.recordCrash('a', 130_000)).toBe(false); // already shown
  });

  it('does not count crashes spread wider than the window', () => {
    const o = new Overlays();
    o.recordCrash('a', 0);
    o.recordCrash('a', 200_000);
    expect(o.recordCrash('a', 400_000)).toBe(false);
  });

  it('calms down once the crashes leave the window', () => {
    const o = new Overlays({ ms: 1000, crashes: 2 });
    o.recordCrash('a', 0);
    o.recordCrash('a', 100);
    expect(o.expire(500)).toEqual([]);
    expect(o.expire(1050)).toEqual(['a']);
    expect(o.get('a').crashLooping).toBe(false);
  });

  it('reports health changes only when they change', () => {
    const o = new Overlays();
    expect(o.setHealth('a', 'starting')).toBe(true);
    expect(o.setHealth('a', 'starting')).toBe(false);
    expect(o.setHealth('a', 'healthy')).toBe(true);
    expect(o.get('a')).toEqual({ health: 'healthy', crashLooping: false });
  });

  it('reads health from inspect words and event actions', () => {
    expect(parseHealth('health_status: healthy')).toBe('healthy');
    expect(parseHealth('unhealthy')).toBe('unhealthy');
    expect(parseHealth('none')).toBeNull();
    expect(parseHealth(undefined)).toBeNull();
  });
});
