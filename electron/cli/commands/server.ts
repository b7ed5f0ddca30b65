import type { Command } from 'commander';
import type { GlobalOptions } from '../global-options';
import { registerServerActions } from './server-actions';
import { registerServerCreate } from './server-create';
import { registerServerImport } from './server-import';
import { registerServerPurge } from './server-purge';
import { registerServerRead } from './server-read';

export function registerServer(program: Command, globals: () => GlobalOptions): void {
  const server = program.command('server').description('Project Zomboid servers: create, inspect and run them');
  registerServerRead(server, globals);
  registerServerCreate(server, globals);
  registerServerActions(server, globals);
  registerServerPurge(server, globals);
  registerServerImport(server, globals);
}
