import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Zedops } from '../core/zedops';
import type { Logger } from '../core/logger';
import { appVersion } from '../core/version';
import { contentSecurityPolicy } from '../shared/content-security-policy';
import { resolveStaticFile } from './static-files';
import { allowedHosts, isAllowedHost, isAllowedOrigin } from './request-guard';
import { apiPath, WsBridge } from './ws-bridge';

export interface ServeOptions {
  zedops: Zedops;
  token: string;
  /** The built renderer (out/renderer). */
  staticDir: string;
  listen: string;
  port: number;
  log: Logger;
}

export interface RunningServer {
  url: string;
  /** The URL with the token in its fragment: the one to open. Fragments never reach the server's logs. */
  openUrl: string;
  port: number;
  close(): Promise<void>;
}

const securityHeaders = {
  'Content-Security-Policy': contentSecurityPolicy(),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** Browser mode: the built renderer over HTTP and the API over WebSocket. */
export async function startServe(options: ServeOptions): Promise<RunningServer> {
  const { zedops, token, staticDir, listen, log } = options;
  const bridge = new WsBridge({ zedops, token, version: appVersion, log });
  let hosts = new Set<string>();

  const server = http.createServer((req, res) => {
    if (!isAllowedHost(req.headers.host, hosts, listen)) {
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Unknown Host header.\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res
        .writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' })
        .end('Method not allowed.\n');
      return;
    }
    if (!fs.existsSync(staticDir)) {
      res
        .writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders })
        .end(`The ZedOps page is not built (no ${staticDir}). Run "npm run build", then restart "zedops serve".\n`);
      return;
    }
    const found = resolveStaticFile(staticDir, req.url ?? '/');
    if (!found) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders }).end('Not found.\n');
      return;
    }
    const isHtml = found.contentType.startsWith('text/html');
    res.writeHead(200, {
      'Content-Type': found.contentType,
      'Cache-Control': isHtml ? 'no-store' : 'public, max-age=3600',
      ...securityHeaders,
    });
    if (req.method === 'HEAD') res.end();
    else fs.createReadStream(found.file).pipe(res);
  });

  server.on('upgrade', (req, socket, head) => {
    const path = (req.url ?? '').split('?')[0];
    if (
      path !== apiPath ||
      !isAllowedHost(req.headers.host, hosts, listen) ||
      !isAllowedOrigin(req.headers.origin, req.headers.host)
    ) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    bridge.handleUpgrade(req, socket, head);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, listen, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(listen, port);
  const shownHost =
    listen === '0.0.0.0' || listen === '::' ? '127.0.0.1' : listen.includes(':') ? `[${listen}]` : listen;
  const url = `http://${shownHost}:${port}/`;

  return {
    url,
    openUrl: `${url}#token=${token}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        bridge.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
