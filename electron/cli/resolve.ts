import type { Host } from '../shared/api';
import type { Server } from '../shared/servers';
import { CliError, exitCodes } from './cli-error';
import type { CoreSession } from './core-session';

/** Hosts and servers are named on the command line; the API wants ids. */
export async function resolveHost(core: CoreSession, name: string): Promise<Host> {
  const hosts = await core.call('hosts.list', {});
  const host = hosts.find((h) => h.name === name);
  if (host) return host;
  const known = hosts.map((h) => `"${h.name}"`).join(', ');
  throw new CliError(
    known
      ? `There is no host named "${name}". Known hosts: ${known}.`
      : `There is no host named "${name}", and no hosts yet. Add one with "zedops host add".`,
    exitCodes.invalid,
  );
}

/** The server with this name (deleted ones included), on the given host or on the only host that has it. */
export async function resolveServer(core: CoreSession, name: string, hostName?: string): Promise<Server> {
  const host = hostName === undefined ? undefined : await resolveHost(core, hostName);
  const matches = (await core.call('servers.list', { hostId: host?.id, include: 'all' })).filter(
    (s) => s.name === name,
  );
  const [only] = matches;
  if (matches.length === 1 && only) return only;
  if (matches.length > 1) {
    const hosts = matches.map((s) => `"${s.host}"`).join(', ');
    throw new CliError(
      `Server "${name}" exists on several hosts (${hosts}); say which with --host.`,
      exitCodes.invalid,
    );
  }
  throw new CliError(
    host
      ? `There is no server named "${name}" on host "${host.name}". List them with "zedops server ls --all --host '${host.name}'".`
      : `There is no server named "${name}". List them with "zedops server ls --all".`,
    exitCodes.invalid,
  );
}

/** The server's current row, or undefined when it is gone (purged). */
export async function findServer(core: CoreSession, hostId: string, name: string): Promise<Server | undefined> {
  const servers = await core.call('servers.list', { hostId, include: 'all' });
  return servers.find((s) => s.name === name);
}
