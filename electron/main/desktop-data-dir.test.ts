import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { desktopDataDir, homeFromArgv } from './desktop-data-dir';

describe('homeFromArgv', () => {
  it('reads --home DIR and --home=DIR', () => {
    expect(homeFromArgv(['electron', '.', '--home', '/srv/z'])).toBe('/srv/z');
    expect(homeFromArgv(['ZedOps', '--home=/srv/z'])).toBe('/srv/z');
  });

  it('takes the last --home when given twice', () => {
    expect(homeFromArgv(['x', '--home', '/a', '--home=/b'])).toBe('/b');
  });

  it('is undefined without --home, or with an empty one', () => {
    expect(homeFromArgv(['x', '--inspect'])).toBeUndefined();
    expect(homeFromArgv(['x', '--home'])).toBeUndefined();
    expect(homeFromArgv(['x', '--home='])).toBeUndefined();
  });
});

describe('desktopDataDir', () => {
  const userData = '/home/ann/.config/ZedOps';

  it('uses Electron userData by default', () => {
    expect(desktopDataDir({ argv: ['x'], env: {}, userData })).toBe(userData);
  });

  it('prefers --home, then ZEDOPS_HOME, like the CLI and zedops serve', () => {
    expect(desktopDataDir({ argv: ['x', '--home', '/a'], env: { ZEDOPS_HOME: '/b' }, userData })).toBe('/a');
    expect(desktopDataDir({ argv: ['x'], env: { ZEDOPS_HOME: '/b' }, userData })).toBe('/b');
  });

  it('makes a relative --home absolute', () => {
    expect(desktopDataDir({ argv: ['x', '--home', 'rel'], env: {}, userData })).toBe(path.resolve('rel'));
  });
});
