import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DockerEventWatcher, dockerVersion, eventsPath, sinceParam, watchedActions } from './docker-events';
import { Journal } from './journal';
import { createLog, silentLog } from './log';

let dir: string;
let socketPath: string;
const cleanups: (() => Promise<void> | void)[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zedops-agent-events-'));
  socketPath = path.join(dir, 'docker.sock');
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  fs.rmSync(dir, { recursive: true, force: true });
});

function line(action: string, nano: bigint): string {
  return `{"Type":"container","Action":"${action}","Actor":{"ID":"c1","Attributes":{"zedops.managed":"true"}},"time":${nano / 1_000_000_000n},"timeNano":${nano}}`;
}

/** A stand-in for dockerd's /events: each connection gets the next scripted answer. */
async function fakeDocker(
  answers: ((req: http.IncomingMessage, res: http.ServerResponse) => void)[],
): Promise<{ requests: URL[]; server: http.Server }> {
  const requests: URL[] = [];
  const server = http.createServer((req, res) => {
    requests.push(new URL(req.url ?? '/', 'http://docker'));
    const answer = answers.shift();
    if (answer) answer(req, res);
    else res.writeHead(200).write(''); // stays open
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { requests, server };
}

async function openJournal(): Promise<Journal> {
  const journal = await Journal.open({ dir: path.join(dir, 'state'), maxBytes: 1024 * 1024, log: silentLog() });
  cleanups.push(() => journal.close());
  return journal;
}

function watch(journal: Journal, log = silentLog()): DockerEventWatcher {
  const watcher = new DockerEventWatcher({ socketPath, journal, log, backoff: { initialMs: 20, maxMs: 100 } });
  watcher.start();
  cleanups.push(() => watcher.stop());
  return watcher;
}

async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('what the agent asks Docker for', () => {
  it('filters managed containers and the watched actions, from a since with every nanosecond', () => {
    const url = new URL(eventsPath(1_764_151_234_000_000_007n), 'http://docker');
    expect(url.pathname).toBe('/events');
    expect(JSON.parse(url.searchParams.get('filters')!)).toEqual({
      type: ['container'],
      label: ['zedops.managed=true'],
      event: [...watchedActions],
    });
    expect(url.searchParams.get('since')).toBe('1764151234.000000007');
    expect(new URL(eventsPath(), 'http://docker').searchParams.has('since')).toBe(false);
    expect(sinceParam(5n)).toBe('0.000000005');
  });
});

describe('DockerEventWatcher', () => {
  const t = 1_764_151_234_100_000_001n;

  it('journals each event line exactly as sent, even split across chunks, and ignores other lines', async () => {
    const lines = [line('create', t), line('start', t + 10n)];
    await fakeDocker([
      (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        const text = `${lines[0]}\n{"Type":"network","Action":"connect"}\n${lines[1]}\n`;
        res.write(text.slice(0, 37));
        setTimeout(() => res.write(text.slice(37)), 20);
      },
    ]);
    const journal = await openJournal();
    watch(journal);
    await until(() => journal.head === 2, 'two journaled events');
    expect(journal.after(0).map((e) => e.raw)).toEqual(lines);
  });

  it('reconnects after Docker drops the stream, asking for events after the last one journaled', async () => {
    const { requests } = await fakeDocker([
      (_req, res) => {
        res.writeHead(200);
        res.end(`${line('start', t)}\n`);
      },
      (_req, res) => {
        res.writeHead(200);
        res.write(`${line('die', t + 5n)}\n`);
      },
    ]);
    const journal = await openJournal();
    const logs: string[] = [];
    watch(
      journal,
      createLog('info', (l) => logs.push(l)),
    );
    await until(() => journal.head === 2, 'the event sent after reconnecting');
    expect(requests[1]!.searchParams.get('since')).toBe(sinceParam(t + 1n));
    expect(logs.join('')).toContain('Lost the Docker event stream: Docker ended the event stream.');
    expect(logs.join('')).toContain('Docker is back');
  });

  it('resumes from the journal of an earlier run, so events while the agent was down are asked for', async () => {
    const first = await openJournal();
    first.append(line('stop', t));
    await first.close();
    const { requests } = await fakeDocker([]);
    const journal = await openJournal();
    watch(journal);
    await until(() => requests.length === 1, 'the event stream request');
    expect(requests[0]!.searchParams.get('since')).toBe(sinceParam(t + 1n));
  });

  it('keeps trying while Docker is not there, and connects when it comes', async () => {
    const journal = await openJournal();
    const logs: string[] = [];
    watch(
      journal,
      createLog('info', (l) => logs.push(l)),
    );
    await until(() => logs.join('').includes('There is no Docker socket at'), 'a warning');
    await new Promise((r) => setTimeout(r, 150));
    expect(logs.filter((l) => l.includes('Lost the Docker event stream'))).toHaveLength(1);
    await fakeDocker([
      (_req, res) => {
        res.writeHead(200);
        res.write(`${line('create', t)}\n`);
      },
    ]);
    await until(() => journal.head === 1, 'the event after Docker came up');
  });

  it('reports a refusal from Docker with its message', async () => {
    await fakeDocker([
      (_req, res) => {
        res.writeHead(400, { 'Content-Type': 'application/json' });
        res.end('{"message":"invalid filter"}');
      },
    ]);
    const journal = await openJournal();
    const logs: string[] = [];
    watch(
      journal,
      createLog('info', (l) => logs.push(l)),
    );
    await until(
      () => logs.join('').includes('Docker refused the event stream (400): {\\"message\\":\\"invalid filter\\"}'),
      'the refusal',
    );
  });
});

describe('dockerVersion', () => {
  it("reads Docker's version, or says why there is none", async () => {
    expect(await dockerVersion(socketPath)).toEqual({
      error: `There is no Docker socket at ${socketPath}: is Docker running, and is --docker-host right?`,
    });
    await fakeDocker([(_req, res) => res.end('{"Version":"20.10.24"}')]);
    expect(await dockerVersion(socketPath)).toEqual({ version: '20.10.24' });
  });
});
