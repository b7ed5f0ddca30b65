import { Command, CommanderError } from 'commander';
import { resolveDataDir } from '../core/paths/data-dir';
import { appVersion } from '../core/version';
import { CliError, exitCodes } from './cli-error';
import { registerConfig } from './commands/config';
import { registerHost } from './commands/host';
import { registerPorts } from './commands/ports';
import { registerServe } from './commands/serve';
import { registerServer } from './commands/server';
import { registerSync } from './commands/sync';
import type { GlobalOptions } from './global-options';

/** The `zedops` command line: the same core and catalog as the desktop app. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('zedops')
    .description('ZedOps: run fleets of Project Zomboid dedicated servers in Docker')
    .version(appVersion)
    .option('--home <dir>', 'data dir holding catalog.db (default: ZEDOPS_HOME, else the OS app-data dir)')
    .exitOverride()
    .configureOutput({
      writeErr: (s) => process.stderr.write(s),
      outputError: (s, write) => write(s.replace(/^error: /, 'zedops: ')),
    });
  const globals = (): GlobalOptions => ({ dataDir: resolveDataDir({ home: program.opts<{ home?: string }>().home }) });
  registerServe(program, globals);
  registerHost(program, globals);
  registerServer(program, globals);
  registerPorts(program, globals);
  registerSync(program, globals);
  registerConfig(program, globals);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCodes.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help')
        return exitCodes.ok;
      return exitCodes.invalid;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(
      message
        .split('\n')
        .map((line) => `zedops: ${line}\n`)
        .join(''),
    );
    return err instanceof CliError ? err.exitCode : exitCodes.failed;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
