// Fleet scale: the pure reconcile() over 5,000 servers on 100 hosts, and
// the driver around it (syncHost: catalog read, reconcile, catalog write)
// with a Docker that answers at once. Prints figures; asserts nothing.
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type Docker from 'dockerode';
import { Catalog } from '../electron/core/catalog/catalog';
import type { ServerRecord } from '../electron/core/catalog/servers-repo';
import type { ServerStatus } from '../electron/shared/lifecycle';
import { labels } from '../electron/core/fleet/container-spec';
import { reconcile, type ObservedContainer } from '../electron/core/fleet/reconcile';
import { syncHost } from '../electron/core/fleet/sync-host';
import type { HostConnection } from '../electron/core/hosts/host-connection';
import type { HostOps } from '../electron/core/host-ops/host-ops';
import { tempDir } from './lib/env';
import { ms, p50, p95, Results } from './lib/stats';

const HOSTS = 100;
const PER_HOST = 50;
const TARGET_MS = 50;
const NOW = 1_760_000_000_000;

interface Host {
  id: string;
  rows: ServerRecord[];
  containers: ObservedContainer[];
  dataExists: Map<string, boolean>;
}

const containerId = () => randomBytes(32).toString('hex');

/**
 * One host's 50 servers, the way a real fleet looks between two syncs:
 * mostly unchanged, a few stopped or removed outside ZedOps, one relinked,
 * one deleted (some with a stray container), one under a live operation,
 * plus one labelled container nobody has imported.
 */
function makeHost(h: number): Host {
  const hostId = randomUUID();
  const rows: ServerRecord[] = [];
  const containers: ObservedContainer[] = [];
  const dataExists = new Map<string, boolean>();
  // [row status, what Docker shows, how many]
  const plan: [ServerStatus, 'running' | 'exited' | 'gone' | 'new-running', number][] = [
    ['running', 'running', 40], // unchanged
    ['stopped', 'exited', 3], // unchanged
    ['running', 'exited', 2], // stopped outside ZedOps
    ['running', 'gone', 1], // removed outside ZedOps
    ['missing', 'new-running', 1], // recreated by hand: relinked
    ['failed', 'gone', 1], // stays failed
    ['deleted', 'gone', 1], // stays deleted (every 10th host: a stray container)
    ['running', 'running', 1], // under a live lease: skipped
  ];
  let i = 0;
  for (const [status, seen, count] of plan) {
    for (let k = 0; k < count; k++, i++) {
      const id = randomUUID();
      const name = `h${h}-s${i}`;
      const cid = containerId();
      const leased = i === PER_HOST - 1;
      rows.push({
        id,
        hostId,
        name,
        containerId: status === 'missing' || seen === 'gone' ? null : cid,
        image: 'renegademaster/zomboid-dedicated-server:latest',
        config: { env: {} },
        secrets: null,
        gamePort: 20_000 + i * 3,
        udpPort: 20_001 + i * 3,
        rconPort: 20_002 + i * 3,
        status,
        dataExists: true,
        lastError: status === 'failed' ? 'Pull failed.' : null,
        deletedAt: status === 'deleted' ? NOW - 60_000 : null,
        leaseOwner: leased ? 'other-machine:1234' : null,
        leaseOperation: leased ? 'restart' : null,
        leaseExpiresAt: leased ? NOW + 60_000 : null,
        createdAt: NOW - 86_400_000,
        updatedAt: NOW - 3_600_000,
      });
      const observed = (state: string, cId = cid): ObservedContainer => ({
        id: cId,
        serverId: id,
        serverName: name,
        state,
        created: 1_700_000_000 + i,
      });
      if (seen === 'running') containers.push(observed('running'));
      else if (seen === 'exited') containers.push(observed('exited'));
      else if (seen === 'new-running') containers.push(observed('running', containerId()));
      else dataExists.set(id, true);
      if (status === 'deleted' && h % 10 === 0) containers.push(observed('exited'));
    }
  }
  containers.push({
    id: containerId(),
    serverId: randomUUID(),
    serverName: `h${h}-foreign`,
    state: 'running',
    created: 1,
  });
  return { id: hostId, rows, containers, dataExists };
}

function time(fn: () => void, iterations: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = process.hrtime.bigint();
    fn();
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return out;
}

async function timeAsync(fn: () => Promise<void>, iterations: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = process.hrtime.bigint();
    await fn();
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return out;
}

