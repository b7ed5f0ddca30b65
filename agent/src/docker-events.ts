import http from 'node:http';
import type { Journal } from './journal';
import type { Log } from './log';
import { sinceParam, watchedActions } from '../../electron/shared/docker-events';

export { sinceParam, watchedActions };

/** The label every container ZedOps manages carries (core: `labels.managed`). */
export const managedLabel = 'zedops.managed';

/** The /events path the agent asks for, from `sinceNano` on when given. */
export function eventsPath(sinceNano?: bigint): string {
  const filters = { type: ['container'], label: [`${managedLabel}=true`], event: [...watchedActions] };
  const query = new URLSearchParams({ filters: JSON.stringify(filters) });
  if (sinceNano !== undefined) query.set('since', sinceParam(sinceNano));
  return `/events?${query.toString()}`;
}

/** True for a line of Docker's event stream that is a container event (the only kind the agent asks for). */
export function isContainerEventLine(line: string): boolean {
  try {
    const v = JSON.parse(line) as { Type?: unknown; Action?: unknown } | null;
    return typeof v === 'object' && v !== null && v.Type === 'container' && typeof v.Action === 'string';
  } catch {
    return false;
  }
}

/** Splits a byte stream into lines; one chunk may hold several lines or half of one. */
export class LineSplitter {
  private rest = '';
  private readonly decoder = new TextDecoder('utf-8');

  push(chunk: Uint8Array): string[] {
    this.rest += this.decoder.decode(chunk, { stream: true });
    const parts = this.rest.split('\n');
    this.rest = parts.pop() ?? '';
    return parts.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)).filter((l) => l.length > 0);
  }
}

/** Docker's version through its socket, or why it could not be had. */
export async function dockerVersion(
  socketPath: string,
  timeoutMs = 3000,
): Promise<{ version: string } | { error: string }> {
  return new Promise((resolve) => {
    const req = http.get({ socketPath, path: '/version', timeout: timeoutMs, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) {
          resolve({ error: `Docker answered ${res.statusCode ?? '?'}: ${body.trim().slice(0, 300)}` });
          return;
        }
        try {
          const version = (JSON.parse(body) as { Version?: unknown }).Version;
          resolve(typeof version === 'string' ? { version } : { error: 'Docker did not say its version.' });
        } catch {
          resolve({ error: 'Docker answered /version with something that is not JSON.' });
        }
      });
      res.on('error', (err) => resolve({ error: describeDockerError(socketPath, err) }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err) => resolve({ error: describeDockerError(socketPath, err) }));
  });
}

export function describeDockerError(socketPath: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return `There is no Docker socket at ${socketPath}: is Docker running, and is --docker-host right?`;
    case 'ECONNREFUSED':
      return `Docker does not answer at ${socketPath} (connection refused): is the Docker daemon running?`;
    case 'EACCES':
      return `Permission denied on the Docker socket ${socketPath}: run the agent as root or in the docker group.`;
    default:
      return `Docker at ${socketPath} could not be reached (${code ?? (err instanceof Error ? err.message : String(err))}).`;
  }
}

export interface Backoff {
  initialMs: number;
  maxMs: number;
}

/**
 * Follows Docker's /events for ZedOps containers and appends every event
 * line, exactly as Docker sent it, to the journal. Each (re)connection asks
 * for the events after the last one journaled (`since` = its timeNano + 1 ns),
 * so events that happened while the agent or dockerd was down are journaled
 * too, as far as dockerd still remembers them (it keeps the last 256 or so
 * in memory, and none from before its own restart). Reconnects with backoff.
 */
export class DockerEventWatcher {
  private request: http.ClientRequest | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private stopped = true;
  private firstConnectedNano: bigint | undefined;
  private down = false;
  private lastError = '';

  constructor(
    private readonly options: {
      socketPath: string;
      journal: Journal;
      log: Log;
      backoff?: Backoff;
    },
  ) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.request?.destroy();
    this.request = undefined;
  }

  private sinceNano(): bigint | undefined {
    const last = this.options.journal.lastTimeNano;
    if (last !== undefined) return last + 1n;
    return this.firstConnectedNano;
  }

  private connect(): void {
    if (this.stopped) return;
    const { socketPath, journal, log } = this.options;
    const since = this.sinceNano();
    const startedNano = BigInt(Date.now()) * 1_000_000n;
    const req = http.get({ socketPath, path: eventsPath(since), agent: false });
    this.request = req;
    let finished = false;
    const fail = (reason: string): void => {
      if (finished) return;
      finished = true;
      if (this.request === req) this.request = undefined;
      req.destroy();
      this.retry(reason);
    };
    req.on('error', (err) => fail(describeDockerError(socketPath, err)));
    req.on('response', (res) => {
      if (res.statusCode !== 200) {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8').trim().slice(0, 300);
          fail(`Docker refused the event stream (${res.statusCode ?? '?'}): ${body}`);
        });
        res.on('error', (err) => fail(describeDockerError(socketPath, err)));
        return;
      }
      this.firstConnectedNano ??= startedNano;
      this.attempt = 0;
      log.info(
        { since: since === undefined ? null : sinceParam(since), head: journal.head },
        this.down ? 'Docker is back; the event stream is open again.' : 'Watching Docker events for the journal.',
      );
      this.down = false;
      const splitter = new LineSplitter();
      res.on('data', (chunk: Buffer) => {
        for (const line of splitter.push(chunk)) {
          if (!isContainerEventLine(line)) {
            log.debug(
              { line: line.slice(0, 200) },
              'Ignored a line of the Docker event stream that is not a container event.',
            );
            continue;
          }
          try {
            journal.append(line);
          } catch (err) {
            log.error({ err }, 'Could not add an event to the journal.');
          }
        }
      });
      res.on('end', () => fail('Docker ended the event stream.'));
      res.on('close', () => fail('The Docker event stream closed.'));
      res.on('error', (err) => fail(describeDockerError(socketPath, err)));
    });
  }

  private retry(reason: string): void {
    if (this.stopped) return;
    const backoff = this.options.backoff ?? { initialMs: 250, maxMs: 5000 };
    const delay = Math.min(backoff.maxMs, backoff.initialMs * 2 ** this.attempt++);
    if (!this.down || reason !== this.lastError) {
      this.options.log.warn(
        { retryInMs: delay },
        `Lost the Docker event stream: ${reason} Reconnecting with backoff; events meanwhile are asked for again.`,
      );
    }
    this.down = true;
    this.lastError = reason;
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }
}
