import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base } from '@playwright/test';
import type { TestEnv } from '../testenv/testenv';

export interface ServeHandle {
  /** The URL with the token, as printed by `zedops serve`. */
  openUrl: string;
  /** The base URL without the token. */
  url: string;
  home: string;
  output: () => string;
}

export function testEnv(): TestEnv {
  const raw = process.env.ZEDOPS_TESTENV_JSON;
  if (!raw) throw new Error('The test environment was not brought up (e2e/global-setup.ts).');
  return JSON.parse(raw) as TestEnv;
}

export function freshHome(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'zedops-e2e-'));
}

/**
 * Starts the real `zedops serve` (built bundle) and waits for its URL. The data
 * dir is fresh unless a test passes one it has prepared (e.g. through the CLI).
 */
export async function startServe(
  env: NodeJS.ProcessEnv,
  home: string = freshHome(),
  port = 0,
): Promise<{ handle: ServeHandle; child: ChildProcess }> {
  const child = spawn(process.execPath, ['bin/zedops.cjs', '--home', home, 'serve', '--port', String(port)], {
    env: { ...process.env, ...env, ZEDOPS_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const openUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`zedops serve printed no URL in 20 s:\n${out}`)), 20_000);
    const check = () => {
      const m = /Open: (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`zedops serve exited with ${code}:\n${out}`));
    });
  });
  return { handle: { openUrl, url: openUrl.split('#')[0] ?? openUrl, home, output: () => out }, child };
}

/** Stops `zedops serve` and keeps its data dir, e.g. to start it again on the same port. */
export async function stopServeProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

export async function stopServe(child: ChildProcess, home: string): Promise<void> {
  await stopServeProcess(child);
  fs.rmSync(home, { recursive: true, force: true });
}

export const test = base.extend<{ serve: ServeHandle; serveEnv: NodeJS.ProcessEnv }>({
  serveEnv: [{}, { option: true }],
  serve: async ({ serveEnv }, use) => {
    const { handle, child } = await startServe({ DOCKER_HOST: testEnv().dockerHost, ...serveEnv });
    await use(handle);
    await stopServe(child, handle.home);
  },
});

export { expect } from '@playwright/test';
