import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TEST_LABEL, TEST_SUITE_LABEL, removeTestContainers } from '../../testenv/pz-sim-container';
import {
  bundleOutsideRepo,
  request,
  startAgent,
  tempDir,
  timeNanoOf,
  until,
  type AgentProcess,
} from './testing/agent-process';

const env = inject('testenv');
const SUITE = 'agent-journal';
/** Docker itself, not through the agent: for changes made "by hand". */
const direct = new Docker({ socketPath: env.dockerSocket });

let bundle: string;
let dir: string;
let socket: string;
let stateDir: string;
let agent: AgentProcess | undefined;
const dirs: string[] = [];

interface Entry {
  seq: number;
  raw: string;
  event: { Type: string; Action: string; Actor: { ID: string; Attributes: Record<string, string> }; timeNano: number };
}

const agentArgs = (): string[] => [
  ...['--socket', socket, '--docker-host', `unix://${env.dockerSocket}`],
  ...['--data-root', path.join(dir, 'servers'), '--state-dir', stateDir],
];

const uniqueName = (what: string): string => `zedops-agenttest-${what}-${randomBytes(3).toString('hex')}`;

function managedContainer(docker: Docker, name: string): Promise<Docker.Container> {
  return docker.createContainer({
    name,
    Image: env.pzSimImage,
    Labels: { 'zedops.managed': 'true', [TEST_LABEL]: 'true', [TEST_SUITE_LABEL]: SUITE },
    StopTimeout: 5,
    HostConfig: {},
  });
}

async function journal(after = 0): Promise<{ head: number; oldest: number; journalId: string; events: Entry[] }> {
  const r = await request({ socketPath: socket }, 'GET', `/zedops/v1/journal?after=${after}`);
  expect(r.status).toBe(200);
  return r.json;
}

/** The journal's events for one container, by action. */
async function eventsFor(id: string, after = 0): Promise<Entry[]> {
  return (await journal(after)).events.filter((e) => e.event.Actor.ID === id);
}

/** Sequence numbers 1, 2, 3... with none skipped, and no event line twice (a replay from Docker would repeat one). */
function expectWholeAndUnique(events: Entry[]): void {
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  expect(new Set(events.map((e) => e.raw)).size).toBe(events.length);
}

beforeAll(async () => {
  await removeTestContainers(direct, SUITE);
  const b = bundleOutsideRepo();
  bundle = b.bundle;
  dir = tempDir('journal');
  dirs.push(b.dir, dir);
  socket = path.join(dir, 'agent.sock');
  stateDir = path.join(dir, 'state');
  agent = await startAgent(bundle, agentArgs(), socket);
});

