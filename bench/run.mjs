// `npm run bench`: builds the benchmarks (bench/*.ts, bundled by esbuild the
// way scripts/build-node.mjs bundles the CLI), brings up the test
// environment, runs each benchmark in its own Node process and prints a
// summary table of figures against their targets. Benchmarks print; they do
// not assert. The exit code is non-zero only when a benchmark itself broke.
//
//   npm run bench                      everything (latency and idle side by side)
//   npm run bench -- --serial          idle alone, after latency (a quieter dockerd, ~2 min longer)
//   npm run bench -- --only reconcile  some of them: reconcile, ui-render, latency, idle (comma-separated)
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

const all = ['reconcile', 'ui-render', 'latency', 'idle'];
// These need no Docker: no test environment, and they run alone, before the others.
const standalone = ['reconcile', 'ui-render'];
const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? (args[onlyAt + 1] ?? '').split(',').filter(Boolean) : all;
const unknown = only.filter((n) => !all.includes(n));
if (unknown.length) {
  console.error(`Unknown benchmark ${unknown.join(', ')}; there are: ${all.join(', ')}.`);
  process.exit(2);
}
const serial = args.includes('--serial');
const outDir = path.join('out', 'bench');
const started = Date.now();

// 1. Build: one CommonJS bundle per benchmark; native and Docker libraries load from node_modules.
fs.rmSync(outDir, { recursive: true, force: true });
await build({
  entryPoints: Object.fromEntries(only.map((n) => [n, `bench/${n}.ts`])),
  outdir: outDir,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  external: [
    'better-sqlite3',
    'dockerode',
    'ssh2',
    'cpu-features',
    'pino',
    'ws',
    'bufferutil',
    'utf-8-validate',
    'playwright-core',
  ],
  logLevel: 'warning',
});
console.log(`built ${only.map((n) => `${outDir}/${n}.cjs`).join(', ')}`);

// 2. The real test environment, for the benchmarks that need Docker (idempotent: ~1 s when it already runs).
let testenv;
const live = only.filter((n) => !standalone.includes(n));
const skipped = new Map();
if (live.length) {
  try {
    testenv = execFileSync('bash', ['testenv/testenv.sh', 'up'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }).trim();
    console.log(`test environment: ${testenv}`);
  } catch (err) {
    const reason = `the test environment did not come up (${String(err.message).split('\n')[0]}); it needs root on Debian or Ubuntu`;
    console.error(`${reason}: skipping ${live.join(', ')}`);
    for (const n of live) skipped.set(n, reason);
  }
}

// 3. Run. Ctrl-C reaches the benchmarks too; they clean up, and we wait for them.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {});
const outcomes = new Map();

function runOne(name, prefixLines) {
  return new Promise((resolve) => {
    const results = path.join(outDir, `${name}.results.json`);
    fs.rmSync(results, { force: true });
    const child = spawn(process.execPath, ['--enable-source-maps', path.join(outDir, `${name}.cjs`)], {
      stdio: ['ignore', prefixLines ? 'pipe' : 'inherit', prefixLines ? 'pipe' : 'inherit'],
      env: { ...process.env, BENCH_RESULTS: results, ...(testenv ? { BENCH_TESTENV: testenv } : {}) },
    });
    if (prefixLines) {
      for (const [stream, out] of [
        [child.stdout, process.stdout],
        [child.stderr, process.stderr],
      ]) {
        let rest = '';
        stream.setEncoding('utf8');
        stream.on('data', (chunk) => {
          const lines = (rest + chunk).split('\n');
          rest = lines.pop();
          for (const line of lines) out.write(`[${name}] ${line}\n`);
        });
        stream.on('end', () => rest && out.write(`[${name}] ${rest}\n`));
      }
    }
    const t = Date.now();
    child.on('exit', (code, signal) => {
      let rows = [];
      try {
        rows = JSON.parse(fs.readFileSync(results, 'utf8')).rows;
      } catch {
        // no results: the benchmark broke before it wrote them
      }
      outcomes.set(name, { code: code ?? (signal ? 128 : 1), rows, seconds: (Date.now() - t) / 1000 });
      resolve();
    });
  });
}

const header = (name) => console.log(`\n=== ${name} ${'='.repeat(Math.max(0, 70 - name.length))}`);
for (const name of standalone.filter((n) => only.includes(n))) {
  header(name);
  await runOne(name, false);
}
const runnable = live.filter((n) => !skipped.has(n));
if (serial || runnable.length < 2) {
  for (const name of runnable) {
    header(name);
    await runOne(name, false);
  }
} else {
  header(runnable.join(' + '));
  console.log("(side by side, lines prefixed; idle counts only its own host's requests: --serial runs it alone)");
  await Promise.all(runnable.map((name) => runOne(name, true)));
}

// 4. Summary.
const rows = [];
for (const name of only) {
  const o = outcomes.get(name);
  if (skipped.has(name)) rows.push([name, '—', 'skipped', '', skipped.get(name)]);
  else if (!o || o.code !== 0) rows.push([name, '—', `FAILED (exit ${o?.code ?? '?'})`, '', 'see its output above']);
  for (const r of o?.rows ?? []) rows.push([r.benchmark, r.figure, r.measured, r.target, r.verdict]);
}
const head = ['benchmark', 'figure', 'measured', 'target', 'verdict'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ');
console.log(`\n=== summary (${((Date.now() - started) / 1000).toFixed(0)} s) ${'='.repeat(50)}`);
console.log(line(head));
console.log(widths.map((w) => '-'.repeat(w)).join('-+-'));
for (const r of rows) console.log(line(r));
const notMet = rows.filter((r) => r[4] === 'not met').length;
console.log(
  `\n${rows.filter((r) => r[4] === 'met').length} targets met, ${notMet} not met. Figures, not a test: timing is never asserted.`,
);
process.exit([...outcomes.values()].some((o) => o.code !== 0) ? 1 : 0);
