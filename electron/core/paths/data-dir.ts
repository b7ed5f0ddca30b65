import os from 'node:os';
import path from 'node:path';

export const appDirName = 'ZedOps';

export interface DataDirInputs {
  /** `--home DIR` from the command line, if given. */
  home?: string | undefined;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  homedir?: string;
}

/**
 * Where ZedOps keeps its catalog and keys: `--home`, else `ZEDOPS_HOME`, else
 * the OS app-data directory (the same folder Electron calls userData, so the
 * desktop app, `zedops serve` and the CLI share one catalog by default).
 */
export function resolveDataDir(inputs: DataDirInputs = {}): string {
  const env = inputs.env ?? process.env;
  const explicit = inputs.home?.trim() || env.ZEDOPS_HOME?.trim();
  if (explicit) return path.resolve(explicit);
  return path.join(appDataRoot(inputs.platform ?? process.platform, env, inputs.homedir ?? os.homedir()), appDirName);
}

function appDataRoot(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, homedir: string): string {
  if (platform === 'win32') return env.APPDATA || path.join(homedir, 'AppData', 'Roaming');
  if (platform === 'darwin') return path.join(homedir, 'Library', 'Application Support');
  return env.XDG_CONFIG_HOME || path.join(homedir, '.config');
}

export function catalogPath(dataDir: string): string {
  return path.join(dataDir, 'catalog.db');
}
