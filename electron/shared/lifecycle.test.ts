import { describe, expect, it } from 'vitest';
import { allowedActions, lifecycle, refusalReason, serverActions, serverStatuses } from './lifecycle';

describe('the lifecycle table', () => {
  it('offers exactly the actions LIFECYCLE.md lists for each status', () => {
    expect(Object.fromEntries(serverStatuses.map((s) => [s, allowedActions(s)]))).toEqual({
      creating: [],
      running: ['stop', 'restart', 'rebuild', 'delete'],
      stopped: ['start', 'rebuild', 'delete'],
      failed: ['retry', 'delete', 'purge'],
      missing: ['recover', 'delete', 'purge'],
      deleting: [],
      deleted: ['restore', 'purge'],
    });
  });

  it('ends each action where LIFECYCLE.md says', () => {
    expect(Object.fromEntries(serverActions.map((a) => [a, lifecycle[a].to]))).toEqual({
      start: 'running',
      stop: 'stopped',
      restart: 'running',
      recover: 'running',
      retry: 'running',
      rebuild: 'running',
      delete: 'deleted',
      restore: 'missing',
      purge: null,
    });
  });

  it('explains a refusal with the reason and where the action works', () => {
    expect(refusalReason('start', 'deleted', 'north')).toBe(
      'Cannot start server "north": it is deleted; restore it first. Start works on servers that are stopped.',
    );
    expect(refusalReason('purge', 'running', 'north')).toMatch(/works on servers that are deleted, failed, missing/);
    expect(refusalReason('stop', 'running', 'north')).toBeUndefined();
  });
});
