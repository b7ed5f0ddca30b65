import type { Server } from '../../../electron/shared/servers';

/** The servers a host's bulk actions would touch, by name. */
export function bulkCandidates(servers: Server[], hostId: string): { failed: Server[]; deleted: Server[] } {
  const onHost = servers.filter((s) => s.hostId === hostId).sort((a, b) => a.name.localeCompare(b.name));
  return { failed: onHost.filter((s) => s.status === 'failed'), deleted: onHost.filter((s) => s.status === 'deleted') };
}

/** "a, b and c": names in a sentence. */
export function listNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** What a bulk action did, as a sentence. */
export function describeBulkResult(kind: 'cleanup' | 'purge', purged: { name: string }[]): string {
  if (purged.length === 0)
    return kind === 'cleanup' ? 'There were no failed servers to clean up.' : 'There were no deleted servers to purge.';
  const n = purged.length === 1 ? '1 server' : `${purged.length} servers`;
  const names = listNames(purged.map((p) => p.name));
  return kind === 'cleanup'
    ? `Cleaned up ${n} (${names}); their world data is kept on the host.`
    : `Purged ${n} (${names}) and their world data.`;
}
