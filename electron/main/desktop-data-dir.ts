import { resolveDataDir } from '../core/paths/data-dir';

/** `--home DIR` or `--home=DIR` from the app's command line; the last one wins. */
export function homeFromArgv(argv: readonly string[]): string | undefined {
  let home: string | undefined;
  argv.forEach((arg, i) => {
    if (arg === '--home' && argv[i + 1] !== undefined) home = argv[i + 1];
    else if (arg.startsWith('--home=')) home = arg.slice('--home='.length);
  });
  return home?.trim() ? home : undefined;
}

/**
 * The desktop app's data directory: `--home` or ZEDOPS_HOME when given (as
 * for `zedops serve` and the CLI), else Electron's userData, which is the
 * same ZedOps folder core would pick on its own.
 */
export function desktopDataDir(inputs: { argv: readonly string[]; env: NodeJS.ProcessEnv; userData: string }): string {
  const home = homeFromArgv(inputs.argv);
  if (home || inputs.env.ZEDOPS_HOME?.trim()) return resolveDataDir({ home, env: inputs.env });
  return inputs.userData;
}
