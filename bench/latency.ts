// Change-to-catalog latency: `docker stop`, `docker rm -f` and a crash of a
// server, from the moment Docker reports the change to the moment the
// catalog shows it, for the event-driven watcher and, on the same changes,
// for a 5-second polling loop (the earlier design). Prints figures and
// ratios; asserts nothing.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Docker from 'dockerode';
import { Catalog } from '../electron/core/catalog/catalog';
import { syncHost } from '../electron/core/fleet/sync-host';
import { HostConnections, type HostConnection } from '../electron/core/hosts/host-connection';
import { KeyFileCipher } from '../electron/core/secrets/key-file-cipher';
import { FleetHarness, waitForServer } from '../electron/core/testing/fleet-harness';
import type { Server } from '../electron/shared/servers';
import { DockerEventLog, eventMs } from './lib/docker-events';
import { loadEnv, recalibrate, removeBenchContainers, runBenchmark, runTag, sleep, tempDir, wallMs } from './lib/env';
import { ms, p50, p95, ratio, Results } from './lib/stats';

const SERVERS = Number(process.env.BENCH_LATENCY_SERVERS ?? 10);
const ROUNDS = Number(process.env.BENCH_LATENCY_ROUNDS ?? 2);
const POLL_MS = 5_000;
const BASE_PORT = 29_001;
const TARGET_P95_MS = 250;
const TARGET_RATIO = 20;
/** Changes are spread out, at random moments, so they land all over the poller's 5-second cycle. */
const STAGGER_MS = 300;
const JITTER_MS = 500;

type Kind = 'stop' | 'rm' | 'crash-restart' | 'crash-down';
const order: Kind[] = ['stop', 'rm', 'crash-restart', 'crash-down'];

const kinds: Record<Kind, { label: string; t0: 'die' | 'destroy'; how: string; shows: string }> = {
  stop: {
    label: 'docker stop',
    t0: 'die',
    how: 'container.stop() through the Docker API (SIGTERM; pz-sim saves and exits 0)',
    shows: 'status stopped',
  },
  rm: {
    label: 'docker rm -f',
    t0: 'destroy',
    how: 'container.remove({ force: true }) through the Docker API',
    shows: 'status missing',
  },
  'crash-restart': {
    label: 'crash (Docker restarts it)',
    t0: 'die',
    how:
      "SIGKILL sent to the game's process from the host, not through Docker (no kill event: Docker sees exit 137 " +
      'nobody asked for, i.e. a crash); restart policy unless-stopped, as ZedOps creates it, so Docker restarts it',
    shows: 'a "crashed" entry in the history',
  },
  'crash-down': {
    label: 'crash (stays down)',
    t0: 'die',
    how: 'the same SIGKILL, with the restart policy set to "no" beforehand (setup, before t0), so it stays down',
    shows: 'status stopped',
  },
};

interface Sample {
  kind: Kind;
  serverId: string;
  containerId: string;
  /** Docker's event time (die, or destroy for rm -f), wall-clock ms. */
  t0?: number;
  /** crash-restart: Docker's start event after the crash. */
  restartedAt?: number;
  /** Die-based kinds: when an inspect sent at the die answered (Docker holds it until it has finished the exit). */
  dockerDoneAt?: number;
  /** stop and rm -f: when the Docker API call returned (what `docker stop` in a terminal waits for). */
  callReturnedAt?: number;
  /** When the event-driven catalog showed the change. */
  eventPathAt?: number;
  /** When the polling catalog showed the change. */
  pollerAt?: number;
  beforeA: number;
  beforeB: number;
  error?: string;
}

const env = loadEnv();
const docker = new Docker({ socketPath: env.dockerSocket });
const prefix = 'bench-lat-';
const tag = runTag();
const events = new DockerEventLog(new Docker({ socketPath: env.dockerSocket }));
const pending = new Set<Sample>();
const samples: Sample[] = [];
let h: FleetHarness | undefined;
let poller: Poller | undefined;
let catalogB: Catalog | undefined;
let dirB: string | undefined;

/**
 * The earlier design, run on the same changes: every 5 s, syncHost (list the
 * host's containers, reconcile, write) on a second catalog, a copy of the
 * event-driven one taken once the servers were created. No event stream.
 */
