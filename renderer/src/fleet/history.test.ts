import { describe, expect, it } from 'vitest';
import { actorLabel, describeChange, historyTime } from './history';

describe('describeChange', () => {
  it('shows a status move as from → to in the card words', () => {
    expect(describeChange({ kind: 'stopped-outside', fromStatus: 'running', toStatus: 'stopped' })).toBe(
      'Running → Stopped',
    );
  });

  it('shows the first status of a new server on its own', () => {
    expect(describeChange({ kind: 'create', fromStatus: null, toStatus: 'creating' })).toBe('→ Creating');
  });

  it('falls back to the kind in words when the status did not move', () => {
    expect(describeChange({ kind: 'pull-skipped', fromStatus: 'creating', toStatus: 'creating' })).toBe('Pull skipped');
    expect(describeChange({ kind: 'container-gone', fromStatus: null, toStatus: null })).toBe('Container gone');
  });
});

describe('actorLabel', () => {
  it('names the reconciler as ZedOps so nobody thinks a person did it', () => {
    expect(actorLabel.reconciler).toBe('ZedOps (reconciler)');
    expect(actorLabel.user).toBe('user');
    expect(actorLabel.retention).toBe('retention');
  });
});

describe('historyTime', () => {
  it('is short and includes the time of day', () => {
    const text = historyTime('2026-03-04T05:06:00.000Z', 'en-GB');
    expect(text).toMatch(/04\/03\/2026/);
    expect(text).toMatch(/\d{2}:06/);
  });
});
