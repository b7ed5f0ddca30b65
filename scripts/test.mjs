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

// vitest: unit + integration.
const vitestJson = `${results}/vitest.json`;
fs.rmSync(vitestJson, { force: true });
if (native) {
  const code = run(process.execPath, [
    'node_modules/vitest/vitest.mjs',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${vitestJson}`,
  ]);
  const v = readJson(vitestJson);
  if (v) {
    const skipped = (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
    totals.passed += v.numPassedTests;
    totals.failed += v.numFailedTests;
    totals.skipped += skipped;
    lines.push(`vitest: ${v.numPassedTests} passed, ${v.numFailedTests} failed, ${skipped} skipped`);
    // A suite that fails to load (or a global setup that throws) has no failed tests but a failed run.
    if (code !== 0 && v.numFailedTests === 0) {
      totals.failed++;
      lines.push(`vitest: run FAILED (exit ${code}) outside any test: see its output above`);
    }
  } else {
    totals.failed++;
    lines.push(`vitest: FAILED before reporting (exit ${code})`);
  }
} else {
  totals.failed++;
  lines.push('vitest: not run (better-sqlite3 has no Node build)');
}

// Playwright: UI in real Chromium against the built app.
const pwJson = `${results}/playwright.json`;
fs.rmSync(pwJson, { force: true });
if (built && native) {
  const code = run(process.execPath, ['node_modules/@playwright/test/cli.js', 'test']);
  const p = readJson(pwJson);
  if (p?.stats) {
    const passed = p.stats.expected + p.stats.flaky;
    const failed = p.stats.unexpected;
    totals.passed += passed;
    totals.failed += failed;
    totals.skipped += p.stats.skipped;
    lines.push(`playwright: ${passed} passed (${p.stats.flaky} flaky), ${failed} failed, ${p.stats.skipped} skipped`);
    if (code !== 0 && failed === 0) {
      totals.failed++;
      lines.push(`playwright: run FAILED (exit ${code}) outside any test: see its output above`);
    }
  } else {
    totals.failed++;
    lines.push(`playwright: FAILED before reporting (exit ${code})`);
  }
} else {
  totals.failed++;
  lines.push('playwright: not run (the build failed)');
}

const summary = `${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`;
fs.writeFileSync(`${results}/summary.txt`, `${summary}\n`);
console.log(`\n${lines.join('\n')}\n${summary}`);
process.exit(totals.failed ? 1 : 0);
