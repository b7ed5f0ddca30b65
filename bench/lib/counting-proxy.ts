import fs from 'node:fs';
import net from 'node:net';

export interface SeenRequest {
  at: number;
  method: string;
  /** Without the query string, API version and container ids: `GET /containers/json`. */
  route: string;
}

const requestLine = /^([A-Z]+) (\S+) HTTP\/1\.[01]$/;

/**
 * Reads the client→Docker direction of one connection and reports each HTTP
 * request it carries (keep-alive connections carry many). Bodies are
 * skipped by Content-Length or chunked framing; after an upgrade (attach,
 * hijack) the rest is raw and ignored.
 */
class RequestParser {
  private buf = Buffer.alloc(0);
  private state: 'head' | 'body' | 'chunk-size' | 'chunk-data' | 'trailer' | 'raw' = 'head';
  private remaining = 0;

  constructor(private readonly onRequest: (method: string, target: string) => void) {}

  push(chunk: Buffer): void {
    if (this.state === 'raw') return;
    this.buf = Buffer.concat([this.buf, chunk]);
    for (;;) {
      if (this.state === 'head') {
        const end = this.buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = this.buf.subarray(0, end).toString('latin1').split('\r\n');
        this.buf = this.buf.subarray(end + 4);
        const m = requestLine.exec(head[0] ?? '');
        if (!m) {
          this.state = 'raw';
          return;
        }
        this.onRequest(m[1] as string, m[2] as string);
        const headers = new Map(
          head.slice(1).map((h) => {
            const i = h.indexOf(':');
            return [
              h.slice(0, i).trim().toLowerCase(),
              h
                .slice(i + 1)
                .trim()
                .toLowerCase(),
            ] as const;
          }),
        );
        if (headers.has('upgrade')) {
          this.state = 'raw';
          return;
        }
        if (headers.get('transfer-encoding')?.includes('chunked')) this.state = 'chunk-size';
        else {
          this.remaining = Number(headers.get('content-length') ?? 0);
          this.state = 'body';
        }
      } else if (this.state === 'body') {
        const take = Math.min(this.remaining, this.buf.length);
        this.buf = this.buf.subarray(take);
        this.remaining -= take;
        if (this.remaining > 0) return;
        this.state = 'head';
      } else if (this.state === 'chunk-size') {
        const eol = this.buf.indexOf('\r\n');
        if (eol < 0) return;
        const size = parseInt(this.buf.subarray(0, eol).toString('latin1'), 16);
        this.buf = this.buf.subarray(eol + 2);
        if (Number.isNaN(size)) {
          this.state = 'raw';
          return;
        }
        if (size === 0) this.state = 'trailer';
        else {
          this.remaining = size + 2; // the data and its CRLF
          this.state = 'chunk-data';
        }
      } else if (this.state === 'chunk-data') {
        const take = Math.min(this.remaining, this.buf.length);
        this.buf = this.buf.subarray(take);
        this.remaining -= take;
        if (this.remaining > 0) return;
        this.state = 'chunk-size';
      } else if (this.state === 'trailer') {
        const eol = this.buf.indexOf('\r\n');
        if (eol < 0) return;
        this.buf = this.buf.subarray(eol + 2);
        if (eol === 0) this.state = 'head';
      } else {
        return;
      }
    }
  }
}

export function routeOf(method: string, target: string): string {
  const p = (target.split('?')[0] ?? '')
    .replace(/^\/v\d+\.\d+/, '')
    .replace(/\/[0-9a-f]{64}(?=\/|$)/g, '/:id')
    .replace(/\/zedops-[a-z0-9-]+(?=\/|$)/g, '/:name');
  return `${method} ${p}`;
}

/**
 * A unix socket that forwards every connection to the real Docker socket
 * and counts the HTTP requests going through, so "how many requests does
 * an idle host cost" is counted on the wire, not estimated from the code.
 */
export class CountingProxy {
  readonly requests: SeenRequest[] = [];
  /** Events Docker delivered on `/events` streams (one per line of the stream). */
  readonly eventsDelivered: number[] = [];
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    readonly socketPath: string,
  ) {}

  static async start(socketPath: string, dockerSocket: string): Promise<CountingProxy> {
    fs.rmSync(socketPath, { force: true });
    const server = net.createServer();
    const proxy = new CountingProxy(server, socketPath);
    server.on('connection', (client) => proxy.handle(client, dockerSocket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => resolve());
    });
    return proxy;
  }

  get address(): string {
    return `unix://${this.socketPath}`;
  }

  since(at: number): SeenRequest[] {
    return this.requests.filter((r) => r.at >= at);
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    fs.rmSync(this.socketPath, { force: true });
  }

  private handle(client: net.Socket, dockerSocket: string): void {
    const upstream = net.connect(dockerSocket);
    this.sockets.add(client).add(upstream);
    let streamingEvents = false;
    let carry = '';
    const parser = new RequestParser((method, target) => {
      const route = routeOf(method, target);
      streamingEvents = route === 'GET /events';
      this.requests.push({ at: Date.now(), method, route });
    });
    client.on('data', (chunk: Buffer) => parser.push(chunk));
    upstream.on('data', (chunk: Buffer) => {
      if (!streamingEvents) return;
      const text = carry + chunk.toString('latin1');
      const hits = text.split('"timeNano"').length - 1;
      for (let i = 0; i < hits; i++) this.eventsDelivered.push(Date.now());
      carry = text.slice(-('"timeNano"'.length - 1));
    });
    client.pipe(upstream).pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  }
}
