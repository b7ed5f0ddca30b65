import type { Host } from '../shared/api';
import type { Server } from '../shared/servers';
import { apiHost, apiServer } from '../shared/test-fixtures';

/** Test data for the shell's pure functions: a host and a server with sensible defaults. */
export function aHost(id: string, over: Partial<Host> = {}): Host {
  return apiHost({ id, lastSeen: '2026-01-01T00:00:00.000Z', ...over });
}

/** A server on `host` (default: host "box", id "box"). */
export function aServer(id: string, over: Partial<Server> = {}): Server {
  return apiServer({ id, name: id, hostId: 'box', host: 'box', containerId: `c-${id}`, ...over });
}

/** `count` servers named `<prefix>-1`... on one host. */
export function serversOn(hostId: string, count: number, over: Partial<Server> = {}, prefix = hostId): Server[] {
  return Array.from({ length: count }, (_, i) => aServer(`${prefix}-${i + 1}`, { hostId, host: hostId, ...over }));
}
