import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Zedops } from '../core/zedops';
import { silentLogger } from '../core/logger';
import { startServe, type RunningServer } from './serve';

// Real sockets on 127.0.0.1 and a real catalog; no Docker needed (DOCKER_HOST points nowhere).
let home: string;
let zedops: Zedops;
let server: RunningServer;
const token = 'a'.repeat(43);

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'zedops-ws-'));
  const staticDir = path.join(home, 'renderer');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  zedops = await Zedops.start({ dataDir: home, mode: 'browser', env: { DOCKER_HOST: 'unix:///nonexistent.sock' } });
  zedops.catalog.hosts.insert({ name: 'box1', kind: 'local', address: 'unix:///nonexistent.sock' });
  server = await startServe({ zedops, token, staticDir, listen: '127.0.0.1', port: 0, log: silentLogger() });
});

afterAll(async () => {
  await server.close();
  zedops.close();
  fs.rmSync(home, { recursive: true, force: true });
});

interface Conversation {
  messages: unknown[];
  closed: Promise<{ code: number }>;
  send(obj: unknown): void;
  next(): Promise<Record<string, unknown>>;
  ws: WebSocket;
}

async function open(headers: Record<string, string> = {}): Promise<Conversation> {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}api`, { headers });
  const messages: unknown[] = [];
  const waiters: ((m: unknown) => void)[] = [];
  ws.on('message', (d) => {
    const m = JSON.parse(d.toString()) as unknown;
    const w = waiters.shift();
    if (w) w(m);
    else messages.push(m);
  });
  const closed = new Promise<{ code: number }>((r) => ws.on('close', (code) => r({ code })));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    messages,
    closed,
    send: (obj) => ws.send(typeof obj === 'string' ? obj : JSON.stringify(obj)),
    next: () =>
      new Promise((r) => {
        const m = messages.shift();
        if (m) r(m as Record<string, unknown>);
        else waiters.push(r as (m: unknown) => void);
      }),
  };
}

describe('the browser-mode API socket', () => {
  it('answers calls after a hello with the right token', async () => {
    const c = await open();
    c.send({ type: 'hello', token });
    expect(await c.next()).toMatchObject({ type: 'welcome' });
    c.send({ type: 'call', id: 7, method: 'hosts.list', params: {} });
    const reply = await c.next();
    expect(reply).toMatchObject({ type: 'result', id: 7 });
    expect((reply.result as { name: string }[]).map((h) => h.name)).toEqual(['box1']);
    c.ws.close();
  });

  it('closes the socket on a wrong token, saying why', async () => {
    const c = await open();
    c.send({ type: 'hello', token: 'b'.repeat(43) });
    expect(await c.next()).toMatchObject({ type: 'error', error: { code: 'not_allowed' } });
    expect((await c.closed).code).toBe(4401);
  });

  it('answers nothing before the hello', async () => {
    const c = await open();
    c.send({ type: 'call', id: 1, method: 'hosts.list', params: {} });
    expect((await c.closed).code).toBe(4401);
    expect(c.messages).toEqual([]);
  });

  it('gives readable errors for malformed messages, unknown methods and bad params, and keeps serving', async () => {
    const c = await open();
    c.send({ type: 'hello', token });
    await c.next();
    c.send('{not json');
    expect(await c.next()).toMatchObject({
      type: 'error',
      id: null,
      error: { code: 'invalid_request', message: 'The message is not valid JSON.' },
    });
    c.send({ type: 'call', id: 'x', method: 'hosts.list' });
    expect(await c.next()).toMatchObject({ type: 'error', error: { code: 'invalid_request' } });
    c.send({ type: 'call', id: 2, method: 'servers.nuke', params: {} });
    expect(await c.next()).toMatchObject({
      id: 2,
      error: { code: 'unknown_method', message: 'There is no API method "servers.nuke".' },
    });
    c.send({ type: 'call', id: 3, method: 'hosts.list', params: { sneaky: true } });
    const bad = await c.next();
    expect(bad).toMatchObject({ id: 3, error: { code: 'invalid_request' } });
    expect(String((bad.error as { message: string }).message)).toMatch(/sneaky/);
    c.send({ type: 'call', id: 4, method: 'app.info', params: {} });
    expect(await c.next()).toMatchObject({ id: 4, type: 'result', result: { mode: 'browser', dataDir: home } });
    c.ws.close();
  });

  it('refuses sockets opened by pages from another origin', async () => {
    await expect(open({ Origin: 'http://evil.example' })).rejects.toThrow(/403/);
  });

  it('pushes change-feed events to connected clients', async () => {
    const c = await open();
    c.send({ type: 'hello', token });
    await c.next();
    const [host] = await zedops.handlers['hosts.list']({});
    zedops.feed.emit('host.changed', { ...host!, status: 'offline' });
    expect(await c.next()).toMatchObject({
      type: 'event',
      event: 'host.changed',
      payload: { name: 'box1', status: 'offline' },
    });
    c.ws.close();
  });
});
