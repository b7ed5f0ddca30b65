import type { Command } from 'commander';
import type { Host } from '../../shared/api';
import { Zedops } from '../../core/zedops';
import { createLogger } from '../../core/logger';
import type { GlobalOptions } from '../global-options';

export function registerHost(program: Command, globals: () => GlobalOptions): void {
  const host = program.command('host').description('Docker hosts in the catalog');
  host
    .command('ls')
    .description('list hosts with their status and Docker version')
    .option('--json', 'print one JSON document')
    .action(async (opts: { json?: boolean }) => {
      const zedops = await Zedops.start({
        dataDir: globals().dataDir,
        mode: 'browser',
        logger: createLogger('zedops', 'warn'),
      });
      try {
        const hosts = await zedops.handlers['hosts.list']({});
        process.stdout.write(opts.json ? `${JSON.stringify(hosts, null, 2)}\n` : formatHosts(hosts));
      } finally {
        zedops.close();
      }
    });
}

export function formatHosts(hosts: Host[]): string {
  if (hosts.length === 0) return 'No hosts yet. Start Docker on this computer, or add a host with "zedops host add".\n';
  const rows = hosts.map((h) => [h.name, h.kind, h.status, h.dockerVersion ?? '-', h.address]);
  const header = ['NAME', 'KIND', 'STATUS', 'DOCKER', 'ADDRESS'];
  const widths = header.map((_, i) => Math.max(header[i]!.length, ...rows.map((r) => r[i]!.length)));
  return (
    [header, ...rows]
      .map((r) =>
        r
          .map((c, i) => c.padEnd(widths[i]!))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}
