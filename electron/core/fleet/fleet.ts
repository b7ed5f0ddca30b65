import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { ApiError } from '../../shared/api';
import { refusalReason, type ServerAction } from '../../shared/lifecycle';
import type { CreateServerInput, RetryServerInput, Server, ServerEvent, SimpleAction } from '../../shared/servers';
import type { Catalog } from '../catalog/catalog';
import type { HostRecord } from '../catalog/hosts-repo';
import type { ServerRecord, ServerInclude, EventActor } from '../catalog/servers-repo';
import type { ChangeFeed } from '../change-feed';
import { HostOpsError } from '../host-ops/host-ops';
import type { HostConnection, HostConnections } from '../hosts/host-connection';
import type { Logger } from '../logger';
import type { SecretCipher } from '../secrets/secret-cipher';
import type { ServerSecrets } from './container-spec';
import { managedContainers, removeContainer } from './docker-ops';
import { planPorts } from './plan-ports';
import { toApiEvent, toApiServer } from './to-api-server';
import { Leases, leaseTtlMs } from './lease';
import { ServerSteps } from './server-steps';
import type { Overlays } from '../live/overlays';

export interface FleetDeps {
  catalog: Catalog;
  cipher: SecretCipher;
  connections: HostConnections;
  feed: ChangeFeed;
  log: Logger;
  retentionMs: () => number;
  overlays: Overlays;
}

/**
 * Every lifecycle action of LIFECYCLE.md. Each runs under the server's
 * operation lease (held in the catalog, so two processes cannot race),
 * refuses what the lifecycle table does not allow, and records every status
 * change with its history event in one transaction.
 */
export class Fleet {
  readonly owner = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  private readonly leases: Leases;
  private readonly steps: ServerSteps;

  constructor(private readonly deps: FleetDeps) {
    this.leases = new Leases(deps.catalog.servers, this.owner, (id) => this.emit(id));
    this.steps = new ServerSteps({
      catalog: deps.catalog,
      log: deps.log,
      emit: (id) => this.emit(id),
      progress: (...args) => this.progress(...args),
      unseal: (s) => this.unseal(s),
    });
  }

  // ---- reading ---------------------------------------------------------

  list(filter: { hostId?: string; include: ServerInclude }): Server[] {
    if (filter.hostId) this.requireHost(filter.hostId);
    return this.deps.catalog.servers.list(filter).map((s) => this.toApi(s));
  }

  get(serverId: string): Server {
    return this.toApi(this.requireServer(serverId));
  }

  history(serverId: string, limit: number): ServerEvent[] {
    this.requireServer(serverId);
    return this.deps.catalog.servers.history(serverId, limit).map(toApiEvent);
  }

  // ---- create and Edit & Retry ----------------------------------------

  async create(input: CreateServerInput & { env: Record<string, string> }): Promise<Server> {
    const { catalog } = this.deps;
    const host = this.requireHost(input.hostId);
    const conn = this.deps.connections.get(host);
    this.refuseTakenName(host, input.name);
    const ports = await planPorts(catalog, conn, input);
    const id = randomUUID();
    const secrets = this.seal({ adminPassword: input.adminPassword, rconPassword: input.rconPassword });
    try {
      catalog.transaction(() => {
        this.refuseTakenName(host, input.name);
        catalog.servers.insert(
          {
            id,
            hostId: host.id,
            name: input.name,
            image: input.image,
            config: { env: input.env },
            secrets,
            ...ports,
            status: 'creating',
          },
          {
            kind: 'create',
            message: `Create requested: ${input.image} on ports ${ports.gamePort}/udp, ${ports.udpPort}/udp, ${ports.rconPort}/tcp.`,
            actor: 'user',
          },
        );
        catalog.servers.acquireLease(id, this.owner, 'create', leaseTtlMs);
      });
    } catch (err) {
      throw this.constraintError(err, host);
    }
    this.emit(id);
    await this.leases.held(id, () => this.steps.provision(conn, id, 'create'));
    return this.get(id);
  }

