import type { Host } from './api';
import type { Server } from './servers';

/**
 * Test data for the API's shapes, used by the renderer's, the shell's and the
 * CLI's tests alike: every field set to something ordinary, then the fields
 * the test is about. Only tests import this.
 */
export function apiServer(over: Partial<Server> & { id: string }): Server {
  return {
    name: over.id,
    hostId: 'h1',
    host: 'box',
    status: 'running',
    containerId: 'c1',
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

export function apiHost(over: Partial<Host> & { id: string }): Host {
  return {
    name: over.id,
    kind: 'local',
    address: 'unix:///var/run/docker.sock',
    dataRoot: '/srv/zedops',
    registry: null,
    status: 'online',
    lastSeen: null,
    dockerVersion: '27.0.0',
    lastError: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}
