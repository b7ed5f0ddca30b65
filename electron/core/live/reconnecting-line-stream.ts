import type { Logger } from '../logger';
import { LineSplitter } from './line-splitter';

export interface Backoff {
  initialMs: number;
  maxMs: number;
}

export interface StreamHandlers {
  /** The stream is open; on a reconnect, what was missed meanwhile was asked for. */
  onConnected(info: { reconnect: boolean }): void;
  onDisconnected(error: string): void;
}

export type OpenStream = NodeJS.ReadableStream & { destroy?: (err?: Error) => void };

/**
 * A long-lived stream of text lines from a host (Docker's events, an agent's
 * journal) that reconnects with backoff whenever it drops. Subclasses say how
 * to open it (asking for what was missed) and what a line means.
 */
export abstract class ReconnectingLineStream {
  private stream: OpenStream | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private stopped = false;
  private connectedOnce = false;

  constructor(
    private readonly streamHandlers: StreamHandlers,
    protected readonly log: Logger,
    private readonly backoff: Backoff,
  ) {}

  /** Opens the stream, asking for everything after the last line delivered. */
  protected abstract open(): Promise<OpenStream>;
  protected abstract deliver(line: string): void;
  /** Called on open and on every chunk: a place to watch for silence. */
  protected onActivity(_stream: OpenStream): void {}
  protected onClosed(): void {}

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.onClosed();
    const s = this.stream;
    this.stream = undefined;
    s?.destroy?.();
  }

  /** Drops the open stream (a link found dead); it reconnects as after any drop. */
  reset(): void {
    this.stream?.destroy?.();
  }

  private async connect(): Promise<void> {
    let stream: OpenStream;
    try {
      stream = await this.open();
    } catch (err) {
      this.retry(err);
      return;
    }
    if (this.stopped) {
      stream.destroy?.();
      return;
    }
    this.stream = stream;
    this.attempt = 0;
    const reconnect = this.connectedOnce;
    this.connectedOnce = true;
    const splitter = new LineSplitter();
    let ended = false;
    const end = (err?: unknown) => {
      if (ended) return;
      ended = true;
      this.onClosed();
      for (const line of splitter.flush()) this.safeDeliver(line);
      if (this.stream === stream) this.stream = undefined;
      if (!this.stopped) this.retry(err ?? new Error('The stream ended.'));
    };
    this.onActivity(stream);
    stream.on('data', (chunk: Buffer) => {
      this.onActivity(stream);
      for (const line of splitter.push(chunk)) this.safeDeliver(line);
    });
    stream.on('end', () => end());
    stream.on('close', () => end());
    stream.on('error', (err: unknown) => end(err));
    this.streamHandlers.onConnected({ reconnect });
  }

  private safeDeliver(line: string): void {
    try {
      this.deliver(line);
    } catch (err) {
      this.log.error({ err }, 'handling a streamed line failed');
    }
  }

  private retry(err: unknown): void {
    if (this.stopped) return;
    const message = err instanceof Error ? err.message : String(err);
    this.streamHandlers.onDisconnected(message);
    const delay = Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** this.attempt++);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
    this.retryTimer.unref?.();
  }
}
