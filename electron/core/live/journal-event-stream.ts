import type Dockerode from 'dockerode';
import type { Logger } from '../logger';
import { parseEventLine, type EventStreamHandlers } from './docker-event-stream';
import { ReconnectingLineStream, type Backoff, type OpenStream } from './reconnecting-line-stream';

/** Where the last journal entry applied is kept, so a later process goes on from there. */
export interface JournalPosition {
  get(): { journalId: string; seq: number } | undefined;
  set(position: { journalId: string; seq: number }): void;
}

interface AgentInfo {
  journalId: string;
  journalHead: number;
}

/** The agent sends a heartbeat line every 5 s; this long without a line means the link is dead. */
const silenceMs = 12_000;

/**
 * An agent host's events, from the agent's journal instead of Docker's
 * in-memory event list: on every connect it asks for everything after the
 * last entry applied, so a desktop that was closed for hours learns each
 * change with Docker's own time, then follows new entries as they come
 * (NDJSON lines `{"seq":N,"raw":"<Docker's event line>"}` and heartbeats).
 */
export class JournalEventStream extends ReconnectingLineStream {
  private silenceTimer: NodeJS.Timeout | undefined;
  private journalId = '';

  constructor(
    private readonly docker: Dockerode,
    private readonly handlers: EventStreamHandlers,
    private readonly position: JournalPosition,
    log: Logger,
    backoff: Backoff = { initialMs: 250, maxMs: 5_000 },
  ) {
    super(handlers, log, backoff);
  }

  protected async open(): Promise<OpenStream> {
    const info = await this.dial<AgentInfo>('/zedops/v1/info', false);
    const known = this.position.get();
    let after: number;
    if (!known) {
      // First contact: the past before ZedOps knew this host is not its history; start from the journal's head.
      after = info.journalHead;
    } else if (known.journalId !== info.journalId || known.seq > info.journalHead) {
      // A new journal (the agent's state dir was wiped or replaced): all of it is news. The sync on connect
      // settles what happened before it.
      after = 0;
    } else {
      after = known.seq;
    }
    this.journalId = info.journalId;
    this.position.set({ journalId: info.journalId, seq: after });
    return this.dial<OpenStream>(`/zedops/v1/journal?after=${after}&follow=1`, true);
  }

  protected override onActivity(stream: OpenStream): void {
    clearTimeout(this.silenceTimer);
    this.silenceTimer = setTimeout(() => {
      stream.destroy?.(new Error(`The agent sent nothing for ${silenceMs / 1000} s; the link looks dead.`));
    }, silenceMs);
    this.silenceTimer.unref?.();
  }

  protected override onClosed(): void {
    clearTimeout(this.silenceTimer);
  }

  protected deliver(line: string): void {
    let entry: { seq?: unknown; raw?: unknown };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      return;
    }
    if (typeof entry.seq !== 'number' || typeof entry.raw !== 'string') return; // heartbeats
    const event = parseEventLine(entry.raw);
    if (event) this.handlers.onEvent(event);
    this.position.set({ journalId: this.journalId, seq: entry.seq });
  }

  private dial<T>(urlPath: string, isStream: boolean): Promise<T> {
    return new Promise((resolve, reject) => {
      this.docker.modem.dial(
        { path: urlPath, method: 'GET', options: {}, isStream, statusCodes: { 200: true } },
        (err: unknown, data: unknown) =>
          err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(data as T),
      );
    });
  }
}
