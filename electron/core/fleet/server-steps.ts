import { ApiError } from '../../shared/api';
import type { ServerAction } from '../../shared/lifecycle';
import type { Server } from '../../shared/servers';
import type { Catalog } from '../catalog/catalog';
import type { EventActor, ServerRecord } from '../catalog/servers-repo';
import type { HostConnection } from '../hosts/host-connection';
import type { Logger } from '../logger';
import { defaultStopTimeoutSeconds, type ServerSecrets } from './container-spec';
import { describeDockerFailure, imageExists, managedContainers, pullImage, removeContainer } from './docker-ops';
import { gracefulStop, startContainer } from './graceful-stop';
import { provisionContainer } from './provision';

export interface ServerStepsDeps {
  catalog: Catalog;
  log: Logger;
  emit(serverId: string): Server;
  progress(
    serverId: string,
    operation: ServerAction | 'create',
    step: string,
    message: string,
    fraction: number | null,
  ): void;
  unseal(s: ServerRecord): ServerSecrets;
}

/**
 * The steps of each lifecycle action, run by `Fleet` once it holds the
 * server's lease and has checked the action is allowed. Each status change
 * goes through the catalog with its history event.
 */
export class ServerSteps {
  constructor(private readonly deps: ServerStepsDeps) {}

  async start(conn: HostConnection, s: ServerRecord, actor: EventActor): Promise<Server> {
    const container = await this.containerOf(conn, s);
    try {
      await startContainer(conn.docker, container);
    } catch (err) {
      throw new ApiError('failed', describeDockerFailure(err, `Starting "${s.name}"`));
    }
    this.deps.catalog.servers.transition(s.id, {
      to: 'running',
      kind: 'start',
      actor,
      message: 'Started.',
      patch: { containerId: container, lastError: null },
    });
    return this.deps.emit(s.id);
  }

  async stop(conn: HostConnection, s: ServerRecord, actor: EventActor): Promise<Server> {
    const container = await this.containerOf(conn, s);
    const outcome = await this.stopGracefully(conn, s, container);
    const how =
      outcome === 'rcon'
        ? 'Stopped after RCON save and quit.'
        : outcome === 'docker'
          ? 'Stopped through Docker.'
          : 'It was not running.';
    this.deps.catalog.servers.transition(s.id, {
      to: 'stopped',
      kind: 'stop',
      actor,
      message: how,
      patch: { containerId: container },
    });
    return this.deps.emit(s.id);
  }

  async rebuild(conn: HostConnection, s: ServerRecord): Promise<Server> {
    // Pull first: if the image cannot be had, the running server is left alone.
    await this.pull(conn, s, 'rebuild');
    const container = await this.containerOf(conn, s);
    await this.stopGracefully(conn, s, container);
    return this.provision(conn, s.id, 'rebuild', { pulled: true });
  }

  async softDelete(conn: HostConnection, s: ServerRecord, actor: EventActor): Promise<Server> {
    for (const c of await managedContainers(conn.docker, s.id)) {
      if (c.state === 'running' || c.state === 'restarting') await this.stopGracefully(conn, s, c.id);
      await removeContainer(conn.docker, c.id);
    }
    const data = await conn.ops.dataDirStatus(s.name);
    this.deps.catalog.servers.transition(s.id, {
      to: 'deleted',
      kind: 'delete',
      actor,
      message: 'Deleted: container removed; config, data and ports kept until purged.',
      patch: { containerId: null, deletedAt: Date.now(), dataExists: data.exists },
    });
    return this.deps.emit(s.id);
  }

  async restore(conn: HostConnection, s: ServerRecord, actor: EventActor): Promise<Server> {
    const data = await conn.ops.dataDirStatus(s.name);
    this.deps.catalog.servers.transition(s.id, {
      to: 'missing',
      kind: 'restore',
      actor,
      message: data.exists
        ? 'Restored; its data is on the host. Recover to start it.'
        : 'Restored; no data was found on the host. Recover starts a fresh world.',
      patch: { deletedAt: null, dataExists: data.exists },
    });
    return this.deps.emit(s.id);
  }

