import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import { Client } from 'ssh2';
import type { RemoteShell } from './ssh-host-ops';

/**
 * Test support: real shells to run the host-ops script through. Product code
 * never imports this file.
 */

type ExecResult = Awaited<ReturnType<RemoteShell['exec']>>;

/**
 * A `RemoteShell` on this machine: runs the command the way sshd does, as
 * `<login shell> -c COMMAND`, so the script can be tried under dash, bash and
 * busybox without a server.
 */
export class ProcessShell implements RemoteShell {
  constructor(
    private readonly loginShell: readonly string[] = ['/bin/sh'],
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  exec(command: string, options: { stdin?: string; timeoutMs?: number } = {}): Promise<ExecResult> {
    return new Promise((resolve, reject) => {
      const [file = '/bin/sh', ...args] = this.loginShell;
      // Its own process group, so a timeout ends everything the command started.
      const child = spawn(file, [...args, '-c', command], { env: this.env, stdio: 'pipe', detached: true });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      const timer =
        options.timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              try {
                if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
              } catch {
                // Already gone.
              }
              reject(new Error(`timed out after ${options.timeoutMs} ms`));
            }, options.timeoutMs);
      child.stdout.on('data', (d: Buffer) => stdout.push(d));
      child.stderr.on('data', (d: Buffer) => stderr.push(d));
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({
          code,
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderr: Buffer.concat(stderr).toString('utf8'),
        });
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.stdin ?? '');
    });
  }
}

export interface SshShellTarget {
  host: string;
  port: number;
  username: string;
  privateKey: Buffer;
  /** OpenSSH style `SHA256:...`; any other host key is refused. */
  hostKeyFingerprint: string;
}

/** A `RemoteShell` over one ssh2 connection, as the product's SSH session gives one: one exec channel per command. */
export class Ssh2Shell implements RemoteShell {
  private constructor(private readonly client: Client) {}

  static connect(target: SshShellTarget): Promise<Ssh2Shell> {
    return new Promise((resolve, reject) => {
      const client = new Client();
      client.once('ready', () => resolve(new Ssh2Shell(client)));
      client.once('error', reject);
      client.connect({
        host: target.host,
        port: target.port,
        username: target.username,
        privateKey: target.privateKey,
        hostVerifier: (key: Buffer) => fingerprint(key) === target.hostKeyFingerprint,
        readyTimeout: 5000,
      });
    });
  }

  exec(command: string, options: { stdin?: string; timeoutMs?: number } = {}): Promise<ExecResult> {
    return new Promise((resolve, reject) => {
      this.client.exec(command, (err, channel) => {
        if (err) {
          reject(err);
          return;
        }
        const stdout: Buffer[] = [];
        const stderr: Buffer[] = [];
        let code: number | null = null;
        const timer =
          options.timeoutMs === undefined
            ? undefined
            : setTimeout(() => {
                channel.close();
                reject(new Error(`timed out after ${options.timeoutMs} ms`));
              }, options.timeoutMs);
        channel.on('data', (d: Buffer) => stdout.push(d));
        channel.stderr.on('data', (d: Buffer) => stderr.push(d));
        channel.on('exit', (exitCode: number | null) => {
          code = typeof exitCode === 'number' ? exitCode : null;
        });
        channel.on('close', () => {
          clearTimeout(timer);
          resolve({
            code,
            stdout: Buffer.concat(stdout).toString('utf8'),
            stderr: Buffer.concat(stderr).toString('utf8'),
          });
        });
        channel.end(options.stdin ?? '');
      });
    });
  }

  close(): void {
    this.client.end();
  }
}

function fingerprint(hostKey: Buffer): string {
  return `SHA256:${crypto.createHash('sha256').update(hostKey).digest('base64').replace(/=+$/, '')}`;
}
