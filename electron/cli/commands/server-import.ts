import type { Command } from 'commander';
import type { MethodResult } from '../../shared/api';
import type { Server } from '../../shared/servers';
import { withCore } from '../core-session';
import type { GlobalOptions } from '../global-options';
import { formatTable, print, printJson } from '../output';
import { resolveHost } from '../resolve';
import { toCliServer } from '../server-json';

export type Importable = MethodResult<'servers.importable'>[number];

/** The containers `server import` can take in, as a table, or a sentence when there are none. */
export function formatImportable(list: readonly Importable[], hostName: string): string {
  if (list.length === 0) return `No containers to import on host "${hostName}".\n`;
  const rows = list.map((c) => [c.name, c.state, c.image, c.containerId.slice(0, 12), c.serverId]);
  return formatTable(['NAME', 'STATE', 'IMAGE', 'CONTAINER', 'SERVER ID'], rows);
}

export function importedLine(s: Server): string {
  const rcon = s.rconEnabled ? '' : ' It has no RCON password, so stops go through Docker.';
  return `Imported server "${s.name}" on host "${s.host}": ${s.status}, ports ${s.gamePort}/udp, ${s.udpPort}/udp, ${s.rconPort}/tcp.${rcon}`;
}

export function registerServerImport(server: Command, globals: () => GlobalOptions): void {
  server
    .command('importable')
    .description(
      'list ZedOps containers on a host that are not in this catalog (made elsewhere, or the catalog was lost)',
    )
    .requiredOption('--host <name>', 'the host')
    .option('--json', 'print one JSON document')
    .action(async (opts: { host: string; json?: boolean }) => {
      await withCore(globals(), async (core) => {
        const host = await resolveHost(core, opts.host);
        const list = await core.call('servers.importable', { hostId: host.id });
        if (opts.json) printJson(list);
        else print(formatImportable(list, host.name));
      });
    });

  server
    .command('import')
    .description("add a server to the catalog from its container's labels, env, mounts and ports")
    .argument('<name>', 'the server (its zedops.server.name label)')
    .requiredOption('--host <name>', 'the host the container is on')
    .option('--json', 'print the server as one JSON document')
    .action(async (name: string, opts: { host: string; json?: boolean }) => {
      await withCore(globals(), async (core) => {
        const host = await resolveHost(core, opts.host);
        const imported = await core.call('servers.import', { hostId: host.id, name }, { name: 'NAME' });
        if (opts.json) printJson(toCliServer(imported));
        else print(importedLine(imported));
      });
    });
}