  async retry(input: RetryServerInput): Promise<Server> {
    const server = this.requireServer(input.serverId);
    this.refuseUnless('retry', server);
    const conn = this.connFor(server);
    await this.leases.with(server, 'retry', async () => {
      const current = this.requireServer(server.id);
      this.refuseUnless('retry', current);
      const ports = await planPorts(
        this.deps.catalog,
        conn,
        {
          gamePort: input.gamePort ?? current.gamePort,
          udpPort: input.udpPort ?? (input.gamePort !== undefined ? input.gamePort + 1 : current.udpPort),
          rconPort: input.rconPort ?? current.rconPort,
        },
        current.id,
      );
      const old = this.unseal(current);
      const secrets = this.seal({
        adminPassword: input.adminPassword ?? old.adminPassword,
        rconPassword: input.rconPassword ?? old.rconPassword,
      });
      try {
        this.deps.catalog.servers.transition(current.id, {
          to: 'creating',
          kind: 'retry',
          actor: 'user',
          message: 'Edit & Retry.',
          patch: {
            image: input.image ?? current.image,
            config: { env: input.env ?? current.config.env },
            secrets,
            ...ports,
            lastError: null,
          },
        });
      } catch (err) {
        throw this.constraintError(err, this.requireHost(current.hostId));
      }
      this.emit(current.id);
      return this.steps.provision(conn, current.id, 'retry');
    });
    // Read after the lease is released, so the answer shows no operation running.
    return this.get(server.id);
  }

  // ---- actions on an existing server -----------------------------------

  async act(serverId: string, action: SimpleAction, actor: EventActor = 'user'): Promise<Server> {
    const server = this.requireServer(serverId);
    this.refuseUnless(action, server);
    const conn = this.connFor(server);
    await this.leases
      .with(server, action, async () => {
        const s = this.requireServer(serverId);
        this.refuseUnless(action, s);
        return this.runAction(conn, s, action, actor);
      })
      .catch((err: unknown) => {
        // A lost link or an unreachable host is a failure to report in words, not an internal error.
        if (err instanceof ApiError) throw err;
        const why = err instanceof HostOpsError ? err.message : conn.describeError(err);
        throw new ApiError('failed', `Could not ${action} "${server.name}": ${why}`);
      });
    return this.get(serverId);
  }

  private async runAction(conn: HostConnection, s: ServerRecord, action: SimpleAction, actor: EventActor) {
    switch (action) {
      case 'start':
        return this.steps.start(conn, s, actor);
      case 'stop':
        return this.steps.stop(conn, s, actor);
      case 'restart':
        await this.steps.stop(conn, s, actor);
        return this.steps.start(conn, this.requireServer(s.id), actor);
      case 'recover':
        return this.steps.provision(conn, s.id, 'recover');
      case 'rebuild':
        return this.steps.rebuild(conn, s);
      case 'delete':
        return this.steps.softDelete(conn, s, actor);
      case 'restore':
        return this.steps.restore(conn, s, actor);
    }
  }

  async purge(
    serverId: string,
    options: { keepData: boolean; confirmName: string },
    actor: EventActor = 'user',
  ): Promise<{ id: string; name: string }> {
    const server = this.requireServer(serverId);
    if (options.confirmName !== server.name) {
      throw new ApiError(
        'invalid_request',
        `To purge, confirm with the server's name exactly ("${server.name}"). Nothing was changed.`,
      );
    }
    this.refuseUnless('purge', server);
    const conn = this.connFor(server);
    return this.leases.with(server, 'purge', async () => {
      const s = this.requireServer(serverId);
      this.refuseUnless('purge', s);
      const before = s.status;
      this.deps.catalog.servers.transition(s.id, {
        to: 'deleting',
        kind: 'purge',
        actor,
        message: options.keepData ? 'Purging (keeping the data on the host).' : 'Purging, data included.',
      });
      this.emit(s.id);
      try {
        for (const c of await managedContainers(conn.docker, s.id)) await removeContainer(conn.docker, c.id);
        if (!options.keepData) await conn.ops.removeDataDir(s.name);
      } catch (err) {
        const message = `Purge stopped before the end: ${errorText(err)} The server was kept.`;
        this.deps.catalog.servers.transition(s.id, {
          to: before,
          kind: 'purge-failed',
          actor,
          message,
          patch: { lastError: message },
        });
        this.emit(s.id);
        throw new ApiError('failed', message);
      }
      this.deps.catalog.servers.remove(s.id);
      this.deps.feed.emit('server.removed', { id: s.id, hostId: s.hostId, name: s.name });
      return { id: s.id, name: s.name };
    });
  }

  async cleanupFailed(hostId: string): Promise<{ id: string; name: string }[]> {
    this.requireHost(hostId);
    const failed = this.deps.catalog.servers.list({ hostId, statuses: ['failed'] });
    // Data stays: a failed recover or retry may sit on a world someone wants back.
    return this.purgeEach(failed, { keepData: true }, 'user');
  }

