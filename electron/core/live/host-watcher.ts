import type { Catalog } from '../catalog/catalog';
import type { ServerPatch } from '../catalog/servers-repo';
import type { ServerStatus } from '../../shared/lifecycle';
import type { Fleet } from '../fleet/fleet';
import { managedContainers } from '../fleet/docker-ops';
import { reconcile, type ObservedContainer } from '../fleet/reconcile';
import { leaseIsLive, syncHost } from '../fleet/sync-host';
import { labels } from '../fleet/container-spec';
import type { EventSource, HostConnection } from '../hosts/host-connection';
import type { Logger } from '../logger';
import { DockerEventStream, type DockerEvent } from './docker-event-stream';
import type { JournalPosition } from './journal-event-stream';
import { parseHealth, type Overlays } from './overlays';
import { describeCause, type Cause } from './event-cause';

export interface HostWatcherDeps {
  catalog: Catalog;
  fleet: Fleet;
  overlays: Overlays;
  log: Logger;
  syncIntervalMs: () => number;
  /** Called after anything about the host itself changed (status, version). */
  onHostChanged: (hostId: string) => void;
}

/** How long after a `kill` its `die` still counts as that kill's doing, not a crash. */
const killGraceNs = 120n * 1_000_000_000n;

/**
 * Keeps one host's servers true to Docker: one event stream for the whole
 * host, a targeted reconcile of the server an event names, and a full sync
 * on connect, on reconnect and every sync-interval as a safety net.
 */
export class HostWatcher {
  private readonly stream: EventSource;
  private readonly queues = new Map<string, Promise<void>>();
  private readonly lastKill = new Map<string, { at: bigint; signal: string }>();
  /** Why a container last died, until a status change or a restart tells its story. */
  private readonly pendingDie = new Map<string, { cause: Cause; at: number; told: boolean }>();
  private syncTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private online: boolean | undefined;

  constructor(
    private readonly conn: HostConnection,
    private readonly deps: HostWatcherDeps,
  ) {
    const handlers = {
      onEvent: (e: DockerEvent) => this.onEvent(e),
      onConnected: () => void this.fullSync(true),
      onDisconnected: (error: string) => this.onDisconnected(error),
    };
    const positionKey = `agent-journal:${conn.host.id}`;
    const position: JournalPosition = {
      get: () => {
        const stored = deps.catalog.settings.get(positionKey);
        const parsed =
          stored === undefined ? undefined : (JSON.parse(stored) as { journalId?: unknown; seq?: unknown });
        return typeof parsed?.journalId === 'string' && typeof parsed.seq === 'number'
          ? { journalId: parsed.journalId, seq: parsed.seq }
          : undefined;
      },
      set: (p) => deps.catalog.settings.set(positionKey, JSON.stringify(p)),
    };
    this.stream =
      conn.openEventStream?.(handlers, position, deps.log) ?? new DockerEventStream(conn.docker, handlers, deps.log);
  }

  get connection(): HostConnection {
    return this.conn;
  }

  get hostId(): string {
    return this.conn.host.id;
  }

  start(): void {
    this.stream.start();
    this.scheduleSync();
    this.scheduleHeartbeat();
  }

  stop(): void {
    this.stream.stop();
    clearTimeout(this.syncTimer);
    clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }

  /** Resolves once every event received so far has been applied (tests and benchmarks wait on this). */
  async idle(): Promise<void> {
    await Promise.all([...this.queues.values()]);
  }

  private scheduleSync(): void {
    this.syncTimer = setTimeout(() => {
      void this.fullSync(false).finally(() => this.scheduleSync());
    }, this.deps.syncIntervalMs());
    this.syncTimer.unref?.();
  }

  /**
   * Links that die silently (TCP with TLS) are checked on a timer: a failed
   * check marks the host offline at once and drops the event stream, which
   * reconnects with backoff and syncs when the host answers again.
   */
  private scheduleHeartbeat(): void {
    const heartbeat = this.conn.heartbeat;
    if (!heartbeat) return;
    this.heartbeatTimer = setTimeout(() => {
      heartbeat
        .check()
        .catch((err: unknown) => {
          if (this.heartbeatTimer === undefined) return;
          if (this.online !== false) this.onDisconnected(this.conn.describeError(err));
          heartbeat.resetLink();
          this.stream.reset();
        })
        .finally(() => {
          if (this.heartbeatTimer !== undefined) this.scheduleHeartbeat();
        });
    }, heartbeat.intervalMs);
    this.heartbeatTimer.unref?.();
  }

