import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error';
import { isAgentPath, parseRoute } from './routes';

function refusal(method: string, url: string): ApiError {
  try {
    parseRoute(method, url);
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    return err as ApiError;
  }
  throw new Error(`expected ${method} ${url} to be refused`);
}

describe('isAgentPath', () => {
  it.each([
    ['/zedops/v1/info', true],
    ['/zedops', true],
    ['/zedops/v2/anything?x=1', true],
    ['/v1.41/zedops/v1/info', true],
    ['/containers/json', false],
    ['/v1.41/containers/json?all=1', false],
    ['/zedopsx/v1/info', false],
    ['/_ping', false],
  ])('%s → %s', (url, expected) => {
    expect(isAgentPath(url)).toBe(expected);
  });
});

describe('parseRoute', () => {
  it('reads the fixed endpoints, with or without a trailing slash or a Docker API version in front', () => {
    expect(parseRoute('GET', '/zedops/v1/info')).toEqual({ kind: 'info' });
    expect(parseRoute('GET', '/zedops/v1/ports/')).toEqual({ kind: 'ports' });
    expect(parseRoute('GET', '/v1.41/zedops/v1/info')).toEqual({ kind: 'info' });
  });

  it('decodes the server name of a data-dir route and keeps the method', () => {
    expect(parseRoute('POST', '/zedops/v1/data-dirs/%6Eorth-1')).toEqual({
      kind: 'data-dir',
      method: 'POST',
      name: 'north-1',
    });
    expect(parseRoute('DELETE', '/zedops/v1/data-dirs/north')).toMatchObject({ method: 'DELETE', name: 'north' });
    // An encoded slash stays in the name, where the host operations refuse it as an invalid server name.
    expect(parseRoute('GET', '/zedops/v1/data-dirs/..%2Fetc')).toMatchObject({ name: '../etc' });
  });

  it('refuses more than one path segment as a name', () => {
    const err = refusal('GET', '/zedops/v1/data-dirs/a/b');
    expect([err.status, err.kind]).toEqual([400, 'invalid']);
    expect(err.message).toContain('one path segment');
  });

  it('reads the journal query with its defaults', () => {
    expect(parseRoute('GET', '/zedops/v1/journal')).toEqual({ kind: 'journal', after: 0, follow: false, limit: 1000 });
    expect(parseRoute('GET', '/zedops/v1/journal?after=42&follow=1&limit=5')).toEqual({
      kind: 'journal',
      after: 42,
      follow: true,
      limit: 5,
    });
    expect(parseRoute('GET', '/zedops/v1/journal?follow=false')).toMatchObject({ follow: false });
  });

  it.each([
    ['after=abc', '"after" is a sequence number'],
    ['after=-1', '"after" is a sequence number'],
    ['after=1.5', '"after" is a sequence number'],
    ['after=99999999999999999', '"after" is a sequence number'],
    ['after=1&after=2', '"after" is given 2 times'],
    ['follow=yes', '"follow" is 1 (or true) or 0 (or false)'],
    ['limit=0', '"limit" is how many events'],
    ['limit=10001', '"limit" is how many events'],
    ['since=5', 'does not know the parameter "since"'],
  ])('refuses journal?%s as invalid (400)', (query, message) => {
    const err = refusal('GET', `/zedops/v1/journal?${query}`);
    expect([err.status, err.kind]).toEqual([400, 'invalid']);
    expect(err.message).toContain(message);
  });

  it('answers an unknown endpoint with 404 and the list of endpoints', () => {
    for (const url of ['/zedops/v1/nope', '/zedops/v2/info', '/zedops', '/zedops/v1/info/extra']) {
      const err = refusal('GET', url);
      expect([err.status, err.kind]).toEqual([404, 'not-found']);
      expect(err.message).toContain('GET /zedops/v1/info');
    }
  });

  it('answers a wrong method with 405 and an Allow header', () => {
    const err = refusal('POST', '/zedops/v1/info');
    expect([err.status, err.kind, err.headers.Allow]).toEqual([405, 'method', 'GET']);
    expect(refusal('PUT', '/zedops/v1/data-dirs/north').headers.Allow).toBe('GET, POST, DELETE');
  });

  it('refuses a broken %-escape and query parameters on endpoints that take none', () => {
    expect(refusal('GET', '/zedops/v1/data-dirs/%E0%A4%A').message).toContain('broken %-escape');
    expect(refusal('GET', '/zedops/v1/info?verbose=1').message).toContain('takes no query parameters');
  });
});
