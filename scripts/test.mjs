// `npm test`: everything, on the Node build of better-sqlite3. Builds,
// typechecks, lints, then runs vitest (unit + integration against the real
// test environment) and Playwright (real Chromium), and ends with one line
// "N passed, N failed" summed over every runner. Exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const results = 'test-results';
fs.mkdirSync(results, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

function run(cmd, args, extraEnv = {}) {
  console.log(`\n$ ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...extraEnv } });
  return r.status ?? 1;
}

/** A step that is not a test runner counts as one check: passed or failed. */
function check(name, cmd, args) {
  const ok = run(cmd, args) === 0;
  totals[ok ? 'passed' : 'failed']++;
  lines.push(`${name}: ${ok ? 'ok' : 'FAILED'}`);
  return ok;
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const native = check('native module (Node build)', process.execPath, ['scripts/native.mjs', 'node']);
const built = check('build', npm, ['run', '--silent', 'build']);
check('typecheck', npm, ['run', '--silent', 'typecheck']);
check('lint', npm, ['run', '--silent', 'lint']);

/**
 * Runs one test runner and adds its counts. A run that fails outside any
 * test (a suite that cannot load, a global setup that throws) counts as one
 * failure, so it can never pass unnoticed.
 */
function runner(name, { ready, why, args, report, counts }) {
  fs.rmSync(report, { force: true });
  if (!ready) {
    totals.failed++;
    lines.push(`${name}: not run (${why})`);
    return;
  }
  const code = run(process.execPath, args);
  const json = readJson(report);
  const c = json && counts(json);
  if (!c) {
    totals.failed++;
    lines.push(`${name}: FAILED before reporting (exit ${code})`);
    return;
  }
  totals.passed += c.passed;
  totals.failed += c.failed;
  totals.skipped += c.skipped;
  lines.push(`${name}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped${c.note ?? ''}`);
  if (code !== 0 && c.failed === 0) {
    totals.failed++;
    lines.push(`${name}: run FAILED (exit ${code}) outside any test: see its output above`);
  }
}

const vitestJson = `${results}/vitest.json`;
runner('vitest', {
  ready: native,
  why: 'better-sqlite3 has no Node build',
  args: [
    'node_modules/vitest/vitest.mjs',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${vitestJson}`,
  ],
  report: vitestJson,
  counts: (v) => ({
    passed: v.numPassedTests,
    failed: v.numFailedTests,
    skipped: (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0),
  }),
});

// Playwright: UI in real Chromium against the built app (its JSON report path is in playwright.config.ts).
runner('playwright', {
  ready: built && native,
  why: 'the build failed',
  args: ['node_modules/@playwright/test/cli.js', 'test'],
  report: `${results}/playwright.json`,
  counts: (p) =>
    p.stats && {
      passed: p.stats.expected + p.stats.flaky,
      failed: p.stats.unexpected,
      skipped: p.stats.skipped,
      note: p.stats.flaky ? ` (${p.stats.flaky} flaky)` : '',
    },
});

// The last line is exactly `N passed, N failed` (CI reads it); skips are counted on the line above, never as passes.
if (totals.skipped) lines.push(`${totals.skipped} skipped (each runner says why above)`);
const summary = `${totals.passed} passed, ${totals.failed} failed`;
fs.writeFileSync(`${results}/summary.txt`, `${lines.join('\n')}\n${summary}\n`);
console.log(`\n${lines.join('\n')}\n${summary}`);
process.exit(totals.failed ? 1 : 0);
