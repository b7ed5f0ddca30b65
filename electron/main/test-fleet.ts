import type { Host } from '../shared/api';
import type { Server } from '../shared/servers';

/** Test data for the shell's pure functions: a host and a server with sensible defaults. */
export function aHost(id: string, over: Partial<Host> = {}): Host {
  return {
    id,
    name: id,
    kind: 'local',
    address: 'unix:///var/run/docker.sock',
    dataRoot: '/srv/zedops',
    registry: null,
    status: 'online',
    lastSeen: '2026-01-01T00:00:00.000Z',
    dockerVersion: '27.0.0',
    lastError: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

/** A server on `host` (default: host "box", id "box"). */
export function aServer(id: string, over: Partial<Server> = {}): Server {
  return {
    id,
    name: id,
    hostId: 'box',
    host: 'box',
    status: 'running',
    containerId: `c-${id}`,
    image: 'pz-sim:latest',
    gamePort: 16261,
    udpPort: 16262,
    rconPort: 27015,
    rconEnabled: false,
    env: {},
    dataExists: true,
    lastError: null,
    deletedAt: null,
    purgeAt: null,
    operation: null,
    health: null,
    crashLooping: false,
    stale: false,
    hostLastSeen: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

/** `count` servers named `<prefix>-1`... on one host. */
export function serversOn(hostId: string, count: number, over: Partial<Server> = {}, prefix = hostId): Server[] {
  return Array.from({ length: count }, (_, i) => aServer(`${prefix}-${i + 1}`, { hostId, host: hostId, ...over }));
}
