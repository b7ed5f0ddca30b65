import type { EventName, Host } from '../shared/api';
import type { Server } from '../shared/servers';

/** The fleet as the tray and the notification policy see it. */
export interface FleetSnapshot {
  hosts: readonly Host[];
  servers: readonly Server[];
}

/**
 * The main process's own copy of the fleet: loaded once from core, then kept
 * current by the change feed, so the tray and notifications never poll.
 */
export class FleetMirror {
  private readonly hosts = new Map<string, Host>();
  private readonly servers = new Map<string, Server>();

  load(hosts: readonly Host[], servers: readonly Server[]): void {
    this.hosts.clear();
    this.servers.clear();
    for (const h of hosts) this.hosts.set(h.id, h);
    for (const s of servers) this.servers.set(s.id, s);
  }

  /** Applies one change-feed event; true when the fleet changed. */
  apply(event: EventName, payload: unknown): boolean {
    switch (event) {
      case 'host.changed': {
        const host = payload as Host;
        this.hosts.set(host.id, host);
        return true;
      }
      case 'host.removed': {
        const { id } = payload as { id: string };
        for (const s of this.servers.values()) if (s.hostId === id) this.servers.delete(s.id);
        return this.hosts.delete(id);
      }
      case 'server.changed': {
        const server = payload as Server;
        this.servers.set(server.id, server);
        return true;
      }
      case 'server.removed':
        return this.servers.delete((payload as { id: string }).id);
      default:
        // operation.progress: the server.changed that ends an operation carries what matters.
        return false;
    }
  }

  snapshot(): FleetSnapshot {
    return { hosts: [...this.hosts.values()], servers: [...this.servers.values()] };
  }
}
