import type Dockerode from 'dockerode';
import { sinceParam, watchedActions } from '../../shared/docker-events';
import { labels } from '../fleet/container-spec';
import type { Logger } from '../logger';
import { ReconnectingLineStream, type Backoff, type OpenStream, type StreamHandlers } from './reconnecting-line-stream';

/** One container event as Docker's /events stream sends it. */
export interface DockerEvent {
  Type: string;
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
  /** Nanoseconds since the epoch, kept exact (JSON numbers lose the last digits). */
  timeNano: bigint;
}

export interface EventStreamHandlers extends StreamHandlers {
  onEvent(event: DockerEvent): void;
}

export type { Backoff };
export { sinceParam, watchedActions };

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

/**
 * One host's stream of ZedOps container events. No timeout (it is meant to
 * stay open); when it drops it reconnects with backoff, asking for every
 * event after the last one seen, so nothing is lost across a reconnect.
 */
export class DockerEventStream extends ReconnectingLineStream {
  private lastNano: bigint | undefined;

  constructor(
    private readonly docker: Dockerode,
    private readonly handlers: EventStreamHandlers,
    log: Logger,
    backoff: Backoff = { initialMs: 250, maxMs: 5_000 },
  ) {
    super(handlers, log, backoff);
  }

  protected async open(): Promise<OpenStream> {
    const startedAt = BigInt(Date.now()) * 1_000_000n;
    // `since` with nanoseconds is a string Docker accepts, though the typings say number.
    const options = {
      filters: { type: ['container'], label: [`${labels.managed}=true`], event: [...watchedActions] },
      ...(this.lastNano !== undefined ? { since: sinceParam(this.lastNano + 1n) } : {}),
    } as unknown as Dockerode.GetEventsOptions;
    const stream = (await this.docker.getEvents(options)) as OpenStream;
    // From the first connect on, "since" means after the last event seen, or after this moment.
    this.lastNano ??= startedAt;
    return stream;
  }

  protected deliver(line: string): void {
    const event = parseEventLine(line);
    if (!event) return;
    if (this.lastNano === undefined || event.timeNano > this.lastNano) this.lastNano = event.timeNano;
    this.handlers.onEvent(event);
  }
}
