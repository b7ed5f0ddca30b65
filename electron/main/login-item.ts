import path from 'node:path';

/**
 * Start at login: macOS and Windows through Electron's login items, Linux
 * through an XDG autostart entry (Electron has no login items there). A run
 * started at login opens in the tray only (`--hidden`).
 */

export const hiddenFlag = '--hidden';

/** Why start at login cannot be offered, for the menu; null when it can. */
export function loginItemUnavailable(inputs: { isPackaged: boolean; platform: NodeJS.Platform }): string | null {
  // An unpackaged run would register the bare Electron binary, which starts no ZedOps at all.
  if (!inputs.isPackaged) return 'installed app only';
  if (!['darwin', 'win32', 'linux'].includes(inputs.platform)) return 'not on this system';
  return null;
}

/** The arguments a login start gets: hidden, and the same data dir when it is not the default. */
export function loginArgs(customDataDir: string | null): string[] {
  return customDataDir ? [hiddenFlag, '--home', customDataDir] : [hiddenFlag];
}

/** Whether this run should open no window: started at login. */
export function startsHidden(inputs: { argv: readonly string[]; wasOpenedAtLogin: boolean }): boolean {
  return inputs.wasOpenedAtLogin || inputs.argv.includes(hiddenFlag);
}

/** The program to autostart on Linux: the AppImage itself (its binary lives in a mount that changes each run). */
export function linuxExecutable(inputs: { execPath: string; env: NodeJS.ProcessEnv }): string {
  return inputs.env.APPIMAGE?.trim() || inputs.execPath;
}

export function autostartFile(inputs: { env: NodeJS.ProcessEnv; homedir: string }): string {
  const config = inputs.env.XDG_CONFIG_HOME?.trim() || path.join(inputs.homedir, '.config');
  return path.join(config, 'autostart', 'zedops.desktop');
}

/** The XDG autostart entry that runs `exec args...` at login. */
export function autostartEntry(exec: string, args: readonly string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=ZedOps',
    'Comment=Watch your Project Zomboid servers from the tray',
    `Exec=${[exec, ...args].map(execArg).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/**
 * One argument of a desktop entry's Exec key: `%` doubled (field codes),
 * quoted when it holds a reserved character, then escaped once more as a
 * desktop-file string value.
 */
export function execArg(arg: string): string {
  if (/[\r\n]/.test(arg))
    throw new Error(`A login item cannot start a path with a line break in it: ${JSON.stringify(arg)}`);
  let value = arg.replaceAll('%', '%%');
  if (value === '' || /[\s"'\\><~|&;$*?#()`]/.test(value)) value = `"${value.replace(/["`$\\]/g, (c) => `\\${c}`)}"`;
  return value.replaceAll('\\', '\\\\');
}

export interface LoginItemDeps {
  platform: NodeJS.Platform;
  execPath: string;
  env: NodeJS.ProcessEnv;
  homedir: string;
  /** `app.setLoginItemSettings`. */
  setLoginItemSettings(settings: { openAtLogin: boolean; path?: string; args?: string[] }): void;
  writeFile(file: string, text: string): void;
  removeFile(file: string): void;
}

/** Turns start at login on or off in the OS. Throws what went wrong, for the caller to show. */
export function applyOpenAtLogin(enabled: boolean, customDataDir: string | null, deps: LoginItemDeps): void {
  const args = loginArgs(customDataDir);
  if (deps.platform === 'linux') {
    const file = autostartFile(deps);
    if (enabled) deps.writeFile(file, autostartEntry(linuxExecutable(deps), args));
    else deps.removeFile(file);
  } else if (deps.platform === 'win32') {
    // Windows finds the entry to remove by the same path and args.
    deps.setLoginItemSettings({ openAtLogin: enabled, path: deps.execPath, args });
  } else {
    // macOS: no arguments; the app asks the OS whether it was opened at login.
    deps.setLoginItemSettings({ openAtLogin: enabled });
  }
}
