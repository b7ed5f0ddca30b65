import type { Command } from 'commander';
import { CliError, exitCodes } from '../cli-error';
import { withCore } from '../core-session';
import type { GlobalOptions } from '../global-options';
import { print, printJson } from '../output';
import { ApiCallError } from '../api-errors';
import { findServer, resolveHost, resolveServer } from '../resolve';
import { withServerState } from '../server-operation';

export function registerServerPurge(server: Command, globals: () => GlobalOptions): void {
  server
    .command('purge')
    .description('remove a deleted, failed or missing server for good: container, data and ports')
    .argument('<name>', 'the server')
    .option('--host <name>', 'the host, when several have a server of this name')
    .option('--keep-data', "keep the server's folder on the host")
    .option('--yes', 'really purge: this cannot be undone')
    .option('--json', 'print one JSON document')
    .action(async (name: string, opts: { host?: string; keepData?: boolean; yes?: boolean; json?: boolean }) => {
      await withCore(globals(), async (core) => {
        const target = await resolveServer(core, name, opts.host);
        if (!opts.yes) {
          const what = opts.keepData
            ? 'its container and frees its ports'
            : 'its container and data and frees its ports';
          throw new CliError(
            `Purging server "${target.name}" on host "${target.host}" removes ${what}; it cannot be undone. Nothing was changed. Run again with --yes to purge.`,
            exitCodes.invalid,
          );
        }
        const stopProgress = core.showProgress((id) => (id === target.id ? target.name : undefined));
        try {
          const result = await core
            .call('servers.purge', { serverId: target.id, keepData: Boolean(opts.keepData), confirmName: target.name })
            .catch(async (err: unknown) => {
              if (!(err instanceof ApiCallError) || err.exitCode !== exitCodes.failed) throw err;
              const after = await findServer(core, target.hostId, target.name).catch(() => undefined);
              throw new CliError(withServerState(err.message, after), exitCodes.failed);
            });
          if (opts.json) printJson(result);
          else print(`Purged server "${target.name}"${opts.keepData ? '; its data folder is kept' : ''}.`);
        } finally {
          stopProgress();
        }
      });
    });

  server
    .command('cleanup-failed')
    .description('purge every failed server on a host')
    .requiredOption('--host <name>', 'the host')
    .option('--yes', 'really purge them: this cannot be undone')
    .option('--json', 'print one JSON document')
    .action(async (opts: { host: string; yes?: boolean; json?: boolean }) => {
      await withCore(globals(), async (core) => {
        const host = await resolveHost(core, opts.host);
        if (!opts.yes) {
          throw new CliError(
            `Cleaning up purges every failed server on host "${host.name}" with its data; it cannot be undone. Nothing was changed. Run again with --yes.`,
            exitCodes.invalid,
          );
        }
        const failed = await core.call('servers.list', { hostId: host.id, include: 'active' });
        const names = new Map(failed.map((s) => [s.id, s.name]));
        const stopProgress = core.showProgress((id) => names.get(id));
        try {
          const result = await core.call('servers.cleanupFailed', { hostId: host.id });
          if (opts.json) printJson(result);
          else if (result.purged.length === 0) print(`No failed servers on host "${host.name}".`);
          else print(`Purged ${result.purged.map((s) => `"${s.name}"`).join(', ')} on host "${host.name}".`);
        } finally {
          stopProgress();
        }
      });
    });
}
