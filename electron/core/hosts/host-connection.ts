import os from 'node:os';
import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import { ApiError } from '../../shared/api';
import type { HostRecord } from '../catalog/hosts-repo';
import type { HostOps } from '../host-ops/host-ops';
import type { EventStreamHandlers } from '../live/docker-event-stream';
import type { JournalPosition } from '../live/journal-event-stream';
import type { Logger } from '../logger';
import { silentLogger } from '../logger';
import type { SecretCipher } from '../secrets/secret-cipher';
import { connectAgent } from './connect-agent';
import { connectLocal } from './connect-local';
import { connectSsh } from './connect-ssh';
import { connectTls } from './connect-tls';

/** How a server's RCON port (published on the host's 127.0.0.1) is reached from here. */
export interface RconRoute {
  host: string;
  port: number;
  /** A stream through the host connection itself (SSH); absent when a TCP connection from here reaches it. */
  openStream?: () => Promise<Duplex>;
}

/** A long-lived source of a host's container events. */
export interface EventSource {
  start(): void;
  stop(): void;
  /** Drops the open stream so it reconnects (a link found dead). */
  reset(): void;
}

/** How core reaches one host: its Docker Engine, its files and sockets, and its RCON ports. */
export interface HostConnection {
  readonly host: HostRecord;
  readonly docker: Docker;
  readonly ops: HostOps;
  /** Where RCON can be reached from here, if it can. */
  rconAddress(port: number): RconRoute | undefined;
  /** A Docker or transport failure as one sentence for people (TLS and SSH failures have their own words). */
  describeError(err: unknown): string;
  /**
   * For links whose death nothing else reports in time (TCP with TLS): the
   * host watcher runs `check` every `intervalMs` and, when it fails, calls
   * `resetLink` so no request waits on a dead pooled socket. A local socket
   * closes at once and SSH has keepalives, so they have none.
   */
  readonly heartbeat?: { intervalMs: number; check(): Promise<void>; resetLink(): void };
  /** The host's events when they come from elsewhere than Docker's /events (an agent's journal). */
  openEventStream?(handlers: EventStreamHandlers, position: JournalPosition, log: Logger): EventSource;
  /** How host operations and RCON travel, in words, for `hosts.test`. */
  readonly routes: { hostOps: string; rcon: string };
  /** Ends the link (SSH connection, pooled sockets). */
  close(): void;
}

export interface HostConnectionDeps {
  cipher: SecretCipher;
  env?: NodeJS.ProcessEnv;
  homeDir?: string;
  log?: Logger;
}

/** What each kind's connect function receives. */
export interface ConnectContext {
  cipher: SecretCipher;
  env: NodeJS.ProcessEnv;
  homeDir: string;
  log: Logger;
}

/** One connection per host, made on first use and reused until the host's settings change. */
export class HostConnections {
  private readonly byId = new Map<string, { key: string; connection: HostConnection }>();
  private readonly context: ConnectContext;

  constructor(deps: HostConnectionDeps) {
    this.context = {
      cipher: deps.cipher,
      env: deps.env ?? process.env,
      homeDir: deps.homeDir ?? os.homedir(),
      log: deps.log ?? silentLogger(),
    };
  }

  get(host: HostRecord): HostConnection {
    const key = JSON.stringify([host.kind, host.address, host.dataRoot, host.settings, host.secretRef]);
    const cached = this.byId.get(host.id);
    if (cached?.key === key) return cached.connection;
    cached?.connection.close();
    let connection: HostConnection;
    try {
      connection = connect(host, this.context);
    } catch (err) {
      if (err instanceof ApiError) throw err;
      throw new ApiError('failed', err instanceof Error ? err.message : String(err));
    }
    this.byId.set(host.id, { key, connection });
    return connection;
  }

  forget(hostId: string): void {
    this.byId.get(hostId)?.connection.close();
    this.byId.delete(hostId);
  }

  closeAll(): void {
    for (const { connection } of this.byId.values()) connection.close();
    this.byId.clear();
  }
}

function connect(host: HostRecord, context: ConnectContext): HostConnection {
  switch (host.kind) {
    case 'local':
      return connectLocal(host);
    case 'tls':
      return connectTls(host, context);
    case 'ssh':
      return connectSsh(host, context);
    case 'agent':
      return connectAgent(host, context);
  }
}