function pureReconcile(results: Results, hosts: Host[]): void {
  const allRows = hosts.flatMap((h) => h.rows);
  const allContainers = hosts.flatMap((h) => h.containers);
  const allData = new Map(hosts.flatMap((h) => [...h.dataExists]));
  let sink = 0;
  const perHost = () => {
    for (const h of hosts)
      sink += reconcile({ rows: h.rows, containers: h.containers, dataExists: h.dataExists, now: NOW }).changes.length;
  };
  const oneCall = () => {
    sink += reconcile({ rows: allRows, containers: allContainers, dataExists: allData, now: NOW }).changes.length;
  };

  const sample = reconcile({ rows: allRows, containers: allContainers, dataExists: allData, now: NOW });
  const statusChanges = sample.changes.filter((c) => c.to).length;
  console.log(
    `fleet: ${allRows.length} servers on ${hosts.length} hosts, ${allContainers.length} containers; ` +
      `one pass finds ${sample.changes.length} changes (${statusChanges} status changes), ` +
      `${sample.importable.length} importable, ${sample.strays.length} strays`,
  );

  const warmup = 100;
  const iterations = 400;
  // Interleaved, so neither shape gets a warmer machine than the other.
  time(() => (perHost(), oneCall()), warmup);
  const per: number[] = [];
  const one: number[] = [];
  for (let i = 0; i < iterations; i++) {
    per.push(...time(perHost, 1));
    one.push(...time(oneCall, 1));
  }
  if (sink < 0) console.log(sink); // keeps the work observable

  for (const [label, times] of [
    [`${HOSTS} calls, one per host (${PER_HOST} servers each), summed`, per],
    [`one call over all ${HOSTS * PER_HOST} rows`, one],
  ] as const) {
    const met = p95(times) <= TARGET_MS;
    console.log(
      `reconcile() ${label}: p50 ${ms(p50(times))}, p95 ${ms(p95(times))}, min ${ms(Math.min(...times))} ` +
        `(${iterations} passes after ${warmup} warm-up) | target p95 ≤ ${TARGET_MS} ms: ${met ? 'met' : 'not met'}`,
    );
    results.add({
      figure: `reconcile() 5,000 servers / 100 hosts, ${label.startsWith('one call') ? 'one call' : '100 calls summed'}`,
      measured: `p50 ${ms(p50(times))}, p95 ${ms(p95(times))}`,
      target: `p95 ≤ ${TARGET_MS} ms`,
      verdict: met ? 'met' : 'not met',
    });
  }
}

/**
 * The driver: syncHost for each of the 100 hosts against a real SQLite
 * catalog holding the 5,000 rows, with a Docker stand-in that answers from
 * memory, so what is timed is ZedOps's own work (catalog read, reconcile,
 * history writes), not Docker's.
 */
async function driver(results: Results, hosts: Host[]): Promise<void> {
  const dir = tempDir('zedops-bench-reconcile-');
  const catalog = Catalog.open(dir);
  try {
    const conns: { conn: HostConnection; flip: () => void }[] = [];
    catalog.transaction(() => {
      hosts.forEach((h, n) => {
        const host = catalog.hosts.insert({ name: `host-${n}`, kind: 'local', address: 'unix:///nonexistent.sock' });
        for (const r of h.rows) {
          catalog.servers.insert(
            { ...r, hostId: host.id },
            { kind: 'create', message: 'bench', actor: 'user' },
            r.createdAt,
          );
          catalog.servers.update(r.id, { containerId: r.containerId, dataExists: true, deletedAt: r.deletedAt });
          if (r.leaseOwner) catalog.servers.acquireLease(r.id, r.leaseOwner, 'restart', 3_600_000);
        }
        // Two views of the host's containers: as the rows say, and with two running servers stopped.
        const settled = h.rows.flatMap((r): Docker.ContainerInfo[] =>
          r.containerId && r.status !== 'deleted' ? [dockerInfo(r, r.status === 'running' ? 'running' : 'exited')] : [],
        );
        const churned = settled.map((c, i) => (i < 2 ? { ...c, State: 'exited' } : c));
        let list = settled;
        const docker = {
          listContainers: () => Promise.resolve(list),
          version: () => Promise.resolve({ Version: 'bench' }),
        } as unknown as Docker;
        const ops = { dataDirStatus: () => Promise.resolve({ exists: true }) } as unknown as HostOps;
        const conn = { host, docker, ops, rconAddress: () => undefined } as unknown as HostConnection;
        conns.push({ conn, flip: () => (list = list === settled ? churned : settled) });
      });
    });
    const pass = async () => {
      for (const { conn } of conns) await syncHost(catalog, conn, Date.now(), { probeVersion: false });
    };
    const churnPass = async () => {
      conns.forEach((c) => c.flip());
      await pass();
    };
    // First pass settles the rows (relinks, missing); after that a quiet pass changes nothing.
    await pass();
    await pass();
    const quiet = await timeAsync(pass, 20);
    // Every churn pass flips two servers per host (200 in all) between running and stopped, with history.
    await churnPass();
    const churn = await timeAsync(churnPass, 20);
    for (const [label, times] of [
      ['nothing changed', quiet],
      ['200 servers changed status (history written)', churn],
    ] as const) {
      console.log(
        `driver: syncHost × ${HOSTS} hosts over a SQLite catalog of ${HOSTS * PER_HOST} servers, ${label}: ` +
          `p50 ${ms(p50(times))}, p95 ${ms(p95(times))} (Docker answered from memory; no target)`,
      );
      results.add({
        figure: `driver: syncHost × 100 hosts, ${label}`,
        measured: `p50 ${ms(p50(times))}, p95 ${ms(p95(times))}`,
        target: '—',
        verdict: 'no target',
      });
    }
  } finally {
    catalog.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function dockerInfo(r: ServerRecord, state: string): Docker.ContainerInfo {
  return {
    Id: r.containerId ?? containerId(),
    Labels: { [labels.managed]: 'true', [labels.serverId]: r.id, [labels.serverName]: r.name },
    State: state,
    Created: 1_700_000_000,
  } as unknown as Docker.ContainerInfo;
}

async function main(): Promise<void> {
  const results = new Results('reconcile');
  const hosts = Array.from({ length: HOSTS }, (_, h) => makeHost(h));
  pureReconcile(results, hosts);
  await driver(results, hosts);
  results.write();
}

main().catch((err: unknown) => {
  console.error('benchmark failed:', err);
  process.exit(1);
});
