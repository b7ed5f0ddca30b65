import type { Host } from '../../../electron/shared/api';
import type { Server } from '../../../electron/shared/servers';
import { apiHost, apiServer } from '../../../electron/shared/test-fixtures';

/** Test data: a server with sensible defaults; pass what the test is about. */
export function aServer(over: Partial<Server> & { id: string }): Server {
  return apiServer(over);
}

export function aHost(id: string, name = id): Host {
  return apiHost({ id, name });
}
