// Test support for the integration tests: runs the real agent bundle as a process.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
// Brings in `inject('testenv')`'s type (tsconfig.agent.json does not include testenv/).
import type {} from '../../../testenv/global-setup';

const repo = path.join(__dirname, '..', '..', '..');
/** Built by the integration tests' global setup (testenv/build-cli.ts runs scripts/build-node.mjs). */
export const builtBundle = path.join(repo, 'out', 'agent', 'zedops-agent.cjs');

/**
 * Copies the built bundle, after checking it against its .sha256 file, into a
 * temp folder outside the repository, so it runs with only Node: no
 * node_modules above it to fall back on.
 */
export function bundleOutsideRepo(): { bundle: string; dir: string } {
  const [expected, name] = fs.readFileSync(`${builtBundle}.sha256`, 'utf8').trim().split(/\s+/);
  const actual = createHash('sha256').update(fs.readFileSync(builtBundle)).digest('hex');
  if (actual !== expected || name !== 'zedops-agent.cjs') {
    throw new Error(`out/agent/zedops-agent.cjs does not match its .sha256 file (${actual} vs ${expected})`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zedops-agent-bundle-'));
  const bundle = path.join(dir, 'zedops-agent.cjs');
  fs.copyFileSync(builtBundle, bundle);
  return { bundle, dir };
}

export interface AgentProcess {
  proc: ChildProcess;
  socket: string;
  /** Everything the agent wrote to stderr so far. */
  stderr(): string;
  /** Its JSON log lines so far. */
  logs(): Record<string, unknown>[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends the signal (SIGTERM by default) and waits for the process to end. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `node BUNDLE ARGS` and waits for "zedops-agent is ready." (or rejects with what it said when it exits). */
export async function startAgent(bundle: string, args: string[], socket: string): Promise<AgentProcess> {
  const proc = spawn(process.execPath, [bundle, ...args], {
    cwd: path.dirname(bundle),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  proc.stdout!.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const logs = (): Record<string, unknown>[] =>
    stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const agent: AgentProcess = {
    proc,
    socket,
    stderr: () => stderr,
    logs,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
  const ready = await Promise.race([
    until(() => logs().some((l) => l.msg === 'zedops-agent is ready.'), 'the agent to be ready', 15_000).then(
      () => true,
    ),
    exited.then(() => false),
  ]);
  if (!ready) throw new Error(`The agent exited while starting:\n${stderr}`);
  return agent;
}

/** Runs the bundle to completion (for --help, certs init and refusals). */
export function runBundle(bundle: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bundle, ...args], {
    cwd: path.dirname(bundle),
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** One HTTP request to the agent over its unix socket (or, with `tls`, over its TLS listener). */
export function request(
  target: { socketPath: string } | { tls: https.RequestOptions },
  method: string,
  urlPath: string,
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const options: http.RequestOptions = {
      method,
      path: urlPath,
      agent: false,
      headers:
        body === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
    };
    const req =
      'socketPath' in target
        ? http.request({ ...options, socketPath: target.socketPath })
        : https.request({ ...target.tls, ...options });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString('utf8')));
      res.on('end', () => {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Docker's timeNano from an event line, every digit kept. */
export function timeNanoOf(raw: string): bigint {
  const m = /"timeNano"\s*:\s*(\d+)\s*}\s*$/.exec(raw);
  if (!m) throw new Error(`no timeNano at the end of ${raw}`);
  return BigInt(m[1]!);
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `zedops-agent-${prefix}-`));
}
