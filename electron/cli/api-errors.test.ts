import { describe, expect, it } from 'vitest';
import { apiErrorCodes } from '../shared/api';
import { exitCodeByApiError, toCliError } from './api-errors';

describe('exitCodeByApiError', () => {
  it('maps refusals (nothing changed) to 2 and failures to 1', () => {
    expect(exitCodeByApiError).toEqual({
      invalid_request: 2,
      unknown_method: 2,
      not_found: 2,
      not_allowed: 2,
      failed: 1,
      internal: 1,
    });
    expect(Object.keys(exitCodeByApiError).sort()).toEqual([...apiErrorCodes].sort());
  });
});

describe('toCliError', () => {
  const params = {
    hostId: 'h1',
    name: 'Bad_Name',
    image: 'pz:1',
    gamePort: 80,
    adminPassword: 'pw',
    env: { DEFAULT_PORT: '1' },
  };
  const names = { name: 'NAME', gamePort: '--game-port', env: '--env' };

  it("says which option was wrong in the command line's words", () => {
    const err = toCliError('servers.create', params, { code: 'invalid_request', message: 'Invalid request' }, names);
    expect(err.exitCode).toBe(2);
    expect(err.code).toBe('invalid_request');
    const lines = err.message.split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^NAME: A server name is 1 to 32 characters/));
    expect(lines).toContainEqual(expect.stringMatching(/^--game-port: Ports below 1024 are reserved/));
  });

  it('gives the real reason for a refused env key, not just "invalid key"', () => {
    const err = toCliError('servers.create', params, { code: 'invalid_request', message: 'Invalid request' }, names);
    expect(err.message).toMatch(/^--env DEFAULT_PORT: ZedOps sets this variable itself/m);
  });

  it("keeps core's message for refusals the schema does not explain, and for every other code", () => {
    const valid = { ...params, name: 'north', gamePort: 16261, env: {} };
    const conflict = toCliError('servers.create', valid, { code: 'invalid_request', message: 'Port 16261 is taken.' });
    expect(conflict.message).toBe('Port 16261 is taken.');
    const failed = toCliError('servers.create', valid, { code: 'failed', message: 'Pull failed.' });
    expect([failed.exitCode, failed.message]).toEqual([1, 'Pull failed.']);
  });
});
