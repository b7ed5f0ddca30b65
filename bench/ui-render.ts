// UI scale: the fleet view in Chromium with 2,000 servers on 100 hosts. A
// stand-in for `zedops serve` (same HTTP server for the built renderer and
// the `/api` WebSocket, same wire protocol) answers with synthetic data and
// pushes `server.changed` events; no Docker, no containers. Measures the first
// render, frame times while scrolling the page top to bottom, and frame times
// while 100 statuses change per second. Prints figures; asserts nothing.
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Host } from '../electron/shared/api';
import type { Server } from '../electron/shared/servers';
import type { ServerMessage } from '../electron/shared/wire';
import { clientMessageSchema } from '../electron/shared/wire';
import { resolveStaticFile } from '../electron/serve/static-files';
import { ms, p50, p95, Results } from './lib/stats';

const HOSTS = Number(process.env.BENCH_UI_HOSTS ?? 100);
const PER_HOST = Number(process.env.BENCH_UI_PER_HOST ?? 20);
const CHANGES_PER_SECOND = 100;
const CHANGE_SECONDS = Number(process.env.BENCH_UI_CHANGE_SECONDS ?? 10);
const SCROLL_STEP_PX = 200; // per frame: about 12,000 px/s at 60 Hz
const DROPPED_MS = 50;
const staticDir = path.resolve('out', 'renderer');
const chromiumPath = process.env.BENCH_CHROMIUM ?? '/usr/bin/chromium';

const iso = (t: number) => new Date(t).toISOString();
const T0 = Date.parse('2026-01-01T00:00:00.000Z');

function makeFleet(): { hosts: Host[]; servers: Server[] } {
  const hosts: Host[] = [];
  const servers: Server[] = [];
  const statuses = ['running', 'running', 'running', 'running', 'stopped', 'missing', 'failed'] as const;
  for (let h = 0; h < HOSTS; h++) {
    const hostId = randomUUID();
    const name = h === 0 ? 'This computer' : `box-${String(h).padStart(3, '0')}`;
    hosts.push({
      id: hostId,
      name,
      kind: h === 0 ? 'local' : 'tls',
      address: h === 0 ? 'unix:///var/run/docker.sock' : `tcp://10.0.${h >> 8}.${h & 255}:2376`,
      dataRoot: '/srv/zedops',
      registry: null,
      status: 'online',
      lastSeen: iso(T0),
      dockerVersion: '27.3.1',
      lastError: null,
      createdAt: iso(T0),
      updatedAt: iso(T0),
    });
    for (let i = 0; i < PER_HOST; i++) {
      const port = 16261 + 3 * i;
      servers.push({
        id: randomUUID(),
        name: `pz-${h}-${i}`,
        hostId,
        host: name,
        status: statuses[(h + i) % statuses.length] ?? 'running',
        containerId: randomBytes(32).toString('hex'),
        image: 'renegademaster/zomboid-dedicated-server:latest',
        gamePort: port,
        udpPort: port + 1,
        rconPort: 27015 + i,
        rconEnabled: i % 2 === 0,
        env: { SERVERNAME: `pz-${h}-${i}` },
        dataExists: true,
        lastError: null,
        deletedAt: null,
        purgeAt: null,
        operation: null,
        health: i % 3 === 0 ? 'healthy' : null,
        crashLooping: false,
        stale: false,
        hostLastSeen: iso(T0),
        createdAt: iso(T0),
        updatedAt: iso(T0),
      });
    }
  }
  return { hosts, servers };
}

