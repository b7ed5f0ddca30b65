import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';

/**
 * Test support: a dockerd of the test's own (root only), for tests that must
 * restart the daemon without disturbing the shared test environment. No
 * default bridge; its own address pool for the networks ZedOps creates.
 */
export class PrivateDockerd {
  private child: ChildProcess | undefined;
  readonly socket: string;
  readonly docker: Docker;

  private constructor(readonly dir: string) {
    this.socket = path.join(dir, 'd.sock');
    this.docker = new Docker({ socketPath: this.socket });
  }

  static async start(): Promise<PrivateDockerd> {
    const d = new PrivateDockerd(fs.mkdtempSync(path.join(os.tmpdir(), 'zedops-dockerd-')));
    await d.up();
    return d;
  }

  get address(): string {
    return `unix://${this.socket}`;
  }

  async up(): Promise<void> {
    const log = fs.openSync(path.join(this.dir, 'dockerd.log'), 'a');
    this.child = spawn(
      '/usr/sbin/dockerd',
      [
        '--data-root',
        path.join(this.dir, 'root'),
        '--exec-root',
        path.join(this.dir, 'exec'),
        '--pidfile',
        path.join(this.dir, 'd.pid'),
        '-H',
        this.address,
        '--bridge',
        'none',
        '--iptables=false',
        '--ip-masq=false',
        '--default-address-pool',
        'base=10.216.0.0/16,size=24',
        '--storage-driver',
        'vfs',
        '--shutdown-timeout',
        '5',
        '--config-file',
        this.configFile(),
      ],
      { stdio: ['ignore', log, log] },
    );
    fs.closeSync(log);
    for (let i = 0; i < 200; i++) {
      try {
        await this.docker.ping();
        return;
      } catch {
        if (this.child.exitCode !== null) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    throw new Error(`The private dockerd did not start; see ${path.join(this.dir, 'dockerd.log')}`);
  }

  /** Stops the daemon the way a service manager does (SIGTERM), waiting for it to exit. */
  async down(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    this.child = undefined;
  }

  async destroy(): Promise<void> {
    try {
      const all = await this.docker.listContainers({ all: true });
      for (const c of all) await this.docker.getContainer(c.Id).remove({ force: true });
    } catch {
      // the daemon is gone already
    }
    await this.down();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private configFile(): string {
    const file = path.join(this.dir, 'daemon.json');
    if (!fs.existsSync(file)) fs.writeFileSync(file, '{}');
    return file;
  }
}
