// Idle cost: Docker API requests per host per minute while its servers run
// and nothing changes, besides the event stream itself. Counted on the wire
// by a proxy between ZedOps and dockerd. Prints figures; asserts nothing.
import fs from 'node:fs';
import path from 'node:path';
import Docker from 'dockerode';
import { FleetHarness, waitForServer } from '../electron/core/testing/fleet-harness';
import { durationSetting } from '../electron/core/settings';
import { CountingProxy } from './lib/counting-proxy';
import { loadEnv, removeBenchContainers, runBenchmark, runTag, sleep, tempDir } from './lib/env';
import { Results } from './lib/stats';

const SERVERS = Number(process.env.BENCH_IDLE_SERVERS ?? 3);
const BASE_PORT = 29_101;
const TARGET_PER_MIN = 1;

const env = loadEnv();
const docker = new Docker({ socketPath: env.dockerSocket });
const prefix = `bench-idle-`;
const tag = runTag();
const proxyDir = tempDir('zedops-bench-idle-');
let proxy: CountingProxy | undefined;
let h: FleetHarness | undefined;

async function body(): Promise<void> {
  const results = new Results('idle');
  const leftovers = await removeBenchContainers(docker, prefix);
  if (leftovers) console.log(`removed ${leftovers} containers left by an earlier run`);
  proxy = await CountingProxy.start(path.join(proxyDir, 'docker.sock'), env.dockerSocket);
  // The host's address is the proxy: every request ZedOps makes to this host goes through it.
  h = await FleetHarness.start({ ...env, dockerHost: proxy.address });
  const interval = durationSetting(h.zedops.catalog, 'sync-interval');
  // Two whole sync periods (the default: 60 s, so 120 s): the count is not at the mercy of where the window falls.
  const WINDOW_S = Number(process.env.BENCH_IDLE_SECONDS ?? (2 * interval) / 1000);
  console.log(
    `host "box" at ${proxy.address} (counting proxy → ${env.dockerSocket}); sync-interval ${interval / 1000} s`,
  );

  // Watching from the start: health is learned from Docker's health_status events.
  h.zedops.startBackgroundWork();
  const ids: string[] = [];
  for (let i = 0; i < SERVERS; i++) {
    const port = BASE_PORT + i * 3;
    const s = await h.call('servers.create', {
      hostId: h.hostId,
      name: `${prefix}${tag}-${i}`,
      image: env.pzSimImage,
      adminPassword: 'bench-admin',
      gamePort: port,
      udpPort: port + 1,
      rconPort: port + 2,
    });
    ids.push(s.id);
  }
  // Settle first: the watcher's first sync, and each server's health check reaching "healthy".
  const harness = h;
  await Promise.all(ids.map((id) => waitForServer(harness, id, (s) => s.health === 'healthy', 60_000)));
  await h.zedops.live?.watcher(h.hostId)?.idle();
  await sleep(2_000);

  const from = Date.now();
  const setup = new Map<string, number>();
  for (const r of proxy.requests) setup.set(r.route, (setup.get(r.route) ?? 0) + 1);
  console.log(
    `${SERVERS} servers running and healthy. The proxy counted ${proxy.requests.length} requests while setting up ` +
      `(${[...setup].map(([route, n]) => `${route} ×${n}`).join(', ')})`,
  );
  console.log(`counting requests for ${WINDOW_S} s with nothing changing...`);
  await sleep(WINDOW_S * 1000);
  const seen = proxy.since(from).filter((r) => r.at < from + WINDOW_S * 1000);
  const events = proxy.eventsDelivered.filter((at) => at >= from && at < from + WINDOW_S * 1000).length;
  const streams = seen.filter((r) => r.route === 'GET /events');
  const others = seen.filter((r) => r.route !== 'GET /events');
  const perMin = others.length / (WINDOW_S / 60);
  const byRoute = new Map<string, number>();
  for (const r of others) byRoute.set(r.route, (byRoute.get(r.route) ?? 0) + 1);
  const breakdown = [...byRoute].map(([route, n]) => `${route} ×${n}`).join(', ') || 'none';
  const met = perMin <= TARGET_PER_MIN;

  console.log(
    `idle requests: ${others.length} in ${WINDOW_S} s = ${perMin.toFixed(2)} per minute for 1 host ` +
      `(${SERVERS} servers, sync-interval ${interval / 1000} s) | target ≤ ${TARGET_PER_MIN}/min: ${met ? 'met' : 'not met'}`,
  );
  console.log(`  requests besides the event stream: ${breakdown}`);
  console.log(
    `  event stream: ${streams.length} new /events requests in the window (reconnects); ` +
      `${events} events delivered on it (other servers on the same dockerd; ignored without a request)`,
  );
  results.add({
    figure: 'Docker API requests per host per minute, idle (besides /events)',
    measured: `${perMin.toFixed(2)}/min (${others.length} in ${WINDOW_S} s: ${breakdown})`,
    target: `≤ ${TARGET_PER_MIN}/min`,
    verdict: met ? 'met' : 'not met',
  });
  results.write();
}

async function cleanup(): Promise<void> {
  // Stops the watcher, removes the containers its catalog knows, deletes its home.
  await h?.close().catch((err: unknown) => console.error('closing core failed:', err));
  await removeBenchContainers(docker, `${prefix}${tag}`);
  await proxy?.close();
  fs.rmSync(proxyDir, { recursive: true, force: true });
}

void runBenchmark(body, cleanup);
