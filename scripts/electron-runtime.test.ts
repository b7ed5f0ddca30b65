import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  downloadFailureReason,
  electronAbi,
  electronExecutable,
  electronUnavailableMessage,
  obtainElectron,
} from './electron-runtime.mjs';

const dirs: string[] = [];
function electronDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zedops-electron-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}
afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

describe('electronExecutable', () => {
  it('finds the runtime that path.txt names under dist/', () => {
    const dir = electronDir({ 'path.txt': 'electron', 'dist/electron': '' });
    expect(electronExecutable(dir, {})).toBe(path.join(dir, 'dist', 'electron'));
  });

  it('is null before the first download, or when dist/ was removed', () => {
    expect(electronExecutable(electronDir({}), {})).toBeNull();
    expect(electronExecutable(electronDir({ 'path.txt': 'electron' }), {})).toBeNull();
  });

  it('honours ELECTRON_EXEC_PATH, as electron-vite does', () => {
    const dir = electronDir({ 'custom/electron': '' });
    expect(electronExecutable(electronDir({}), { ELECTRON_EXEC_PATH: path.join(dir, 'custom/electron') })).toBe(
      path.join(dir, 'custom/electron'),
    );
    expect(electronExecutable(dir, { ELECTRON_EXEC_PATH: path.join(dir, 'missing') })).toBeNull();
  });
});

describe('electronAbi', () => {
  it('reads the ABI the electron package ships', () => {
    expect(electronAbi(electronDir({ abi_version: '150\n', 'package.json': '{"version":"45.5.0"}' }))).toBe(150);
  });
});

describe('obtainElectron', () => {
  it('uses a runtime already on disk without running the installer', async () => {
    const dir = electronDir({ 'path.txt': 'electron', 'dist/electron': '', 'install.js': 'process.exit(9)' });
    await expect(obtainElectron(dir)).resolves.toEqual({ ok: true, executable: path.join(dir, 'dist', 'electron') });
  });

  it('runs the installer once and finds what it put in place', async () => {
    const install =
      "const fs = require('fs'); fs.mkdirSync('dist'); fs.writeFileSync('dist/electron', ''); fs.writeFileSync('path.txt', 'electron');";
    const dir = electronDir({ 'install.js': install });
    await expect(obtainElectron(dir)).resolves.toEqual({ ok: true, executable: path.join(dir, 'dist', 'electron') });
  });

  it('says why when the installer fails', async () => {
    const dir = electronDir({
      'install.js': "console.error('HTTPError: Response code 404 (Not Found)'); process.exit(1);",
    });
    await expect(obtainElectron(dir)).resolves.toEqual({
      ok: false,
      reason: 'HTTPError: Response code 404 (Not Found)',
    });
  });

  it('stops an installer that takes longer than the limit', async () => {
    const dir = electronDir({ 'install.js': 'setTimeout(() => {}, 60_000);' });
    await expect(obtainElectron(dir, { timeoutMs: 300 })).resolves.toEqual({
      ok: false,
      reason: 'the download did not finish within 1 second',
    });
  });
});

describe('downloadFailureReason', () => {
  it('names a time-out in minutes', () => {
    expect(downloadFailureReason({ timedOut: true, timeoutMs: 300_000 })).toBe(
      'the download did not finish within 5 minutes',
    );
  });

  it("explains Node's bare 'fetch failed'", () => {
    const output = 'TypeError: fetch failed\n    at node:internal/deps/undici/undici:14976:13\n';
    expect(downloadFailureReason({ output, exitCode: 1 })).toBe(
      'no connection to the download server: TypeError: fetch failed',
    );
  });

  it('picks the error line out of a stack trace', () => {
    const output =
      'Downloading Electron binary...\nRequestError: getaddrinfo ENOTFOUND github.com\n    at ClientRequest.<anonymous>\n';
    expect(downloadFailureReason({ output, exitCode: 1 })).toBe('RequestError: getaddrinfo ENOTFOUND github.com');
  });

  it('falls back to the last line, then to the exit code', () => {
    expect(downloadFailureReason({ output: 'checksum mismatch\n', exitCode: 1 })).toBe('checksum mismatch');
    expect(downloadFailureReason({ output: '', exitCode: 3 })).toBe('the installer exited with code 3');
    expect(downloadFailureReason({ output: '', exitCode: 0 })).toBe(
      'the installer finished but left no Electron binary',
    );
  });
});

describe('electronUnavailableMessage', () => {
  it('says what failed, that nothing changed, and how to use browser mode instead', () => {
    const message = electronUnavailableMessage('no connection to the download server');
    expect(message).toBe(
      "Electron's runtime could not be downloaded on this machine (no connection to the download server).\n" +
        'Nothing was changed.\n' +
        'ZedOps works without Electron in browser mode: run `npm run serve`, then open the URL it prints.',
    );
  });
});
