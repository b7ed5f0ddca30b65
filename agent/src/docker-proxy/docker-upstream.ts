import http from 'node:http';

/** Docker's answer to a request the proxy makes for itself (an inspect). */
export type UpstreamAnswer =
  { ok: true; status: number; json: unknown } | { ok: false; status: number; body: Buffer; contentType: string };

const answerLimit = 16 * 1024 * 1024;
const lookupTimeoutMs = 30_000;

// Headers that belong to one connection, never forwarded either way.
const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
]);

/** The real Docker Engine socket, and every request the proxy has open on it. */
export class DockerUpstream {
  private readonly agent = new http.Agent({ keepAlive: true });
  private readonly open = new Set<http.ClientRequest>();

  constructor(readonly socketPath: string) {}

  private request(method: string, path: string, headers: http.OutgoingHttpHeaders): http.ClientRequest {
    const req = http.request({ socketPath: this.socketPath, method, path, headers, agent: this.agent });
    this.open.add(req);
    req.on('close', () => this.open.delete(req));
    return req;
  }

  /** A request of the proxy's own (an inspect before the real call): the whole answer, parsed when it is a 2xx. */
  lookup(path: string): Promise<UpstreamAnswer> {
    return new Promise((resolve, reject) => {
      const req = this.request('GET', path, {});
      req.setTimeout(lookupTimeoutMs, () => req.destroy(new Error(`Docker did not answer GET ${path} in time`)));
      req.on('error', reject);
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > answerLimit) req.destroy(new Error(`Docker's answer to GET ${path} is too large`));
          else chunks.push(chunk);
        });
        res.on('error', reject);
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          const status = res.statusCode ?? 502;
          if (status >= 200 && status < 300) {
            try {
              resolve({ ok: true, status, json: JSON.parse(body.toString('utf8')) as unknown });
            } catch {
              reject(new Error(`Docker's answer to GET ${path} is not JSON`));
            }
          } else {
            resolve({
              ok: false,
              status,
              body,
              contentType: String(res.headers['content-type'] ?? 'application/json'),
            });
          }
        });
      });
      req.end();
    });
  }

  /**
   * Sends a request to Docker and streams its answer to `res` as it comes
   * (events, pull progress, logs, wait), with backpressure. When the client
   * goes away, the request to Docker is dropped too.
   */
  forward(
    res: http.ServerResponse,
    call: { method: string; path: string; body?: Buffer; headers?: http.OutgoingHttpHeaders },
    onError: (err: Error) => void,
  ): void {
    const headers: http.OutgoingHttpHeaders = { ...call.headers };
    if (call.body) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = call.body.length;
    }
    const up = this.request(call.method, call.path, headers);
    res.on('close', () => {
      if (!res.writableFinished) up.destroy();
    });
    up.on('error', (err) => {
      if (!res.headersSent) onError(err);
      else res.destroy();
    });
    up.on('response', (answer) => {
      const out: http.OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(answer.headers)) {
        if (value !== undefined && !hopByHop.has(name)) out[name] = value;
      }
      res.writeHead(answer.statusCode ?? 502, out);
      // Headers go out now: a client of /events or /wait waits for them before any data.
      res.flushHeaders();
      answer.pipe(res);
      answer.on('error', () => res.destroy());
      answer.on('close', () => {
        if (!answer.complete) res.destroy();
      });
    });
    up.end(call.body);
  }

  /** Drops every open request to Docker and the idle connections. */
  close(): void {
    for (const req of this.open) req.destroy();
    this.open.clear();
    this.agent.destroy();
  }
}