class Poller {
  ticks = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly catalog: Catalog,
    private readonly conn: HostConnection,
    private readonly onSynced: (at: number) => void,
  ) {}

  start(): void {
    const origin = performance.now();
    const loop = async (k: number) => {
      if (this.stopped) return;
      try {
        await syncHost(this.catalog, this.conn, Date.now(), { probeVersion: false });
        this.onSynced(wallMs());
      } catch (err) {
        console.error('poller sync failed:', err);
      }
      this.ticks++;
      if (this.stopped) return;
      this.timer = setTimeout(() => void loop(k + 1), Math.max(0, origin + (k + 1) * POLL_MS - performance.now()));
    };
    void loop(0);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}

function lastEventId(catalog: Catalog, serverId: string): number {
  return Math.max(0, ...catalog.servers.history(serverId, 50).map((e) => e.id));
}

function newCrash(catalog: Catalog, serverId: string, after: number): boolean {
  return catalog.servers.history(serverId, 20).some((e) => e.id > after && e.kind === 'crashed');
}

function shownByEventPath(s: Sample, server: Server): boolean {
  if (s.kind === 'rm') return server.status === 'missing';
  if (s.kind === 'crash-restart') return newCrash(h!.zedops.catalog, s.serverId, s.beforeA);
  return server.status === 'stopped';
}

function shownByPoller(s: Sample): boolean {
  const row = catalogB!.servers.get(s.serverId);
  if (!row) return false;
  if (s.kind === 'rm') return row.status === 'missing';
  if (s.kind === 'crash-restart') return row.status !== 'running' || newCrash(catalogB!, s.serverId, s.beforeB);
  return row.status === 'stopped';
}

async function waitUntil(what: string, done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) {
      console.log(`  (gave up waiting: ${what})`);
      return false;
    }
    await sleep(25);
  }
  return true;
}

async function round(kind: Kind, ids: string[], n: number): Promise<void> {
  const harness = h!;
  const A = harness.zedops.catalog;
  const containerOf = (id: string) => A.servers.get(id)?.containerId ?? '';
  if (kind === 'crash-down') {
    for (const id of ids) await docker.getContainer(containerOf(id)).update({ RestartPolicy: { Name: 'no' } });
  }
  recalibrate();
  const started = Date.now();
  const waits: Promise<unknown>[] = [];
  for (const serverId of ids) {
    await sleep(STAGGER_MS + Math.random() * JITTER_MS);
    const containerId = containerOf(serverId);
    const container = docker.getContainer(containerId);
    let pid = 0;
    if (kind.startsWith('crash')) {
      const info = await container.inspect();
      pid = info.State.Pid;
    }
    const s: Sample = {
      kind,
      serverId,
      containerId,
      beforeA: lastEventId(A, serverId),
      beforeB: lastEventId(catalogB!, serverId),
    };
    samples.push(s);
    pending.add(s);
    const fail = (err: unknown) => {
      s.error ??= err instanceof Error ? err.message : String(err);
    };
    waits.push(
      events
        .next(containerId, kinds[kind].t0)
        .then(async (e) => {
          s.t0 = eventMs(e);
          if (kinds[kind].t0 !== 'die') return;
          // Breakdown only: how long Docker keeps the container locked after the die (the watcher's inspect waits too).
          await container.inspect().catch(() => undefined);
          s.dockerDoneAt = wallMs();
        })
        .catch(fail),
    );
    if (kind === 'crash-restart')
      waits.push(
        events
          .next(containerId, 'start')
          .then((e) => (s.restartedAt = eventMs(e)))
          .catch(fail),
      );
    const returned = () => (s.callReturnedAt = wallMs());
    if (kind === 'stop') waits.push(container.stop({ t: 30 }).then(returned, fail));
    else if (kind === 'rm') waits.push(container.remove({ force: true }).then(returned, fail));
    else process.kill(pid, 'SIGKILL');
  }
  await Promise.all(waits);
  const mine = samples.filter((s) => s.kind === kind && pending.has(s));
  await waitUntil('the event-driven catalog', () => mine.every((s) => s.eventPathAt !== undefined || s.error), 20_000);
  if (kind === 'crash-restart') {
    // Give the poller a full cycle after the last restart: a crash Docker already undid is not there to see.
    const ticks = poller!.ticks;
    await waitUntil('one more poll', () => poller!.ticks >= ticks + 1, POLL_MS + 5_000);
  } else {
    await waitUntil(
      'the polling catalog',
      () => mine.every((s) => s.pollerAt !== undefined || s.error),
      2 * POLL_MS + 5_000,
    );
  }
  mine.forEach((s) => pending.delete(s));
  const took = ((Date.now() - started) / 1000).toFixed(1);

  // Put every server back to running, through ZedOps, and let both catalogs see it.
  if (kind === 'crash-down') {
    for (const id of ids)
      await docker.getContainer(containerOf(id)).update({ RestartPolicy: { Name: 'unless-stopped' } });
  }
  if (kind === 'stop' || kind === 'crash-down')
    await Promise.all(ids.map((serverId) => harness.call('servers.action', { serverId, action: 'start' })));
  if (kind === 'rm')
    await Promise.all(ids.map((serverId) => harness.call('servers.action', { serverId, action: 'recover' })));
  await waitUntil(
    'both catalogs to show every server running again',
    () => ids.every((id) => A.servers.get(id)?.status === 'running' && catalogB!.servers.get(id)?.status === 'running'),
    2 * POLL_MS + 10_000,
  );
  console.log(`round ${n}: ${kinds[kind].label} × ${mine.length} in ${took} s`);
}

