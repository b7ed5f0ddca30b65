import type Dockerode from 'dockerode';
import { labels } from '../fleet/container-spec';
import type { Logger } from '../logger';
import { LineSplitter } from './line-splitter';

/** One container event as Docker's /events stream sends it. */
export interface DockerEvent {
  Type: string;
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
  /** Nanoseconds since the epoch, kept exact (JSON numbers lose the last digits). */
  timeNano: bigint;
}

export interface EventStreamHandlers {
  onEvent(event: DockerEvent): void;
  /** The stream is open; on a reconnect, events since the last one seen were asked for. */
  onConnected(info: { reconnect: boolean }): void;
  onDisconnected(error: string): void;
}

export interface Backoff {
  initialMs: number;
  maxMs: number;
}

/**
 * The container events that can change what ZedOps shows. Health-check
 * execs (every few seconds per server) are left out at the source, so an
 * idle fleet sends nothing. Docker matches `health_status` as a prefix.
 */
export const watchedActions = [
  'create',
  'start',
  'restart',
  'die',
  'kill',
  'stop',
  'destroy',
  'pause',
  'unpause',
  'oom',
  'rename',
  'health_status',
] as const;

/** Parses one line of the stream; undefined for anything that is not a container event. */
export function parseEventLine(line: string): DockerEvent | undefined {
  let raw: { Type?: unknown; Action?: unknown; Actor?: { ID?: unknown; Attributes?: unknown }; time?: unknown };
  try {
    raw = JSON.parse(line) as typeof raw;
  } catch {
    return undefined;
  }
  if (raw.Type !== 'container' || typeof raw.Action !== 'string' || typeof raw.Actor?.ID !== 'string') return undefined;
  const nano = /"timeNano"\s*:\s*(\d+)/.exec(line)?.[1];
  const timeNano = nano ? BigInt(nano) : BigInt(Number(raw.time ?? 0)) * 1_000_000_000n;
  return {
    Type: raw.Type,
    Action: raw.Action,
    Actor: { ID: raw.Actor.ID, Attributes: (raw.Actor.Attributes ?? {}) as Record<string, string> },
    timeNano,
  };
}

/** Docker's `since`: seconds with a nanosecond fraction. */
export function sinceParam(nano: bigint): string {
  const s = nano / 1_000_000_000n;
  const frac = (nano % 1_000_000_000n).toString().padStart(9, '0');
  return `${s}.${frac}`;
}

/**
 * One host's stream of ZedOps container events. No timeout (it is meant to
 * stay open); when it drops it reconnects with backoff, asking for every
 * event after the last one seen, so nothing is lost across a reconnect.
 */
export class DockerEventStream {
  private lastNano: bigint | undefined;
  private stream: NodeJS.ReadableStream | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private stopped = false;
  private connectedOnce = false;

  constructor(
    private readonly docker: Dockerode,
    private readonly handlers: EventStreamHandlers,
    private readonly log: Logger,
    private readonly backoff: Backoff = { initialMs: 250, maxMs: 5_000 },
  ) {}

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const s = this.stream as (NodeJS.ReadableStream & { destroy?: () => void }) | undefined;
    this.stream = undefined;
    s?.destroy?.();
  }

  /** Drops the open stream (a link found dead); it reconnects as after any drop, asking for what it missed. */
  reset(): void {
    const s = this.stream as (NodeJS.ReadableStream & { destroy?: () => void }) | undefined;
    s?.destroy?.();
  }

  private async connect(): Promise<void> {
    const startedAt = BigInt(Date.now()) * 1_000_000n;
    let stream: NodeJS.ReadableStream;
    try {
      // `since` with nanoseconds is a string Docker accepts, though the typings say number.
      const options = {
        filters: { type: ['container'], label: [`${labels.managed}=true`], event: [...watchedActions] },
        ...(this.lastNano !== undefined ? { since: sinceParam(this.lastNano + 1n) } : {}),
      } as unknown as Dockerode.GetEventsOptions;
      stream = await this.docker.getEvents(options);
    } catch (err) {
      this.retry(err);
      return;
    }
    if (this.stopped) {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      return;
    }
    this.stream = stream;
    this.attempt = 0;
    // From the first connect on, "since" means after the last event seen, or after this moment.
    this.lastNano ??= startedAt;
    const reconnect = this.connectedOnce;
    this.connectedOnce = true;
    const splitter = new LineSplitter();
    let ended = false;
    const end = (err?: unknown) => {
      if (ended) return;
      ended = true;
      for (const line of splitter.flush()) this.deliver(line);
      if (this.stream === stream) this.stream = undefined;
      if (!this.stopped) this.retry(err ?? new Error('The Docker event stream ended.'));
    };
    stream.on('data', (chunk: Buffer) => {
      for (const line of splitter.push(chunk)) this.deliver(line);
    });
    stream.on('end', () => end());
    stream.on('close', () => end());
    stream.on('error', (err: unknown) => end(err));
    this.handlers.onConnected({ reconnect });
  }

  private deliver(line: string): void {
    const event = parseEventLine(line);
    if (!event) return;
    if (this.lastNano === undefined || event.timeNano > this.lastNano) this.lastNano = event.timeNano;
    try {
      this.handlers.onEvent(event);
    } catch (err) {
      this.log.error({ err }, 'handling a Docker event failed');
    }
  }

  private retry(err: unknown): void {
    if (this.stopped) return;
    const message = err instanceof Error ? err.message : String(err);
    this.handlers.onDisconnected(message);
    const delay = Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** this.attempt++);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
    this.retryTimer.unref?.();
  }
}
