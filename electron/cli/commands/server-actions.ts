import type { Command } from 'commander';
import { lifecycle } from '../../shared/lifecycle';
import { simpleActions, type Server, type SimpleAction } from '../../shared/servers';
import { withCore } from '../core-session';
import type { GlobalOptions } from '../global-options';
import { resolveServer } from '../resolve';
import { runServerOperation } from '../server-operation';

const descriptions: Record<SimpleAction, string> = {
  start: 'start a stopped server',
  stop: 'stop a running server gracefully (the game saves first)',
  restart: 'stop a running server gracefully and start it again',
  recover: 'recreate a missing container from the catalog: same ports, same data if it is still there',
  rebuild: 'pull the image again and recreate the container, keeping the data',
  delete: 'soft-delete: remove the container, keep data, config and ports until purge',
  restore: 'bring a deleted server back (as missing; then recover it)',
};

function doneLine(action: SimpleAction, s: Server): string {
  switch (action) {
    case 'delete':
      return `Server "${s.name}" is deleted. Its data, config and ports are kept${s.purgeAt ? ` until ${s.purgeAt}` : ''}; "zedops server restore ${s.name}" brings it back.`;
    case 'restore':
      return `Server "${s.name}" is restored and ${s.status}. Start it with "zedops server recover ${s.name}".`;
    default:
      return `Server "${s.name}" is ${s.status}.`;
  }
}

export function registerServerActions(server: Command, globals: () => GlobalOptions): void {
  for (const action of simpleActions) {
    server
      .command(action)
      .description(descriptions[action])
      .argument('<name>', 'the server')
      .option('--host <name>', 'the host, when several have a server of this name')
      .option('--json', 'print the server as one JSON document')
      .action(async (name: string, opts: { host?: string; json?: boolean }) => {
        await withCore(globals(), async (core) => {
          const target = await resolveServer(core, name, opts.host);
          await runServerOperation(
            core,
            {
              verb: action,
              name: target.name,
              hostId: target.hostId,
              expect: lifecycle[action].to ?? target.status,
              json: Boolean(opts.json),
              done: (s) => doneLine(action, s),
            },
            (id) => (id === target.id ? target.name : undefined),
            () => core.call('servers.action', { serverId: target.id, action }),
          );
        });
      });
  }
}
