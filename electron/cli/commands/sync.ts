import type { Command } from 'commander';
import type { MethodResult } from '../../shared/api';
import { CliError, exitCodes } from '../cli-error';
import { withCore } from '../core-session';
import type { GlobalOptions } from '../global-options';
import { formatTable, print, printJson } from '../output';
import { resolveHost } from '../resolve';

type SyncResult = MethodResult<'fleet.sync'>;

export function registerSync(program: Command, globals: () => GlobalOptions): void {
  program
    .command('sync')
    .description('bring the catalog in line with what Docker shows on each host (also purges expired deleted servers)')
    .option('--host <name>', 'only this host')
    .option('--json', 'print one JSON document')
    .action(async (opts: { host?: string; json?: boolean }) => {
      await withCore(globals(), async (core) => {
        const hostId = opts.host === undefined ? undefined : (await resolveHost(core, opts.host)).id;
        const result = await core.call('fleet.sync', { hostId });
        if (opts.json) printJson(result);
        else print(formatSync(result));
        const unreachable = result.hosts.filter((h) => !h.reachable);
        if (unreachable.length > 0) {
          const which = unreachable.map((h) => `"${h.host}"${h.error ? ` (${h.error})` : ''}`).join(', ');
          throw new CliError(
            `Could not reach ${which}; their servers were left as they were. Check that Docker runs there, then sync again.`,
            exitCodes.failed,
          );
        }
      });
    });
}

export function formatSync(result: SyncResult): string {
  if (result.hosts.length === 0) return 'No hosts to sync.';
  const rows = result.hosts.map((h) => [
    h.host,
    h.reachable ? 'yes' : 'no',
    String(h.changed),
    String(h.purged),
    h.error ?? '',
  ]);
  return formatTable(['HOST', 'REACHED', 'CHANGED', 'PURGED', 'ERROR'], rows);
}
