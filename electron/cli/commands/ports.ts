import type { Command } from 'commander';
import { withCore } from '../core-session';
import type { GlobalOptions } from '../global-options';
import { print, printJson } from '../output';
import { resolveHost } from '../resolve';

export function registerPorts(program: Command, globals: () => GlobalOptions): void {
  const ports = program.command('ports').description('port planning on a host');
  ports
    .command('suggest')
    .description('the first free set of game, UDP and RCON ports on a host')
    .requiredOption('--host <name>', 'the host')
    .option('--json', 'print one JSON document')
    .action(async (opts: { host: string; json?: boolean }) => {
      await withCore(globals(), async (core) => {
        const host = await resolveHost(core, opts.host);
        const set = await core.call('ports.suggest', { hostId: host.id });
        if (opts.json) printJson(set);
        else print(`game ${set.gamePort}/udp  udp ${set.udpPort}/udp  rcon ${set.rconPort}/tcp`);
      });
    });
}
