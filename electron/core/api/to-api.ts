import type { Host } from '../../shared/api';
import type { HostRecord } from '../catalog/hosts-repo';

const iso = (ms: number): string => new Date(ms).toISOString();

/** The catalog's host row as the API contract shows it. */
export function toApiHost(h: HostRecord): Host {
  return {
    id: h.id,
    name: h.name,
    kind: h.kind,
    address: h.address,
    dataRoot: h.dataRoot,
    registry: h.registry,
    status: h.status,
    lastSeen: h.lastSeen === null ? null : iso(h.lastSeen),
    dockerVersion: h.dockerVersion,
    lastError: h.lastError,
    createdAt: iso(h.createdAt),
    updatedAt: iso(h.updatedAt),
  };
}
