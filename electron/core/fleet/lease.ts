import { ApiError } from '../../shared/api';
import type { ServerRecord, ServersRepo } from '../catalog/servers-repo';

/** A lease outlives a killed process by at most this long; live operations renew it. */
export const leaseTtlMs = 60_000;
const leaseRenewMs = 20_000;

/**
 * The per-server operation lease, kept in the catalog so that two
 * processes (or windows) cannot run operations on one server at once.
 */
export class Leases {
  constructor(
    private readonly servers: ServersRepo,
    readonly owner: string,
    /** Called once a lease is released, so the UI learns the operation ended. */
    private readonly onReleased: (serverId: string) => void,
  ) {}

  /** Runs fn holding the server's lease; refuses, changing nothing, when another operation holds it. */
  async with<T>(server: ServerRecord, operation: string, fn: () => Promise<T>): Promise<T> {
    if (!this.servers.acquireLease(server.id, this.owner, operation, leaseTtlMs)) {
      const holder = this.servers.get(server.id);
      throw new ApiError(
        'not_allowed',
        `Server "${server.name}" is busy: ${holder?.leaseOperation ?? 'another operation'} is running on it (maybe from another ZedOps window or process). Try again when it has finished.`,
      );
    }
    return this.held(server.id, fn);
  }

  /** Runs fn while renewing a lease already held, and releases it after. */
  async held<T>(serverId: string, fn: () => Promise<T>): Promise<T> {
    const timer = setInterval(() => this.servers.renewLease(serverId, this.owner, leaseTtlMs), leaseRenewMs);
    timer.unref();
    try {
      return await fn();
    } finally {
      clearInterval(timer);
      if (this.servers.get(serverId)) {
        this.servers.releaseLease(serverId, this.owner);
        this.onReleased(serverId);
      }
    }
  }
}
