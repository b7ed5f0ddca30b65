import fs from 'node:fs/promises';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { HostOps } from '../../electron/core/host-ops/host-ops';
import { ApiError, toApiError } from './api-error';
import { dockerVersion } from './docker-events';
import type { Journal, JournalEntry } from './journal';
import { JournalQueryError } from './journal';
import type { Log } from './log';
import { isAgentPath, parseRoute, type Route } from './routes';

/** The most an agent endpoint reads of a request body. */
export const maxBodyBytes = 64 * 1024;
/** How long a connection stays half-open, dropping what comes, after a body was refused as too large. */
const lingerMs = 1000;
/** Heartbeat period of a followed journal. */
export const heartbeatMs = 5000;
/** A follower that lets this much pile up unread is dropped (it reconnects with its last `seq`). */
export const maxFollowBacklogBytes = 8 * 1024 * 1024;

export interface DockerProxy {
  handle(req: http.IncomingMessage, res: http.ServerResponse): void;
  close(): void;
}

export interface ApiContext {
  agentVersion: string;
  dockerSocket: string;
  dataRoot: string;
  journal: Journal;
  hostOps: HostOps;
  proxy: DockerProxy;
  log: Log;
}

export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export function sendError(res: http.ServerResponse, err: ApiError): void {
  sendJson(res, err.status, { message: err.message, kind: err.kind }, err.headers);
}

/**
 * The request handler both listeners share: `/zedops/...` are the agent's
 * own endpoints, everything else is the Docker proxy's.
 */
export class AgentApi {
  private readonly followers = new Set<http.ServerResponse>();

  constructor(private readonly ctx: ApiContext) {}

  readonly handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const url = req.url ?? '/';
    // Paths only in logs, never queries: dockerode may put a container's config, passwords included, in one.
    const logPath = (url.split('?')[0] ?? '').slice(0, 200);
    if (!isAgentPath(url)) {
      try {
        this.ctx.proxy.handle(req, res);
      } catch (err) {
        this.ctx.log.error({ err, method: req.method, path: logPath }, 'The Docker proxy failed on a request.');
        sendError(res, toApiError(err));
      }
      return;
    }
    void this.answer(req, res).catch((err: unknown) => {
      const apiError = toApiError(err);
      if (apiError.status >= 500) {
        this.ctx.log.error({ err, method: req.method, path: logPath }, apiError.message);
      }
      sendError(res, apiError);
      if (apiError.kind === 'too-large') closeAfterRefusal(req);
    });
  };

  /** Ends every followed journal (at shutdown). */
  endStreams(): void {
    for (const res of this.followers) res.end();
    this.followers.clear();
  }

  private async answer(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const route = parseRoute(req.method ?? 'GET', req.url ?? '/');
    const body = await readBody(req);
    switch (route.kind) {
      case 'info':
        sendJson(res, 200, await this.info());
        return;
      case 'ports': {
        const ports = await this.ctx.hostOps.listeningPorts();
        sendJson(res, 200, { tcp: sorted(ports.tcp), udp: sorted(ports.udp) });
        return;
      }
      case 'data-dir':
        sendJson(res, 200, await this.dataDir(route, body));
        return;
      case 'journal':
        this.journal(route, res);
        return;
    }
  }

  private async info(): Promise<object> {
    const { agentVersion, dockerSocket, dataRoot, journal } = this.ctx;
    const [docker, disk] = await Promise.all([dockerVersion(dockerSocket), diskOf(dataRoot)]);
    return {
      agentVersion,
      dockerVersion: 'version' in docker ? docker.version : null,
      ...('error' in docker ? { dockerError: docker.error } : {}),
      dataRoot,
      journalHead: journal.head,
      journalId: journal.id,
      host: {
        hostname: os.hostname(),
        platform: process.platform,
        cpus: os.availableParallelism(),
        memoryBytes: os.totalmem(),
        freeMemoryBytes: os.freemem(),
        disk,
      },
    };
  }

  private async dataDir(route: Extract<Route, { kind: 'data-dir' }>, body: Buffer): Promise<object> {
    const ops = this.ctx.hostOps;
    if (route.method === 'POST') {
      checkNoOptions(body);
      const made = await ops.createDataDirs(route.name);
      this.ctx.log.info({ server: route.name, ...made }, 'Created the data folders of a server.');
      return made;
    }
    if (body.length > 0) throw new ApiError('invalid', `${route.method} on a data dir takes no request body.`);
    if (route.method === 'DELETE') {
      const removed = await ops.removeDataDir(route.name);
      if (removed.removed) this.ctx.log.info({ server: route.name }, 'Deleted the data folder of a server.');
      return removed;
    }
    return ops.dataDirStatus(route.name);
  }

  private journal(route: Extract<Route, { kind: 'journal' }>, res: http.ServerResponse): void {
    const journal = this.ctx.journal;
    let backlog: JournalEntry[];
    try {
      backlog = journal.after(route.after, route.follow ? Infinity : route.limit);
    } catch (err) {
      if (err instanceof JournalQueryError) throw new ApiError('invalid', err.message);
      throw err;
    }
    if (!route.follow) {
      sendJson(res, 200, {
        journalId: journal.id,
        head: journal.head,
        oldest: journal.oldest,
        events: backlog.map((e) => ({ seq: e.seq, raw: e.raw, event: parseOrNull(e.raw) })),
      });
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'application/x-ndjson; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Zedops-Journal-Id': journal.id,
    });
    res.socket?.setNoDelay(true);
    let last = route.after;
    const send = (entries: readonly JournalEntry[]): void => {
      let text = '';
      for (const e of entries) {
        if (e.seq <= last) continue;
        text += `${JSON.stringify({ seq: e.seq, raw: e.raw })}\n`;
        last = e.seq;
      }
      if (text) res.write(text);
      if (res.writableLength > maxFollowBacklogBytes) {
        this.ctx.log.warn(
          { last },
          'Dropped a journal follower that stopped reading; it can reconnect from its last seq.',
        );
        res.destroy();
      }
    };
    const heartbeat = (): void => {
      res.write(`${JSON.stringify({ heartbeat: Date.now(), head: journal.head })}\n`);
    };
    send(backlog);
    heartbeat();
    const unsubscribe = journal.subscribe(send);
    const timer = setInterval(heartbeat, heartbeatMs);
    this.followers.add(res);
    res.on('close', () => {
      unsubscribe();
      clearInterval(timer);
      this.followers.delete(res);
    });
  }
}

