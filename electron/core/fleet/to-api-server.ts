import type { Server } from '../../shared/servers';
import type { ServerEventRecord, ServerRecord } from '../catalog/servers-repo';
import type { ServerEvent } from '../../shared/servers';
import type { HostRecord } from '../catalog/hosts-repo';
import type { Overlay } from '../live/overlays';

const iso = (ms: number): string => new Date(ms).toISOString();

/** The catalog row as the API contract shows it. Secrets never leave core. */
export function toApiServer(
  s: ServerRecord,
  host: Pick<HostRecord, 'name' | 'status' | 'lastSeen'> | undefined,
  overlay: Overlay,
  retentionMs: number,
  rconEnabled: boolean,
  now = Date.now(),
): Server {
  return {
    id: s.id,
    name: s.name,
    hostId: s.hostId,
    host: host?.name ?? '?',
    status: s.status,
    containerId: s.containerId,
    image: s.image,
    gamePort: s.gamePort,
    udpPort: s.udpPort,
    rconPort: s.rconPort,
    rconEnabled,
    env: s.config.env,
    dataExists: s.dataExists,
    lastError: s.lastError,
    deletedAt: s.deletedAt === null ? null : iso(s.deletedAt),
    purgeAt: s.status === 'deleted' && s.deletedAt !== null ? iso(s.deletedAt + retentionMs) : null,
    operation: s.leaseOwner && (s.leaseExpiresAt ?? 0) > now ? s.leaseOperation : null,
    health: s.status === 'running' ? overlay.health : null,
    crashLooping: overlay.crashLooping,
    stale: host?.status === 'offline',
    hostLastSeen: host?.lastSeen ? iso(host.lastSeen) : null,
    createdAt: iso(s.createdAt),
    updatedAt: iso(s.updatedAt),
  };
}

export function toApiEvent(e: ServerEventRecord): ServerEvent {
  return {
    id: e.id,
    serverId: e.server_id,
    at: iso(e.at),
    kind: e.kind,
    fromStatus: e.from_status,
    toStatus: e.to_status,
    message: e.message,
    actor: e.actor,
  };
}
