import type { Server } from '../../shared/servers';

/** Test support: a server as the API returns it, with the given fields changed. */
export function apiServer(overrides: Partial<Server> = {}): Server {
  return {
    id: '7b1e0c2a-0000-4000-8000-000000000001',
    name: 'north',
    hostId: 'h1',
    host: 'box1',
    status: 'running',
    containerId: 'f00dfeedcafe0123456789',
    image: 'renegademaster/zomboid-dedicated-server:latest',
    gamePort: 16261,
    udpPort: 16262,
    rconPort: 27015,
    rconEnabled: true,
    env: { SERVER_NAME: 'north' },
    dataExists: true,
    lastError: null,
    deletedAt: null,
    purgeAt: null,
    operation: null,
    health: null,
    crashLooping: false,
    stale: false,
    hostLastSeen: null,
    createdAt: '2025-01-02T03:04:05.000Z',
    updatedAt: '2025-01-02T03:05:00.000Z',
    ...overrides,
  };
}