afterAll(async () => {
  await agent?.stop('SIGTERM');
  await removeTestContainers(direct, SUITE);
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('the event journal', () => {
  it('records create, start, stop and destroy of a container handled through the agent, with growing seq numbers', async () => {
    const before = (await journal()).head;
    const viaAgent = new Docker({ socketPath: socket });
    const name = uniqueName('life');
    const container = await managedContainer(viaAgent, name);
    await container.start();
    await container.stop({ t: 1 });
    await container.remove();

    let events: Entry[] = [];
    await until(async () => {
      events = await eventsFor(container.id, before);
      return events.some((e) => e.event.Action === 'destroy');
    }, 'the destroy event in the journal');
    const actions = events.map((e) => e.event.Action);
    expect(actions[0]).toBe('create');
    expect(actions).toContain('start');
    expect(actions).toContain('stop');
    expect(actions.indexOf('start')).toBeLessThan(actions.indexOf('stop'));
    expect(actions[actions.length - 1]).toBe('destroy');
    const seqs = events.map((e) => e.seq);
    expect(seqs[0]).toBeGreaterThan(before);
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1]!);
    for (const e of events) {
      expect(e.event.Actor.Attributes.name).toBe(name);
      expect(e.event.Actor.Attributes['zedops.managed']).toBe('true');
      // `raw` is Docker's line as it came: timeNano with all 19 digits, which `event` (a JSON number) cannot keep.
      expect(JSON.parse(e.raw)).toEqual(e.event);
      expect(timeNanoOf(e.raw).toString()).toMatch(/^\d{19}$/);
    }
    const info = await request({ socketPath: socket }, 'GET', '/zedops/v1/info');
    expect(info.json.journalHead).toBeGreaterThanOrEqual(seqs[seqs.length - 1]!);
  });

  it('leaves containers that ZedOps does not manage out of the journal', async () => {
    const before = (await journal()).head;
    const other = await direct.createContainer({
      name: uniqueName('unmanaged'),
      Image: env.pzSimImage,
      Labels: { [TEST_LABEL]: 'true', [TEST_SUITE_LABEL]: SUITE },
    });
    const marker = await managedContainer(direct, uniqueName('marker'));
    await other.remove();
    await marker.remove();
    await until(
      async () => (await eventsFor(marker.id, before)).some((e) => e.event.Action === 'destroy'),
      'the marker',
    );
    expect(await eventsFor(other.id, before)).toEqual([]);
  });

  it('streams new events with follow=1 as NDJSON, with heartbeats every 5 s', async () => {
    const head = (await journal()).head;
    const lines: Record<string, unknown>[] = [];
    const req = http.get({ socketPath: socket, path: `/zedops/v1/journal?after=${head}&follow=1`, agent: false });
    const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
      req.on('response', resolve);
      req.on('error', reject);
    });
    try {
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/x-ndjson/);
      let rest = '';
      response.on('data', (d: Buffer) => {
        rest += d.toString('utf8');
        const parts = rest.split('\n');
        rest = parts.pop() ?? '';
        for (const p of parts) lines.push(JSON.parse(p) as Record<string, unknown>);
      });
      const started = Date.now();
      await until(() => lines.some((l) => 'heartbeat' in l), 'the first heartbeat');
      const container = await managedContainer(direct, uniqueName('follow'));
      await container.remove();
      await until(
        () =>
          lines.some(
            (l) => typeof l.raw === 'string' && (JSON.parse(l.raw) as { Action: string }).Action === 'destroy',
          ),
        'the streamed destroy event',
      );
      const events = lines.filter((l) => 'seq' in l);
      expect(events.map((l) => Object.keys(l).sort())).toEqual(events.map(() => ['raw', 'seq']));
      expect(events[0]!.seq).toBe(head + 1);
      const mine = events
        .map((l) => JSON.parse(l.raw as string) as Entry['event'])
        .filter((e) => e.Actor.ID === container.id);
      expect(mine.map((e) => e.Action)).toEqual(['create', 'destroy']);
      await until(() => lines.filter((l) => 'heartbeat' in l).length >= 2, 'a second heartbeat', 8000);
      const beats = lines.filter((l) => 'heartbeat' in l) as { heartbeat: number; head: number }[];
      expect(beats[1]!.heartbeat - beats[0]!.heartbeat).toBeGreaterThanOrEqual(4500);
      expect(beats[1]!.heartbeat - beats[0]!.heartbeat).toBeLessThan(6500);
      expect(beats[1]!.head).toBeGreaterThanOrEqual(events[events.length - 1]!.seq as number);
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      req.destroy();
    }
  });

  it('catches up after being killed: a change made by hand meanwhile is journaled with its real Docker time', async () => {
    const container = await managedContainer(direct, uniqueName('catchup'));
    await until(async () => (await eventsFor(container.id)).length === 1, 'the create event');
    const { head: headBefore, journalId } = await journal();

    const killed = await agent!.stop('SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    expect(fs.statSync(socket).isSocket()).toBe(true); // left behind, stale

    const startedFrom = BigInt(Date.now()) * 1_000_000n;
    await container.start();
    const startedUntil = BigInt(Date.now()) * 1_000_000n;
    await container.kill();
    await new Promise((r) => setTimeout(r, 1500)); // the restart is clearly later than the change

    const restartedAt = BigInt(Date.now()) * 1_000_000n;
    agent = await startAgent(bundle, agentArgs(), socket);
    expect(agent.logs().map((l) => l.msg)).toContain(
      'Replaced a stale socket left by an agent that did not stop cleanly.',
    );
    let missed: Entry[] = [];
    await until(async () => {
      missed = await eventsFor(container.id, headBefore);
      return missed.some((e) => e.event.Action === 'die');
    }, 'the changes made while the agent was down');
    const start = missed.find((e) => e.event.Action === 'start')!;
    expect(start).toBeDefined();
    expect(start.seq).toBeGreaterThan(headBefore);
    const when = timeNanoOf(start.raw);
    expect(when).toBeGreaterThanOrEqual(startedFrom - 1_000_000_000n); // allow for clock rounding in Docker
    expect(when).toBeLessThanOrEqual(startedUntil + 1_000_000_000n);
    expect(when).toBeLessThan(restartedAt);
    // Nothing journaled twice, no number skipped, the same journal as before.
    const all = await journal();
    expect(all.journalId).toBe(journalId);
    expectWholeAndUnique(all.events);
    expect((await eventsFor(container.id)).filter((e) => e.event.Action === 'create')).toHaveLength(1);
    await container.remove({ force: true });
  });

  it('stops cleanly on SIGTERM and keeps the journal across restarts without asking Docker twice', async () => {
    const container = await managedContainer(direct, uniqueName('term'));
    await container.remove();
    await until(async () => (await eventsFor(container.id)).some((e) => e.event.Action === 'destroy'), 'destroy');
    const { head, events } = await journal();

    // A client following the journal does not hold the agent up: its stream is ended.
    const follower = http.get({ socketPath: socket, path: `/zedops/v1/journal?after=${head}&follow=1`, agent: false });
    const following = await new Promise<http.IncomingMessage>((resolve, reject) => {
      follower.on('response', resolve);
      follower.on('error', reject);
    });
    expect(following.statusCode).toBe(200);
    following.resume();
    const followerEnded = new Promise<void>((resolve) => following.on('end', resolve));
    const stopAsked = Date.now();
    const stopped = await agent!.stop('SIGTERM');
    expect(stopped.code).toBe(0);
    expect(Date.now() - stopAsked).toBeLessThan(3000);
    await followerEnded;
    expect(fs.existsSync(socket)).toBe(false);

    agent = await startAgent(bundle, agentArgs(), socket);
    await new Promise((r) => setTimeout(r, 1000)); // room for Docker to (wrongly) replay anything
    // Other suites may be creating containers on this dockerd meanwhile: new events may come, old ones never again.
    const again = await journal();
    expect(again.head).toBeGreaterThanOrEqual(head);
    expect(again.events.slice(0, events.length)).toEqual(events);
    expectWholeAndUnique(again.events);
    const lines = fs.readFileSync(path.join(stateDir, 'journal.jsonl'), 'utf8').trim().split('\n');
    expect(JSON.parse(lines[events.length - 1]!)).toEqual({ seq: head, raw: events[events.length - 1]!.raw });
  });
});