  private onEvent(e: DockerEvent): void {
    const serverId = e.Actor.Attributes[labels.serverId];
    if (!serverId) return;
    if (e.Action === 'kill') {
      // A kill only announces the die that follows; that is the event to act on.
      this.lastKill.set(e.Actor.ID, { at: e.timeNano, signal: e.Actor.Attributes.signal ?? '?' });
      return;
    }
    // Events of one server are applied in order; different servers do not wait for each other.
    const previous = this.queues.get(serverId) ?? Promise.resolve();
    const next = previous
      .then(() => this.reconcileServer(serverId, e))
      .catch((err: unknown) =>
        this.deps.log.warn({ err, serverId, action: e.Action }, 'reconciling after an event failed'),
      );
    this.queues.set(serverId, next);
    void next.then(() => {
      if (this.queues.get(serverId) === next) this.queues.delete(serverId);
    });
  }

  private async reconcileServer(serverId: string, e: DockerEvent): Promise<void> {
    const { catalog, fleet, overlays } = this.deps;
    const row = catalog.servers.get(serverId);
    if (!row || row.hostId !== this.conn.host.id) return;
    const at = Number(e.timeNano / 1_000_000n);
    let overlayChanged = this.trackOverlay(serverId, e);
    // While ZedOps itself operates on the server, the operation writes the history.
    if (leaseIsLive(row, Date.now())) {
      if (overlayChanged) fleet.emit(serverId);
      return;
    }
    const containers = await this.containersAt(serverId, e);
    const dataExists = new Map<string, boolean>();
    if (containers.length === 0) dataExists.set(serverId, (await this.conn.ops.dataDirStatus(row.name)).exists);
    const [change] = reconcile({ rows: [row], containers, dataExists, now: Date.now() }).changes;
    const history = this.historyFor(e, at, change?.to);
    if (history.crashed) overlayChanged = overlays.recordCrash(serverId, at) || overlayChanged;

    catalog.transaction(() => {
      if (history.note)
        catalog.servers.note(
          serverId,
          { kind: history.note.kind, actor: 'reconciler', message: history.note.message },
          history.note.at,
        );
      if (change?.to) {
        catalog.servers.transition(
          serverId,
          {
            to: change.to,
            kind: history.kind ?? change.kind,
            message: history.message ?? change.message,
            actor: 'reconciler',
            patch: change.patch,
          },
          at,
        );
      } else if (change) {
        catalog.servers.update(serverId, change.patch as ServerPatch);
      }
    });
    if (change || history.note || overlayChanged) fleet.emit(serverId);
  }

  /**
   * The history an event writes, chosen by what changed, not by which event
   * noticed it (Docker may have moved on by the time an event is handled).
   * The reason a container died is kept until a status change or a restart
   * tells its story.
   */
  private historyFor(
    e: DockerEvent,
    at: number,
    to: ServerStatus | undefined,
  ): { kind?: string; message?: string; crashed: boolean; note?: { kind: string; message: string; at: number } } {
    const id = e.Actor.ID;
    let crashed = false;
    if (e.Action === 'die') {
      const kill = this.lastKill.get(id);
      this.lastKill.delete(id);
      const cause = describeCause(e, kill && e.timeNano - kill.at < killGraceNs ? kill : undefined);
      this.pendingDie.set(id, { cause, at, told: false });
      crashed = cause.crashed;
    }
    const pending = this.pendingDie.get(id);
    if (to === 'stopped') {
      if (!pending || pending.told) return { crashed };
      pending.told = true;
      return { kind: pending.cause.kind, message: pending.cause.message, crashed };
    }
    if (to === 'running' || (to === undefined && e.Action === 'start')) {
      this.pendingDie.delete(id);
      const untold = pending && !pending.told && pending.cause.kind && pending.cause.message;
      const note = untold
        ? { kind: pending.cause.kind!, message: `${pending.cause.message} Docker restarted it.`, at: pending.at }
        : undefined;
      if (to === undefined) return { crashed, ...(note ? { note } : {}) };
      const started = describeCause({ ...e, Action: 'start' }, undefined, pending?.cause.crashed ?? false);
      return { kind: started.kind, message: started.message, crashed, ...(note ? { note } : {}) };
    }
    if (to === 'missing') this.pendingDie.delete(id);
    return { crashed };
  }

