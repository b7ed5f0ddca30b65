// Finds Electron's runtime (the binary the `electron` package downloads on
// first use) and, where it is missing, tries to download it once, with a
// time limit. Shared by start.mjs, package.mjs and native.mjs.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const downloadTimeoutMs = 5 * 60_000;

/** The installed `electron` package's folder (resolving its package.json never triggers a download). */
export function electronPackageDir(root) {
  return path.dirname(createRequire(path.join(root, 'package.json')).resolve('electron/package.json'));
}

export function electronVersion(electronDir) {
  return JSON.parse(fs.readFileSync(path.join(electronDir, 'package.json'), 'utf8')).version;
}

/** The Electron runtime's executable, when it is on disk: ELECTRON_EXEC_PATH (as electron-vite reads it), else path.txt + dist. */
export function electronExecutable(electronDir, env = process.env) {
  if (env.ELECTRON_EXEC_PATH) return fs.existsSync(env.ELECTRON_EXEC_PATH) ? env.ELECTRON_EXEC_PATH : null;
  const pathFile = path.join(electronDir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const executable = path.join(electronDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(executable) ? executable : null;
}

/**
 * The Electron runtime, downloading it first if needed (what `require('electron')`
 * does lazily, run here as the package's own install.js so a time limit can stop it).
 * Resolves to { ok: true, executable } or { ok: false, reason }.
 */
export async function obtainElectron(electronDir, { timeoutMs = downloadTimeoutMs, onSlow = () => {} } = {}) {
  const existing = electronExecutable(electronDir);
  if (existing) return { ok: true, executable: existing };
  const attempt = await runInstall(electronDir, timeoutMs, onSlow);
  const executable = electronExecutable(electronDir);
  if (executable) return { ok: true, executable };
  return { ok: false, reason: downloadFailureReason({ ...attempt, timeoutMs }) };
}

function runInstall(electronDir, timeoutMs, onSlow) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(electronDir, 'install.js')], {
      cwd: electronDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let timedOut = false;
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const slow = setTimeout(onSlow, 2000);
    const limit = setTimeout(() => {
      timedOut = true;
      child.kill();
    }, timeoutMs);
    const done = (exitCode) => {
      clearTimeout(slow);
      clearTimeout(limit);
      resolve({ output, timedOut, exitCode });
    };
    child.on('error', (err) => {
      output += `${err.message}\n`;
      done(null);
    });
    child.on('close', (code) => done(code));
  });
}

/**
 * One line saying why the download failed, from install.js's output.
 * @param {{ output?: string, timedOut?: boolean, exitCode?: number | null, timeoutMs?: number }} outcome
 */
export function downloadFailureReason({
  output = '',
  timedOut = false,
  exitCode = null,
  timeoutMs = downloadTimeoutMs,
}) {
  if (timedOut) return `the download did not finish within ${duration(timeoutMs)}`;
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const error = lines.find((line) => /^[A-Za-z]*Error\b.*:/.test(line) || /\bE[A-Z]{3,}\b/.test(line));
  // Node's fetch says only "fetch failed" when DNS, the connection or TLS fails.
  if (error && /fetch failed/.test(error)) return `no connection to the download server: ${error}`;
  if (error) return error;
  const last = lines.at(-1);
  if (last) return last;
  return exitCode === 0
    ? 'the installer finished but left no Electron binary'
    : `the installer exited with code ${exitCode}`;
}

function duration(ms) {
  if (ms >= 60_000) return `${Math.round(ms / 60_000)} minutes`;
  const seconds = Math.ceil(ms / 1000);
  return seconds === 1 ? '1 second' : `${seconds} seconds`;
}

/** The one message start and package print where Electron cannot be had. */
export function electronUnavailableMessage(reason) {
  return [
    `Electron's runtime could not be downloaded on this machine (${reason}).`,
    'Nothing was changed.',
    'ZedOps works without Electron in browser mode: run `npm run serve`, then open the URL it prints.',
  ].join('\n');
}

/** Electron's NODE_MODULE_VERSION: the package ships it in `abi_version`; node-abi knows it otherwise. */
export function electronAbi(electronDir) {
  const file = path.join(electronDir, 'abi_version');
  if (fs.existsSync(file)) return Number(fs.readFileSync(file, 'utf8').trim());
  const nodeAbi = createRequire(path.join(electronDir, 'package.json'))('node-abi');
  return Number(nodeAbi.getAbi(electronVersion(electronDir), 'electron'));
}
