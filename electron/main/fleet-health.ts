import type { Host } from '../shared/api';
import { serverStatuses, type ServerStatus } from '../shared/lifecycle';
import type { Server } from '../shared/servers';
import type { FleetSnapshot } from './fleet-mirror';

/** What the tray icon shows, worst first: a host offline, then anything needing attention, else all fine. */
export type FleetHealth = 'ok' | 'attention' | 'offline';

/**
 * A server that needs the admin: its container is gone, it failed, Docker
 * keeps restarting it, or its health check says unhealthy. A stale server
 * (host offline) shows its last known state, which is not news.
 */
export function needsAttention(s: Server): boolean {
  if (s.stale || s.status === 'deleted') return false;
  return s.status === 'missing' || s.status === 'failed' || s.crashLooping || s.health === 'unhealthy';
}

export function isOffline(h: Host): boolean {
  return h.status === 'offline';
}

export function fleetHealth(fleet: FleetSnapshot): FleetHealth {
  if (fleet.hosts.some(isOffline)) return 'offline';
  if (fleet.servers.some(needsAttention)) return 'attention';
  return 'ok';
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "10 running, 1 stopped, 1 missing": the servers' statuses in lifecycle order, zeros left out. */
export function statusCounts(servers: readonly Server[]): string {
  const counts = new Map<ServerStatus, number>();
  for (const s of servers) counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
  return serverStatuses
    .filter((status) => counts.has(status))
    .map((status) => `${counts.get(status)} ${status === 'deleting' ? 'being purged' : status}`)
    .join(', ');
}

/** Servers that count as the fleet: everything but the deleted ones awaiting purge. */
export function activeServers(servers: readonly Server[]): Server[] {
  return servers.filter((s) => s.status !== 'deleted');
}