  /**
   * What Docker shows for the server when the event happened. A die, stop
   * or start says it all by itself, so those cost no request and no wait
   * (Docker answers an inspect only once it has finished recording an exit).
   */
  private async containersAt(serverId: string, e: DockerEvent): Promise<ObservedContainer[]> {
    const state = e.Action === 'die' || e.Action === 'stop' ? 'exited' : e.Action === 'start' ? 'running' : undefined;
    if (!state) return this.freshContainers(serverId);
    return [
      {
        id: e.Actor.ID,
        serverId,
        serverName: e.Actor.Attributes[labels.serverName],
        state,
        created: Number(e.timeNano / 1_000_000_000n),
        health: null,
      },
    ];
  }

  /**
   * The server's containers with their state read by inspect: the list can
   * still say "running" just after a `die`, while inspect waits for Docker to
   * finish recording the exit.
   */
  private async freshContainers(serverId: string) {
    const listed = await managedContainers(this.conn.docker, serverId);
    return Promise.all(
      listed.map(async (c) => {
        try {
          const info = await this.conn.docker.getContainer(c.id).inspect();
          return { ...c, state: info.State.Status };
        } catch (err) {
          if ((err as { statusCode?: number }).statusCode === 404) return undefined;
          throw err;
        }
      }),
    ).then((all) => all.filter((c) => c !== undefined));
  }

  private trackOverlay(serverId: string, e: DockerEvent): boolean {
    const { overlays } = this.deps;
    if (e.Action.startsWith('health_status')) return overlays.setHealth(serverId, parseHealth(e.Action));
    if (e.Action === 'start') return overlays.setHealth(serverId, 'starting');
    if (e.Action === 'destroy') {
      const was = overlays.get(serverId);
      overlays.forget(serverId);
      return was.crashLooping || was.health !== null;
    }
    return false;
  }

  private async fullSync(probeVersion: boolean): Promise<void> {
    const { catalog, fleet, overlays } = this.deps;
    try {
      const outcome = await syncHost(catalog, this.conn, Date.now(), { probeVersion });
      this.setOnline(outcome.reachable);
      // Health comes with the list, so a watcher started after the fact still knows it.
      const healthChanged = outcome.containers
        .filter((c) => c.serverId && (c.state === 'running' || c.state === 'restarting'))
        .filter((c) => overlays.setHealth(c.serverId!, c.health ?? null))
        .map((c) => c.serverId!);
      new Set([...outcome.changed, ...healthChanged]).forEach((id) => catalog.servers.get(id) && fleet.emit(id));
      overlays.expire(Date.now()).forEach((id) => catalog.servers.get(id) && fleet.emit(id));
      if (outcome.reachable) await fleet.purgeExpired(Date.now(), this.conn.host.id);
    } catch (err) {
      this.deps.log.warn({ err, host: this.conn.host.name }, 'sync failed');
    }
  }

  private onDisconnected(error: string): void {
    const changed = this.deps.catalog.hosts.recordProbe(this.conn.host.id, {
      status: 'offline',
      error: `Lost the Docker event stream: ${error}`,
    });
    // Already offline, but for another reason now (a refused host key after a restart): say so too.
    if (changed && this.online === false) this.deps.onHostChanged(this.conn.host.id);
    this.setOnline(false);
  }

  /** A host going offline or coming back changes every one of its servers' stale flag. */
  private setOnline(online: boolean): void {
    if (this.online === online) return;
    this.online = online;
    this.deps.onHostChanged(this.conn.host.id);
    for (const s of this.deps.catalog.servers.list({ hostId: this.conn.host.id })) this.deps.fleet.emit(s.id);
  }
}