  async purgeDeleted(hostId: string | undefined, actor: EventActor = 'user'): Promise<{ id: string; name: string }[]> {
    if (hostId) this.requireHost(hostId);
    const deleted = this.deps.catalog.servers.list({ ...(hostId ? { hostId } : {}), statuses: ['deleted'] });
    return this.purgeEach(deleted, { keepData: false }, actor);
  }

  /** Purges deleted servers whose retention has run out. Runs on a timer and on every sync. */
  async purgeExpired(now = Date.now(), hostId?: string): Promise<{ id: string; name: string }[]> {
    const retention = this.deps.retentionMs();
    const expired = this.deps.catalog.servers
      .list({ ...(hostId ? { hostId } : {}), statuses: ['deleted'] })
      .filter((s) => s.deletedAt !== null && s.deletedAt + retention <= now);
    return this.purgeEach(expired, { keepData: false }, 'retention');
  }

  private async purgeEach(servers: ServerRecord[], options: { keepData: boolean }, actor: EventActor) {
    const purged: { id: string; name: string }[] = [];
    for (const s of servers) {
      try {
        purged.push(await this.purge(s.id, { ...options, confirmName: s.name }, actor));
      } catch (err) {
        this.deps.log.warn({ err, server: s.name }, 'could not purge');
      }
    }
    return purged;
  }

  // ---- helpers -----------------------------------------------------------

  requireHost(hostId: string): HostRecord {
    const host = this.deps.catalog.hosts.get(hostId);
    if (!host)
      throw new ApiError('not_found', `There is no host with id "${hostId}". List hosts with "zedops host ls".`);
    return host;
  }

  requireServer(serverId: string): ServerRecord {
    const server = this.deps.catalog.servers.get(serverId);
    if (!server) throw new ApiError('not_found', `There is no server with id "${serverId}". It may have been purged.`);
    return server;
  }

  connFor(server: ServerRecord): HostConnection {
    return this.deps.connections.get(this.requireHost(server.hostId));
  }

  private refuseUnless(action: ServerAction, s: ServerRecord): void {
    const reason = refusalReason(action, s.status, s.name);
    if (reason) throw new ApiError('not_allowed', `${reason} Nothing was changed.`);
  }

  private refuseTakenName(host: HostRecord, name: string): void {
    const existing = this.deps.catalog.servers.findByName(host.id, name);
    if (existing) {
      throw new ApiError(
        'invalid_request',
        `A server named "${name}" already exists on host "${host.name}" (${existing.status})${existing.status === 'deleted' ? ': deleted servers keep their name until purged' : ''}. Pick another name.`,
      );
    }
  }

  private constraintError(err: unknown, host: HostRecord): Error {
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE') {
      return new ApiError(
        'invalid_request',
        `Another operation on host "${host.name}" took that name or one of those ports a moment ago. Nothing was changed; try again.`,
      );
    }
    return err instanceof Error ? err : new Error(String(err));
  }

  /** Seals a server's passwords for its catalog row (also used by Import). */
  seal(secrets: { adminPassword: string; rconPassword?: string | undefined }): Buffer {
    const clean: ServerSecrets = {
      adminPassword: secrets.adminPassword,
      ...(secrets.rconPassword ? { rconPassword: secrets.rconPassword } : {}),
    };
    return this.deps.cipher.encrypt(JSON.stringify(clean));
  }

  private unseal(s: ServerRecord): ServerSecrets {
    if (!s.secrets)
      throw new ApiError('failed', `Server "${s.name}" has no stored passwords; Edit & Retry with an admin password.`);
    return JSON.parse(this.deps.cipher.decrypt(s.secrets)) as ServerSecrets;
  }

  toApi(s: ServerRecord): Server {
    const host = this.deps.catalog.hosts.get(s.hostId);
    let rconEnabled = false;
    try {
      rconEnabled = s.secrets !== null && Boolean(this.unseal(s).rconPassword);
    } catch {
      rconEnabled = false;
    }
    return toApiServer(s, host, this.deps.overlays.get(s.id), this.deps.retentionMs(), rconEnabled);
  }

  emit(serverId: string): Server {
    const s = this.requireServer(serverId);
    const api = this.toApi(s);
    this.deps.feed.emit('server.changed', api);
    return api;
  }

  private progress(
    serverId: string,
    operation: ServerAction | 'create',
    step: string,
    message: string,
    fraction: number | null,
  ): void {
    this.deps.feed.emit('operation.progress', { serverId, operation, step, message, fraction });
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