  /** Steps 4 to 8 of Create: pull, dirs, networks, container, start. Failure leaves the server failed, with why. */
  async provision(
    conn: HostConnection,
    serverId: string,
    operation: 'create' | 'retry' | 'recover' | 'rebuild',
    opts: { pulled?: boolean } = {},
  ): Promise<Server> {
    const s = this.deps.catalog.servers.get(serverId);
    if (!s) throw new ApiError('not_found', `There is no server with id "${serverId}". It may have been purged.`);
    try {
      const needPull = !opts.pulled && (operation !== 'recover' || !(await imageExists(conn.docker, s.image)));
      if (needPull) await this.pull(conn, s, operation);
      const containerId = await provisionContainer(conn, s, this.deps.unseal(s), defaultStopTimeoutSeconds, (message) =>
        this.deps.progress(s.id, operation, 'container', message, null),
      );
      this.deps.catalog.servers.transition(s.id, {
        to: 'running',
        kind: operation,
        actor: 'user',
        message:
          operation === 'recover'
            ? 'Recovered: container recreated from the catalog.'
            : operation === 'rebuild'
              ? 'Rebuilt on a freshly pulled image.'
              : 'Running.',
        patch: { containerId, lastError: null, dataExists: true },
      });
      return this.deps.emit(s.id);
    } catch (err) {
      const message =
        err instanceof ApiError
          ? err.message
          : describeDockerFailure(err, capitalize(operation === 'retry' ? 'retry' : operation));
      this.deps.catalog.servers.transition(s.id, {
        to: 'failed',
        kind: `${operation}-failed`,
        actor: 'user',
        message,
        patch: { lastError: message },
      });
      this.deps.emit(s.id);
      throw new ApiError('failed', message);
    }
  }

  async pull(conn: HostConnection, s: ServerRecord, operation: ServerAction | 'create'): Promise<void> {
    this.deps.progress(s.id, operation, 'pull', `Pulling ${s.image}`, 0);
    try {
      await pullImage(conn.docker, s.image, (p) => this.deps.progress(s.id, operation, 'pull', p.message, p.fraction));
    } catch (err) {
      if (await imageExists(conn.docker, s.image)) {
        this.deps.catalog.servers.note(s.id, {
          kind: 'pull-skipped',
          actor: 'user',
          message: `Could not pull ${s.image} (${errorText(err)}); using the copy already on the host.`,
        });
        return;
      }
      throw new ApiError('failed', describeDockerFailure(err, `Pulling ${s.image}`));
    }
    this.deps.progress(s.id, operation, 'pull', `Pulled ${s.image}`, 1);
  }

  async stopGracefully(conn: HostConnection, s: ServerRecord, containerId: string) {
    const secrets = this.deps.unseal(s);
    const rconAt = secrets.rconPassword ? conn.rconAddress(s.rconPort) : undefined;
    return gracefulStop(
      conn.docker,
      {
        containerId,
        stopTimeoutSeconds: defaultStopTimeoutSeconds,
        ...(rconAt && secrets.rconPassword ? { rcon: { ...rconAt, password: secrets.rconPassword } } : {}),
      },
      this.deps.log,
      (message) => this.deps.progress(s.id, 'stop', 'stop', message, null),
    );
  }

  /** The server's container, found by label. If it is gone, the server is marked missing and the action refused. */
  async containerOf(conn: HostConnection, s: ServerRecord): Promise<string> {
    const found = (await managedContainers(conn.docker, s.id)).sort((a, b) => b.created - a.created)[0];
    if (found) return found.id;
    const data = await conn.ops.dataDirStatus(s.name);
    this.deps.catalog.servers.transition(s.id, {
      to: 'missing',
      kind: 'container-gone',
      actor: 'reconciler',
      message: 'Its container is gone.',
      patch: { containerId: null, dataExists: data.exists },
    });
    this.deps.emit(s.id);
    throw new ApiError(
      'not_allowed',
      `Server "${s.name}" has no container any more; it is now missing. Recover it to recreate the container${data.exists ? ' with its world' : ''}.`,
    );
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
