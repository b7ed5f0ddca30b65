import type { Server } from '../../shared/servers';
import { apiServer as sharedApiServer } from '../../shared/test-fixtures';

/** Test support: a server as the API returns it, with the given fields changed. */
export function apiServer(overrides: Partial<Server> = {}): Server {
  return sharedApiServer({
    id: '7b1e0c2a-0000-4000-8000-000000000001',
    name: 'north',
    host: 'box1',
    containerId: 'f00dfeedcafe0123456789',
    image: 'renegademaster/zomboid-dedicated-server:latest',
    rconEnabled: true,
    env: { SERVER_NAME: 'north' },
    createdAt: '2025-01-02T03:04:05.000Z',
    updatedAt: '2025-01-02T03:05:00.000Z',
    ...overrides,
  });
}
