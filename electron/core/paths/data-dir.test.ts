import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogPath, resolveDataDir } from './data-dir';

describe('resolveDataDir', () => {
  it('prefers --home over ZEDOPS_HOME', () => {
    expect(resolveDataDir({ home: '/srv/a', env: { ZEDOPS_HOME: '/srv/b' } })).toBe('/srv/a');
  });

  it('uses ZEDOPS_HOME when --home is not given', () => {
    expect(resolveDataDir({ env: { ZEDOPS_HOME: '/srv/b' } })).toBe('/srv/b');
  });

  it('makes a relative --home absolute', () => {
    expect(resolveDataDir({ home: 'rel', env: {} })).toBe(path.resolve('rel'));
  });

  it('falls back to the XDG config dir on Linux, like Electron userData', () => {
    expect(resolveDataDir({ env: {}, platform: 'linux', homedir: '/home/ann' })).toBe('/home/ann/.config/ZedOps');
    expect(resolveDataDir({ env: { XDG_CONFIG_HOME: '/x' }, platform: 'linux', homedir: '/home/ann' })).toBe(
      '/x/ZedOps',
    );
  });

  it('uses Application Support on macOS and APPDATA on Windows', () => {
    expect(resolveDataDir({ env: {}, platform: 'darwin', homedir: '/Users/ann' })).toBe(
      '/Users/ann/Library/Application Support/ZedOps',
    );
    expect(
      resolveDataDir({ env: { APPDATA: 'C:/Users/ann/AppData/Roaming' }, platform: 'win32', homedir: 'C:/Users/ann' }),
    ).toBe(path.join('C:/Users/ann/AppData/Roaming', 'ZedOps'));
  });

  it('ignores a blank ZEDOPS_HOME', () => {
    expect(resolveDataDir({ env: { ZEDOPS_HOME: '  ' }, platform: 'linux', homedir: '/h' })).toBe('/h/.config/ZedOps');
  });

  it('puts the catalog at <data dir>/catalog.db', () => {
    expect(catalogPath('/d')).toBe(path.join('/d', 'catalog.db'));
  });
});
