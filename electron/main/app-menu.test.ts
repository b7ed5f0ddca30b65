import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { appMenuTemplate } from './app-menu';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
}

describe('appMenuTemplate', () => {
  it('has Quit, with its usual shortcut, on every platform', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const quit = flatten(appMenuTemplate({ platform, isPackaged: true })).filter((i) => i.role === 'quit');
      expect(quit, platform).toEqual([{ role: 'quit', label: 'Quit ZedOps', accelerator: 'CmdOrCtrl+Q' }]);
    }
  });

  it('puts Quit in the ZedOps menu on macOS and in File elsewhere', () => {
    const first = (platform: NodeJS.Platform) => appMenuTemplate({ platform, isPackaged: true })[0];
    expect(first('darwin')?.label).toBe('ZedOps');
    expect(flatten(first('linux')?.submenu as MenuItemConstructorOptions[]).some((i) => i.role === 'quit')).toBe(true);
  });

  it('keeps the Edit menu, so copy and paste work in fields', () => {
    expect(appMenuTemplate({ platform: 'darwin', isPackaged: true }).some((i) => i.role === 'editMenu')).toBe(true);
  });

  it('offers developer tools only in a development run', () => {
    const roles = (isPackaged: boolean) =>
      flatten(appMenuTemplate({ platform: 'linux', isPackaged })).map((i) => i.role);
    expect(roles(true)).not.toContain('toggleDevTools');
    expect(roles(false)).toContain('toggleDevTools');
  });
});
