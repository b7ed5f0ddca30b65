import type { Server } from '../shared/servers';

/** A server as `--json` prints it: the fields scripts rely on, nothing internal. */
export interface CliServer {
  id: string;
  name: string;
  host: string;
  status: Server['status'];
  containerId: string | null;
  image: string;
  gamePort: number;
  udpPort: number;
  rconPort: number;
  dataExists: boolean;
  lastError: string | null;
  deletedAt: string | null;
  purgeAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export function toCliServer(s: Server): CliServer {
  return {
    id: s.id,
    name: s.name,
    host: s.host,
    status: s.status,
    containerId: s.containerId,
    image: s.image,
    gamePort: s.gamePort,
    udpPort: s.udpPort,
    rconPort: s.rconPort,
    dataExists: s.dataExists,
    lastError: s.lastError,
    deletedAt: s.deletedAt,
    purgeAt: s.purgeAt,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}
