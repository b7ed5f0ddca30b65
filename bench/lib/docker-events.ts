import type Docker from 'dockerode';
import { labels } from '../../electron/core/fleet/container-spec';
import { parseEventLine, type DockerEvent } from '../../electron/core/live/docker-event-stream';
import { LineSplitter } from '../../electron/core/live/line-splitter';

interface Waiter {
  containerId: string;
  action: string;
  resolve: (e: DockerEvent) => void;
}

/**
 * The benchmark's own view of Docker's event stream, on a connection of
 * its own: when Docker says a container died or was destroyed (the event's
 * timeNano) is the moment a change happened, the start of every latency.
 */
export class DockerEventLog {
  private stream: (NodeJS.ReadableStream & { destroy?: () => void }) | undefined;
  private waiters: Waiter[] = [];

  constructor(private readonly docker: Docker) {}

  async start(): Promise<void> {
    this.stream = (await this.docker.getEvents({
      filters: { type: ['container'], label: [`${labels.managed}=true`], event: ['start', 'die', 'destroy'] },
    })) as NodeJS.ReadableStream & { destroy?: () => void };
    const splitter = new LineSplitter();
    this.stream.on('data', (chunk: Buffer) => {
      for (const line of splitter.push(chunk)) {
        const e = parseEventLine(line);
        if (e) this.deliver(e);
      }
    });
    this.stream.on('error', () => undefined);
  }

  /** The next `action` event of the container, from now on. Call it before making the change. */
  next(containerId: string, action: string, timeoutMs = 30_000): Promise<DockerEvent> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no ${action} event for ${containerId.slice(0, 12)} within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter: Waiter = {
        containerId,
        action,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      };
      this.waiters.push(waiter);
    });
  }

  stop(): void {
    this.stream?.destroy?.();
    this.stream = undefined;
  }

  private deliver(e: DockerEvent): void {
    const matched = this.waiters.filter((w) => w.containerId === e.Actor.ID && w.action === e.Action);
    this.waiters = this.waiters.filter((w) => !matched.includes(w));
    matched.forEach((w) => w.resolve(e));
  }
}

/** The event's time in wall-clock milliseconds, with Docker's sub-millisecond part kept. */
export function eventMs(e: DockerEvent): number {
  return Number(e.timeNano / 1000n) / 1000;
}