/** A stand-in for `zedops serve`: the built renderer over HTTP, the wire protocol on `/api`. */
async function startFakeServe(fleet: { hosts: Host[]; servers: Server[] }, token: string) {
  const sockets = new Set<WebSocket>();
  const calls = new Map<string, number>();
  const answer = (method: string): unknown => {
    switch (method) {
      case 'app.info':
        return { version: 'bench', dataDir: '/tmp/zedops-bench-ui', mode: 'browser' };
      case 'hosts.list':
        return fleet.hosts;
      case 'servers.list':
        return fleet.servers;
      default:
        return undefined;
    }
  };
  const server = http.createServer((req, res) => {
    const found = resolveStaticFile(staticDir, req.url ?? '/');
    if (!found || req.method !== 'GET') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': found.contentType, 'cache-control': 'no-store' });
    fs.createReadStream(found.file).pipe(res);
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if ((req.url ?? '').split('?')[0] !== '/api') {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      let welcomed = false;
      const send = (m: ServerMessage) => ws.send(JSON.stringify(m));
      ws.on('message', (data) => {
        const parsed = clientMessageSchema.safeParse(JSON.parse(String(data)));
        if (!parsed.success) return ws.close(4400);
        const msg = parsed.data;
        if (msg.type === 'hello') {
          if (msg.token !== token) return ws.close(4401);
          welcomed = true;
          sockets.add(ws);
          return send({ type: 'welcome', version: 'bench' });
        }
        if (!welcomed) return ws.close(4401);
        calls.set(msg.method, (calls.get(msg.method) ?? 0) + 1);
        const result = answer(msg.method);
        if (result === undefined)
          send({
            type: 'error',
            id: msg.id,
            error: { code: 'unknown_method', message: `Not in the benchmark: ${msg.method}` },
          });
        else send({ type: 'result', id: msg.id, result });
      });
      ws.on('close', () => sockets.delete(ws));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    calls,
    broadcast(event: string, payload: unknown) {
      const text = JSON.stringify({ type: 'event', event, payload } satisfies ServerMessage);
      for (const ws of sockets) ws.send(text);
    },
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The little of the page's `window` the in-page measuring functions use (this file is type-checked as Node code,
 * without the DOM library; Playwright runs these functions in the page).
 */
interface PageWindow {
  __firstCard?: number;
  scrollY: number;
  innerHeight: number;
  scrollTo(x: number, y: number): void;
  scrollBy(x: number, y: number): void;
  requestAnimationFrame(callback: (t: number) => void): number;
  setTimeout(callback: () => void, ms: number): number;
  MutationObserver: new (callback: () => void) => {
    observe(target: unknown, options: object): void;
    disconnect(): void;
  };
  document: {
    documentElement: { scrollHeight: number };
    querySelector(selector: string): unknown;
    querySelectorAll(selector: string): { length: number };
  };
}

interface Frames {
  deltas: number[];
  seconds: number;
}

function frameFigures(results: Results, label: string, f: Frames): void {
  const dropped = f.deltas.filter((d) => d > DROPPED_MS).length;
  const fps = f.deltas.length / f.seconds;
  console.log(
    `${label}: ${f.deltas.length} frames in ${f.seconds.toFixed(1)} s (${fps.toFixed(0)} fps); frame time p50 ${ms(p50(f.deltas))}, p95 ${ms(p95(f.deltas))}, max ${ms(Math.max(...f.deltas))}; ${dropped} over ${DROPPED_MS} ms`,
  );
  const row = (figure: string, measured: string) =>
    results.add({ figure, measured, target: '—', verdict: 'no target' });
  row(`${label}: frame p50`, ms(p50(f.deltas)));
  row(`${label}: frame p95`, ms(p95(f.deltas)));
  row(`${label}: frame max`, ms(Math.max(...f.deltas)));
  row(`${label}: frames > ${DROPPED_MS} ms`, `${dropped} of ${f.deltas.length}`);
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(staticDir, 'index.html')))
    throw new Error(`${staticDir}/index.html is missing: build the renderer first (npx electron-vite build).`);
  const results = new Results('ui-render');
  const fleet = makeFleet();
  const token = randomBytes(24).toString('base64url');
  const serve = await startFakeServe(fleet, token);
  let browser: Browser | undefined;
  let changer: NodeJS.Timeout | undefined;
  try {
    console.log(`${fleet.servers.length} servers on ${fleet.hosts.length} hosts, served on 127.0.0.1:${serve.port}`);
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // The first server card in the DOM, stamped in the page's own clock (ms since navigation start).
    await page.addInitScript(() => {
      const w = globalThis as unknown as PageWindow;
      const observer = new w.MutationObserver(() => {
        if (w.__firstCard === undefined && w.document.querySelector('article.server-card')) {
          w.__firstCard = performance.now();
          observer.disconnect();
        }
      });
      observer.observe(w.document, { childList: true, subtree: true });
    });
    await page.goto(`http://127.0.0.1:${serve.port}/#token=${token}`);
    const firstCard = page.locator('article.server-card').first();
    await firstCard.waitFor({ state: 'visible', timeout: 60_000 });
    const firstPaint = await page.evaluate(() => (globalThis as unknown as PageWindow).__firstCard ?? Number.NaN);
    await page.waitForTimeout(500);
    const dom = await page.evaluate(() => {
      const w = globalThis as unknown as PageWindow;
      return {
        cards: w.document.querySelectorAll('article.server-card').length,
        hosts: w.document.querySelectorAll('article.host-card').length,
        height: w.document.documentElement.scrollHeight,
      };
    });
    console.log(
      `first render: the first server card went into the DOM ${ms(firstPaint)} after navigation start; ${dom.cards} server cards and ${dom.hosts} host cards in the DOM of ${fleet.servers.length} + ${fleet.hosts.length}; page ${dom.height} px tall`,
    );
    results.add({
      figure: 'first render (navigation → first card)',
      measured: ms(firstPaint),
      target: '—',
      verdict: 'no target',
    });
    results.add({
      figure: 'server cards in the DOM',
      measured: `${dom.cards} of ${fleet.servers.length}`,
      target: '—',
      verdict: 'no target',
    });

    // Scroll the page top to bottom, a fixed step per frame, collecting requestAnimationFrame deltas.
    const scroll = await page.evaluate(
      ({ step }) =>
        new Promise<Frames & { maxCards: number; reached: number }>((resolve) => {
          const w = globalThis as unknown as PageWindow;
          w.scrollTo(0, 0);
          const deltas: number[] = [];
          let last = performance.now();
          const start = last;
          let maxCards = 0;
          const tick = (t: number) => {
            deltas.push(t - last);
            last = t;
            maxCards = Math.max(maxCards, w.document.querySelectorAll('article.server-card').length);
            const bottom = w.document.documentElement.scrollHeight - w.innerHeight;
            if (w.scrollY >= bottom - 1 || t - start > 120_000) {
              resolve({ deltas: deltas.slice(1), seconds: (t - start) / 1000, maxCards, reached: w.scrollY });
              return;
            }
            w.scrollBy(0, step);
            w.requestAnimationFrame(tick);
          };
          w.requestAnimationFrame(tick);
        }),
      { step: SCROLL_STEP_PX },
    );
    const lastVisible = await page.getByRole('article', { name: `Server ${fleet.servers.at(-1)?.name}` }).isVisible();
    console.log(
      `scroll: ${SCROLL_STEP_PX} px a frame to ${scroll.reached} px; at most ${scroll.maxCards} server cards in the DOM; the last server's card visible at the bottom: ${lastVisible ? 'yes' : 'NO'}`,
    );
    frameFigures(results, 'scrolling', scroll);

    // 100 statuses change per second (10 every 100 ms), from the middle of the page.
    await page.evaluate(() => {
      const w = globalThis as unknown as PageWindow;
      w.scrollTo(0, w.document.documentElement.scrollHeight / 2);
    });
    await page.waitForTimeout(300);
    let changes = 0;
    changer = setInterval(() => {
      for (let k = 0; k < CHANGES_PER_SECOND / 10; k++) {
        const i = Math.floor(Math.random() * fleet.servers.length);
        const s = fleet.servers[i] as Server;
        const next: Server = {
          ...s,
          status: s.status === 'running' ? 'stopped' : 'running',
          updatedAt: new Date().toISOString(),
        };
        fleet.servers[i] = next;
        serve.broadcast('server.changed', next);
        changes++;
      }
    }, 100);
    const churn = await page.evaluate(
      ({ seconds }) =>
        new Promise<Frames>((resolve) => {
          const w = globalThis as unknown as PageWindow;
          const deltas: number[] = [];
          let last = performance.now();
          const start = last;
          const tick = (t: number) => {
            deltas.push(t - last);
            last = t;
            if (t - start >= seconds * 1000) {
              resolve({ deltas: deltas.slice(1), seconds: (t - start) / 1000 });
              return;
            }
            w.requestAnimationFrame(tick);
          };
          w.requestAnimationFrame(tick);
        }),
      { seconds: CHANGE_SECONDS },
    );
    clearInterval(changer);
    changer = undefined;
    console.log(`status changes: ${changes} server.changed events pushed in ${churn.seconds.toFixed(1)} s`);
    frameFigures(results, `${CHANGES_PER_SECOND} changes/s`, churn);
    console.log(`calls answered: ${[...serve.calls].map(([m, n]) => `${m} ×${n}`).join(', ')}`);
    console.log(
      'No baseline without virtualization: the product has no switch for it and the benchmark does not add one.',
    );
    results.write();
  } finally {
    if (changer) clearInterval(changer);
    await browser?.close();
    await serve.close();
  }
}

main().catch((err: unknown) => {
  console.error('benchmark failed:', err);
  process.exit(1);
});