/**
 * After refusing a body that is too large: half-close, keep reading (and
 * dropping) what the client still sends for a moment, then close. Closing at
 * once with unread bytes would reset the connection, and a reset can make the
 * client lose the answer it has not read yet.
 */
function closeAfterRefusal(req: http.IncomingMessage): void {
  const socket = req.socket;
  req.removeAllListeners('data');
  req.resume();
  socket.end();
  setTimeout(() => socket.destroy(), lingerMs).unref();
}

/** Reads a request body of at most `maxBodyBytes`; a larger one is refused before it is read. */
export async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const tooLarge = (): ApiError =>
    new ApiError(
      'too-large',
      `The request body is larger than ${maxBodyBytes} bytes, the most an agent endpoint reads. Nothing was done.`,
    );
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > maxBodyBytes) throw tooLarge();
  // Events rather than `for await`: leaving an async iterator early destroys the socket, and the answer with it.
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        done();
        req.pause();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      done();
      resolve(Buffer.concat(chunks));
    };
    const onError = (err: Error): void => {
      done();
      reject(err);
    };
    const onClose = (): void => {
      done();
      reject(new ApiError('invalid', 'The client went away before sending the whole request.'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/** POST on a data dir takes no options yet: an empty body or `{}`. */
function checkNoOptions(body: Buffer): void {
  const text = body.toString('utf8').trim();
  if (text === '') return;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ApiError('invalid', `The request body is not valid JSON (${(err as Error).message}).`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ApiError('invalid', 'The request body must be a JSON object, such as {}.');
  }
  const keys = Object.keys(value);
  if (keys.length > 0) {
    throw new ApiError('invalid', `Creating a data dir takes no options; got ${keys.map((k) => `"${k}"`).join(', ')}.`);
  }
}

function parseOrNull(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function sorted(set: ReadonlySet<number>): number[] {
  return [...set].sort((a, b) => a - b);
}

/** Size and free space of the disk holding the data root (or, while it does not exist, its nearest existing parent). */
export async function diskOf(dataRoot: string): Promise<{ path: string; totalBytes: number; freeBytes: number }> {
  let target = dataRoot;
  for (;;) {
    try {
      const s = await fs.statfs(target);
      return { path: target, totalBytes: s.blocks * s.bsize, freeBytes: s.bavail * s.bsize };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const parent = path.dirname(target);
      if ((code === 'ENOENT' || code === 'ENOTDIR') && parent !== target) {
        target = parent;
        continue;
      }
      throw err;
    }
  }
}