function report(results: Results): void {
  console.log('');
  console.log('t0 = the time in Docker\'s own event (timeNano of "die", or "destroy" for rm -f), read on a');
  console.log('separate event stream; t1 = when the change feed announced the catalog change (right after');
  console.log(`its transaction). Poller: syncHost every ${POLL_MS / 1000} s on a copy of the catalog, same changes.`);
  console.log(
    `Ratio = baseline p50 / event p50. Target: event p95 ≤ ${TARGET_P95_MS} ms and ≥ ${TARGET_RATIO}× faster.`,
  );
  for (const kind of order) {
    const all = samples.filter((s) => s.kind === kind);
    if (all.length === 0) continue;
    const ev = all.filter((s) => s.t0 !== undefined && s.eventPathAt !== undefined);
    const evMs = ev.map((s) => s.eventPathAt! - s.t0!);
    const base = all.filter((s) => s.t0 !== undefined && s.pollerAt !== undefined);
    const baseMs = base.map((s) => s.pollerAt! - s.t0!);
    const missed = all.length - base.length;
    const errors = all.filter((s) => s.error);
    const r = baseMs.length ? p50(baseMs) / p50(evMs) : Number.POSITIVE_INFINITY;
    const latencyMet = evMs.length === all.length && p95(evMs) <= TARGET_P95_MS;
    const met = latencyMet && r >= TARGET_RATIO;
    const baseText = baseMs.length
      ? `polling baseline p50 ${ms(p50(baseMs))}, p95 ${ms(p95(baseMs))}${missed ? ` (missed ${missed})` : ''}`
      : `polling baseline saw 0 of ${all.length}`;
    results.add({
      figure: `event→catalog, ${kinds[kind].label}`,
      measured:
        `p50 ${ms(p50(evMs))}, p95 ${ms(p95(evMs))} (n=${evMs.length}) vs poll ` +
        (baseMs.length ? `p50 ${ms(p50(baseMs))}, p95 ${ms(p95(baseMs))}` : `0/${all.length} seen`) +
        `: ${ratio(r)}`,
      target: `p95 ≤ ${TARGET_P95_MS} ms, ≥ ${TARGET_RATIO}×`,
      verdict: met ? 'met' : 'not met',
    });
    console.log('');
    console.log(
      `event→catalog ${kinds[kind].label}: p50 ${ms(p50(evMs))}, p95 ${ms(p95(evMs))} | ${baseText} | ` +
        `${ratio(r)} faster | target p95 ≤ ${TARGET_P95_MS} ms and ≥ ${TARGET_RATIO}×: ${met ? 'met' : 'not met'}`,
    );
    console.log(
      `  n=${evMs.length}/${all.length}, event path min ${ms(Math.min(...evMs))}, max ${ms(Math.max(...evMs))}; ` +
        `catalog shows: ${kinds[kind].shows}`,
    );
    console.log(`  the change: ${kinds[kind].how}`);
    const done = ev.filter((s) => s.dockerDoneAt !== undefined);
    if (done.length) {
      const docker = done.map((s) => s.dockerDoneAt! - s.t0!);
      console.log(
        `  for comparison: an inspect sent at the die answers after p50 ${ms(p50(docker))}, p95 ${ms(p95(docker))} ` +
          `(Docker finishing the exit); the watcher acts on the event itself and does not wait for it`,
      );
    }
    const called = ev.filter((s) => s.callReturnedAt !== undefined);
    if (called.length) {
      const fromCall = called.map((s) => s.eventPathAt! - s.callReturnedAt!);
      const early = fromCall.some((x) => x < 0) ? ' (negative: the catalog showed it before the call returned)' : '';
      console.log(
        `  measured from the Docker API call's return instead of the event: p50 ${ms(p50(fromCall))}, ` +
          `p95 ${ms(p95(fromCall))}${early}`,
      );
    }
    if (kind === 'crash-restart') {
      const restarted = ev.filter((s) => s.restartedAt !== undefined);
      const docker = restarted.map((s) => s.restartedAt! - s.t0!);
      console.log(
        `  Docker's own restart (die → start event) takes p50 ${ms(p50(docker))}, p95 ${ms(p95(docker))}; ` +
          `the crash is in the catalog before that, written at the die`,
      );
      if (!baseMs.length) console.log(`  the poller cannot see it: Docker restarts the container between two polls.`);
    }
    if (errors.length) console.log(`  errors: ${errors.map((s) => s.error).join('; ')}`);
  }
}

