import type { Command } from 'commander';
import { CliError, exitCodes } from '../cli-error';
import { withCore } from '../core-session';
import type { GlobalOptions } from '../global-options';
import { print, printJson } from '../output';
import { resolveHost, resolveServer } from '../resolve';
import { formatServerDetail, formatServers } from '../server-format';
import { toCliServer } from '../server-json';

const historyShown = 10;

export function registerServerRead(server: Command, globals: () => GlobalOptions): void {
  server
    .command('ls')
    .description('list servers (active ones unless --deleted or --all)')
    .option('--host <name>', 'only servers on this host')
    .option('--deleted', 'only deleted servers, waiting to be purged')
    .option('--all', 'active and deleted servers')
    .option('--json', 'print one JSON document')
    .action(async (opts: { host?: string; deleted?: boolean; all?: boolean; json?: boolean }) => {
      if (opts.deleted && opts.all) throw new CliError('Give --deleted or --all, not both.', exitCodes.invalid);
      const include = opts.all ? 'all' : opts.deleted ? 'deleted' : 'active';
      await withCore(globals(), async (core) => {
        const hostId = opts.host === undefined ? undefined : (await resolveHost(core, opts.host)).id;
        const servers = await core.call('servers.list', { hostId, include });
        if (opts.json) printJson(servers.map(toCliServer));
        else if (servers.length > 0) print(formatServers(servers));
        else print(noServers(include));
      });
    });

  server
    .command('show')
    .description("show one server's settings, state and recent history")
    .argument('<name>', 'the server')
    .option('--host <name>', 'the host, when several have a server of this name')
    .option('--json', 'print one JSON document')
    .action(async (name: string, opts: { host?: string; json?: boolean }) => {
      await withCore(globals(), async (core) => {
        const found = await resolveServer(core, name, opts.host);
        if (opts.json) {
          printJson(toCliServer(found));
          return;
        }
        const history = await core.call('servers.history', { serverId: found.id, limit: historyShown });
        print(formatServerDetail(found, history));
      });
    });
}

function noServers(include: 'active' | 'deleted' | 'all'): string {
  if (include === 'deleted') return 'No deleted servers.';
  return 'No servers yet. Create one with "zedops server create NAME --host HOST --image IMAGE".';
}
