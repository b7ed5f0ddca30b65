import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type Docker from 'dockerode';
import { labels } from '../../electron/core/fleet/container-spec';

/** The parts of testenv's env.json the benchmarks use (see testenv/README.md). */
export interface BenchEnv {
  dockerHost: string;
  dockerSocket: string;
  pzSimImage: string;
}

/** The test environment `bench/run.mjs` brought up: BENCH_TESTENV names its env.json. */
export function loadEnv(): BenchEnv {
  const file = process.env.BENCH_TESTENV ?? '/tmp/zedops-testenv/env.json';
  const env = JSON.parse(fs.readFileSync(file, 'utf8')) as BenchEnv;
  if (!env.dockerSocket || !env.pzSimImage) throw new Error(`${file} has no dockerSocket or pzSimImage.`);
  return env;
}

/**
 * Wall-clock milliseconds with sub-millisecond resolution: the monotonic
 * clock, anchored to Date.now() at the instant its millisecond ticks over.
 * Wall clock because dockerd stamps its events with it (same machine).
 * `recalibrate()` re-anchors it (each latency round does), so clock slewing
 * cannot build up over a run.
 */
let offset = calibrate();

function calibrate(): number {
  const start = Date.now();
  let now = start;
  while (now === start) now = Date.now();
  return now - performance.now();
}

export function recalibrate(): void {
  offset = calibrate();
}

export const wallMs = (): number => offset + performance.now();

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A short tag that keeps this run's containers apart from any other's. */
export function runTag(): string {
  return Math.random().toString(36).slice(2, 6);
}

/**
 * Removes the containers a benchmark made: labelled as ZedOps's and named
 * `zedops-<prefix>...`. Nothing else on the daemon is touched.
 */
export async function removeBenchContainers(docker: Docker, namePrefix: string): Promise<number> {
  const list = await docker.listContainers({ all: true, filters: { label: [`${labels.managed}=true`] } });
  const mine = list.filter((c) => c.Names.some((n) => n.replace(/^\//, '').startsWith(`zedops-${namePrefix}`)));
  await Promise.all(
    mine.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
  return mine.length;
}

/**
 * Runs `body`, then `cleanup`, also on Ctrl-C or SIGTERM; exits non-zero if
 * the body threw. Benchmarks never assert: a throw means the benchmark itself broke.
 */
export async function runBenchmark(body: () => Promise<void>, cleanup: () => Promise<void>): Promise<void> {
  let cleaning: Promise<void> | undefined;
  const clean = () => (cleaning ??= cleanup().catch((err: unknown) => console.error('cleanup failed:', err)));
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = true;
    console.error(`\n${signal}: cleaning up`);
    void clean().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let failed = false;
  try {
    await body();
  } catch (err) {
    failed = true;
    // After Ctrl-C, cleanup pulls things from under the body: its error says nothing.
    if (!interrupted) console.error('benchmark failed:', err);
  } finally {
    await clean();
  }
  process.exit(interrupted ? 130 : failed ? 1 : 0);
}