async function body(): Promise<void> {
  const results = new Results('latency');
  if (process.getuid?.() !== 0)
    throw new Error('the crash samples signal container processes from the host: run as root');
  const leftovers = await removeBenchContainers(docker, prefix);
  if (leftovers) console.log(`removed ${leftovers} containers left by an earlier run`);

  h = await FleetHarness.start(env);
  const harness = h;
  // Watching from the start: health is learned from Docker's health_status events.
  harness.zedops.startBackgroundWork();
  const ids: string[] = [];
  const created = await Promise.all(
    Array.from({ length: SERVERS }, (_, i) =>
      harness.call('servers.create', {
        hostId: harness.hostId,
        name: `${prefix}${tag}-${i}`,
        image: env.pzSimImage,
        adminPassword: 'bench-admin',
        gamePort: BASE_PORT + i * 3,
        udpPort: BASE_PORT + i * 3 + 1,
        rconPort: BASE_PORT + i * 3 + 2,
      }),
    ),
  );
  ids.push(...created.map((s) => s.id));
  await Promise.all(ids.map((id) => waitForServer(harness, id, (s) => s.health === 'healthy', 60_000)));
  console.log(`${SERVERS} pz-sim servers running and healthy on ${env.dockerHost}`);

  // The polling baseline's own catalog and connection.
  dirB = tempDir('zedops-bench-poller-');
  await harness.zedops.catalog.db.backup(path.join(dirB, 'catalog.db'));
  catalogB = Catalog.open(dirB);
  const B = catalogB;
  const connB = new HostConnections({ cipher: KeyFileCipher.open(dirB) }).get(B.hosts.get(harness.hostId)!);
  poller = new Poller(B, connB, (at) => {
    for (const s of pending) if (s.pollerAt === undefined && shownByPoller(s)) s.pollerAt = at;
  });

  harness.zedops.feed.subscribe('server.changed', (server) => {
    const at = wallMs();
    for (const s of pending)
      if (s.serverId === server.id && s.eventPathAt === undefined && shownByEventPath(s, server)) s.eventPathAt = at;
  });
  await events.start();
  poller.start();
  await sleep(1_000);

  for (let r = 1; r <= ROUNDS; r++) for (const kind of order) await round(kind, ids, r);
  report(results);
  results.write();
}

async function cleanup(): Promise<void> {
  poller?.stop();
  events.stop();
  catalogB?.close();
  // Stops the watcher, removes the containers its catalog knows, deletes its home.
  await h?.close().catch((err: unknown) => console.error('closing core failed:', err));
  await removeBenchContainers(docker, `${prefix}${tag}`);
  if (dirB) fs.rmSync(dirB, { recursive: true, force: true });
}

void runBenchmark(body, cleanup);
