import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../core/testing/temp-dirs';

// The real `zedops serve` (built bundle), started and stopped as a user would.
const home = useTempDirs('zedops-serve-cli');

async function serveOutput(args: string[]): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const child = spawn(process.execPath, ['bin/zedops.cjs', '--home', home(), 'serve', '--port', '0', ...args], {
    env: { ...process.env, DOCKER_HOST: 'unix:///nonexistent.sock', ZEDOPS_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (stdout.includes('Open: ')) child.kill('SIGTERM');
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { stdout, stderr, code };
}

describe('zedops serve', () => {
  it('listens on 127.0.0.1 by default and prints a ready-to-open URL with the token, and no warning', async () => {
    const { stdout, stderr } = await serveOutput([]);
    expect(stdout).toMatch(/Open: http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{40,}/);
    expect(stderr).not.toMatch(/WARNING/);
  });

  it('warns clearly when told to listen beyond this computer', async () => {
    const { stdout, stderr } = await serveOutput(['--listen', '0.0.0.0']);
    expect(stdout).toMatch(/Open: http:\/\//);
    expect(stderr).toMatch(/WARNING: listening on 0\.0\.0\.0, not just this computer/);
  });

  it('refuses an address this machine does not have, with exit code 2', async () => {
    const { code, stderr } = await serveOutput(['--listen', '192.0.2.1']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/This machine has no address 192\.0\.2\.1\. Use --listen 127\.0\.0\.1\./);
  });
});
