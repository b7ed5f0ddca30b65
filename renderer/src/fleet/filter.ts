import type { ServerStatus } from '../../../electron/shared/lifecycle';
import type { Server } from '../../../electron/shared/servers';
import type { HostGroup } from './group-fleet';

/** What the fleet toolbar narrows the view to; `all` means no narrowing on that field. */
export interface FleetFilter {
  /** Matched, case-insensitively, against the server's name and its host's name. */
  query: string;
  hostId: string | 'all';
  status: ServerStatus | 'all';
}

export const noFilter: FleetFilter = { query: '', hostId: 'all', status: 'all' };

export function isFiltering(filter: FleetFilter): boolean {
  return filter.query.trim() !== '' || filter.hostId !== 'all' || filter.status !== 'all';
}

/** Asking for deleted servers by status shows them, whatever the "Show deleted" checkbox says. */
export function showsDeleted(showDeleted: boolean, filter: FleetFilter): boolean {
  return showDeleted || filter.status === 'deleted';
}

export function matchesFilter(server: Server, filter: FleetFilter): boolean {
  const q = filter.query.trim().toLowerCase();
  if (q && !server.name.toLowerCase().includes(q) && !server.host.toLowerCase().includes(q)) return false;
  if (filter.hostId !== 'all' && server.hostId !== filter.hostId) return false;
  return filter.status === 'all' || server.status === filter.status;
}

/**
 * The groups to show under a filter. A chosen host keeps its group even when
 * empty (its header still matters); a search or status hides groups with no match.
 */
export function filterGroups(groups: HostGroup[], filter: FleetFilter): HostGroup[] {
  if (!isFiltering(filter)) return groups;
  const narrowsServers = filter.query.trim() !== '' || filter.status !== 'all';
  return groups
    .filter((g) => filter.hostId === 'all' || g.hostId === filter.hostId)
    .map((g) => ({ ...g, servers: g.servers.filter((s) => matchesFilter(s, filter)) }))
    .filter((g) => !narrowsServers || g.servers.length > 0);
}
