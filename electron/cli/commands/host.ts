import type { Command } from 'commander';
import type { Host } from '../../shared/api';
import { CliError, exitCodes } from '../cli-error';
import { withCore } from '../core-session';
import type { GlobalOptions } from '../global-options';
import { formatFields, formatTable, print, printJson } from '../output';
import { resolveHost } from '../resolve';

const addHostNames = { name: 'NAME', address: '--docker', dataRoot: '--data-root', registry: '--registry' };

export function registerHost(program: Command, globals: () => GlobalOptions): void {
  const host = program.command('host').description('Docker hosts in the catalog');

  host
    .command('add')
    .description('add a Docker host on this computer (a unix:// socket or an npipe:// pipe)')
    .argument('<name>', 'a name for the host, unique in the catalog')
    .requiredOption('--docker <address>', 'Docker address, as in unix:///var/run/docker.sock')
    .option('--data-root <dir>', 'where server folders live on the host (default /var/lib/zedops/servers)')
    .option('--registry <registry>', 'image registry to pull from, as in registry.example:5000')
    .option('--json', 'print the host as one JSON document')
    .action(async (name: string, opts: { docker: string; dataRoot?: string; registry?: string; json?: boolean }) => {
      const address = checkLocalAddress(opts.docker);
      await withCore(globals(), async (core) => {
        const added = await core.call(
          'hosts.add',
          { name, kind: 'local', address, dataRoot: opts.dataRoot, registry: opts.registry },
          addHostNames,
        );
        if (opts.json) printJson(added);
        else print(`Added host "${added.name}" (${added.address}): ${describeStatus(added)}.`);
      });
    });

  host
    .command('ls')
    .description('list hosts with their status and Docker version')
    .option('--json', 'print one JSON document')
    .action(async (opts: { json?: boolean }) => {
      await withCore(globals(), async (core) => {
        const hosts = await core.call('hosts.list', {});
        if (opts.json) printJson(hosts);
        else print(formatHosts(hosts));
      });
    });

  host
    .command('show')
    .description("show one host's settings and state")
    .argument('<name>', 'the host')
    .option('--json', 'print one JSON document')
    .action(async (name: string, opts: { json?: boolean }) => {
      await withCore(globals(), async (core) => {
        const found = await resolveHost(core, name);
        if (opts.json) printJson(found);
        else print(formatHost(found));
      });
    });

  host
    .command('rm')
    .description('remove a host from the catalog (it must have no servers)')
    .argument('<name>', 'the host')
    .action(async (name: string) => {
      await withCore(globals(), async (core) => {
        const found = await resolveHost(core, name);
        await core.call('hosts.remove', { hostId: found.id });
        print(`Removed host "${found.name}".`);
      });
    });
}

/** Only local sockets for now; remote kinds need their own connection settings. */
export function checkLocalAddress(raw: string): string {
  const address = raw.trim();
  if (address.startsWith('unix://') || address.startsWith('npipe://')) return address;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(address)?.[1]?.toLowerCase();
  if (scheme === 'tcp' || scheme === 'ssh' || scheme === 'tls' || scheme === 'https' || scheme === 'http') {
    throw new CliError(
      `--docker ${address}: remote hosts (tcp://, ssh://) come in a later version. For now add a Docker socket on this computer, such as unix:///var/run/docker.sock.`,
      exitCodes.invalid,
    );
  }
  throw new CliError(
    `--docker ${address}: not a Docker address. Write a socket on this computer, such as unix:///var/run/docker.sock (or npipe:////./pipe/docker_engine on Windows).`,
    exitCodes.invalid,
  );
}

function describeStatus(h: Host): string {
  if (h.status === 'online') return `online, Docker ${h.dockerVersion ?? 'version unknown'}`;
  if (h.status === 'offline') return `offline${h.lastError ? ` (${h.lastError})` : ''}`;
  return 'status not known yet';
}

export function formatHosts(hosts: Host[]): string {
  if (hosts.length === 0) return 'No hosts yet. Start Docker on this computer, or add a host with "zedops host add".\n';
  const rows = hosts.map((h) => [h.name, h.kind, h.status, h.dockerVersion ?? '-', h.address]);
  return formatTable(['NAME', 'KIND', 'STATUS', 'DOCKER', 'ADDRESS'], rows);
}

export function formatHost(h: Host): string {
  return formatFields([
    ['Name', h.name],
    ['Kind', h.kind],
    ['Address', h.address],
    ['Status', describeStatus(h)],
    ['Last seen', h.lastSeen ?? 'never'],
    ['Data root', h.dataRoot],
    ['Registry', h.registry ?? 'image default'],
    ['Created', h.createdAt],
    ['Id', h.id],
  ]);
}
