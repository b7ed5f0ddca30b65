import { describe, expect, it, vi } from 'vitest';
import {
  applyOpenAtLogin,
  autostartEntry,
  autostartFile,
  execArg,
  linuxExecutable,
  loginItemUnavailable,
  startsHidden,
  type LoginItemDeps,
} from './login-item';

function deps(platform: NodeJS.Platform, env: NodeJS.ProcessEnv = {}): LoginItemDeps & { files: Map<string, string> } {
  const files = new Map<string, string>();
  return {
    platform,
    execPath: platform === 'win32' ? 'C:\\Program Files\\ZedOps\\ZedOps.exe' : '/opt/ZedOps/zedops',
    env,
    homedir: '/home/ann',
    setLoginItemSettings: vi.fn(),
    writeFile: (file, text) => files.set(file, text),
    removeFile: (file) => files.delete(file),
    files,
  };
}

describe('start at login', () => {
  it('is offered by installed apps on macOS, Windows and Linux, and not by a development run', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      expect(loginItemUnavailable({ isPackaged: true, platform })).toBeNull();
    }
    expect(loginItemUnavailable({ isPackaged: false, platform: 'linux' })).toBe('installed app only');
  });

  it('on Linux writes an autostart entry that starts ZedOps hidden, and removes it when turned off', () => {
    const d = deps('linux');
    applyOpenAtLogin(true, null, d);
    const entry = d.files.get('/home/ann/.config/autostart/zedops.desktop');
    expect(entry).toContain('Exec=/opt/ZedOps/zedops --hidden\n');
    expect(entry).toMatch(/^\[Desktop Entry\]\nType=Application\n/);
    applyOpenAtLogin(false, null, d);
    expect(d.files.size).toBe(0);
  });

  it('autostarts the AppImage itself, not its temporary mount', () => {
    expect(
      linuxExecutable({ execPath: '/tmp/.mount_ZedOpsX/zedops', env: { APPIMAGE: '/home/ann/ZedOps.AppImage' } }),
    ).toBe('/home/ann/ZedOps.AppImage');
    expect(linuxExecutable({ execPath: '/opt/ZedOps/zedops', env: {} })).toBe('/opt/ZedOps/zedops');
  });

  it('honours XDG_CONFIG_HOME', () => {
    expect(autostartFile({ env: { XDG_CONFIG_HOME: '/cfg' }, homedir: '/home/ann' })).toBe(
      '/cfg/autostart/zedops.desktop',
    );
  });

  it('passes a non-default data dir along, so the login start opens the same catalog', () => {
    const d = deps('win32');
    applyOpenAtLogin(true, 'D:\\zedops', d);
    expect(d.setLoginItemSettings).toHaveBeenCalledWith({
      openAtLogin: true,
      path: 'C:\\Program Files\\ZedOps\\ZedOps.exe',
      args: ['--hidden', '--home', 'D:\\zedops'],
    });
  });

  it('uses the OS login items on macOS', () => {
    const d = deps('darwin');
    applyOpenAtLogin(false, null, d);
    expect(d.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: false });
  });

  it('starts hidden in the tray when started at login, and with a window otherwise', () => {
    expect(startsHidden({ argv: ['/opt/ZedOps/zedops', '--hidden'], wasOpenedAtLogin: false })).toBe(true);
    expect(startsHidden({ argv: ['ZedOps'], wasOpenedAtLogin: true })).toBe(true);
    expect(startsHidden({ argv: ['/opt/ZedOps/zedops'], wasOpenedAtLogin: false })).toBe(false);
  });
});

describe('desktop entry Exec quoting', () => {
  it('leaves plain paths alone and quotes those with spaces', () => {
    expect(execArg('/opt/ZedOps/zedops')).toBe('/opt/ZedOps/zedops');
    expect(execArg('/home/ann/My Apps/ZedOps.AppImage')).toBe('"/home/ann/My Apps/ZedOps.AppImage"');
  });

  it('escapes what the shell-like Exec syntax would read as special', () => {
    // In the file a backslash is itself escaped, so \$ is written \\$.
    expect(execArg('/srv/z$HOME"x')).toBe('"/srv/z\\\\$HOME\\\\"x"');
    expect(execArg('100%')).toBe('100%%');
  });

  it('refuses a path that would break the file', () => {
    expect(() => autostartEntry('/opt/a\nExec=rm -rf ~', [])).toThrow(/line break/);
  });
});
