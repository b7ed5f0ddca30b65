import type { Host } from '../../../electron/shared/api';
import { serverStatuses, type ServerStatus } from '../../../electron/shared/lifecycle';
import type { Server } from '../../../electron/shared/servers';

export interface HostGroup {
  hostId: string;
  hostName: string;
  /** Null while a server's host has not arrived yet (or was removed meanwhile). */
  host: Host | null;
  /** The servers to show, by name; deleted ones only when asked for. */
  servers: Server[];
  /** Every server of the host by status, deleted ones included, whatever is shown. */
  counts: Partial<Record<ServerStatus, number>>;
}

/** The fleet by host, in the hosts' order; servers whose host is unknown still get a group. */
export function groupFleet(hosts: Host[], servers: Server[], showDeleted: boolean): HostGroup[] {
  const groups = new Map<string, HostGroup>();
  for (const host of hosts)
    groups.set(host.id, { hostId: host.id, hostName: host.name, host, servers: [], counts: {} });
  for (const server of servers) {
    let group = groups.get(server.hostId);
    if (!group) {
      group = { hostId: server.hostId, hostName: server.host, host: null, servers: [], counts: {} };
      groups.set(server.hostId, group);
    }
    group.counts[server.status] = (group.counts[server.status] ?? 0) + 1;
    if (showDeleted || server.status !== 'deleted') group.servers.push(server);
  }
  for (const group of groups.values()) group.servers.sort((a, b) => a.name.localeCompare(b.name));
  return [...groups.values()];
}

/** Counts as "2 running · 1 missing", in lifecycle order; empty when there are none. */
export function describeCounts(counts: Partial<Record<ServerStatus, number>>): string {
  return serverStatuses
    .filter((s) => (counts[s] ?? 0) > 0)
    .map((s) => `${counts[s]} ${s}`)
    .join(' · ');
}
