import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateToken, tokensMatch } from './token';
import { useTempDirs } from '../core/testing/temp-dirs';

const tmp = useTempDirs('zedops-token');

describe('browser-mode token', () => {
  it('is created once, readable only by its owner, and reused on the next start', () => {
    const dir = tmp();
    const first = loadOrCreateToken(dir);
    expect(first.length).toBeGreaterThanOrEqual(40);
    expect(fs.statSync(path.join(dir, 'serve-token')).mode & 0o777).toBe(0o600);
    expect(loadOrCreateToken(dir)).toBe(first);
  });

  it('replaces a token file that holds garbage', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'serve-token'), 'short\n');
    const token = loadOrCreateToken(dir);
    expect(token).not.toBe('short');
    expect(token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
  });

  it('matches only the exact token', () => {
    expect(tokensMatch('abc', 'abc')).toBe(true);
    expect(tokensMatch('abc', 'abd')).toBe(false);
    expect(tokensMatch('abc', 'abcd')).toBe(false);
    expect(tokensMatch('abc', '')).toBe(false);
  });
});
