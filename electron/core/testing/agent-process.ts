import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
/** Built by the integration tests' global setup (scripts/build-node.mjs), as `npm run build` does. */
export const agentBundle = path.join(repoRoot, 'out', 'agent', 'zedops-agent.cjs');

export interface AgentProcessOptions {
  dockerSocket: string;
  dataRoot: string;
  /** Kept across restarts: the journal lives here. */
  stateDir?: string;
  /** `tls://127.0.0.1:PORT` with the bundle from `zedops-agent certs init`. */
  listen?: { address: string; ca: string; cert: string; key: string };
}

/**
 * Test support: the real `zedops-agent` bundle as its own process, on a unix
 * socket in a temp dir (reachable through the test environment's sshd too),
 * which a test can kill and start again with the same state.
 */
export class AgentProcess {
  private child: ChildProcess | undefined;
  readonly socket: string;
  readonly stateDir: string;
  readonly logPath: string;

  private constructor(
    readonly dir: string,
    private readonly options: AgentProcessOptions,
  ) {
    this.socket = path.join(dir, 'agent.sock');
    this.stateDir = options.stateDir ?? path.join(dir, 'state');
    this.logPath = path.join(dir, 'agent.log');
  }

  static async start(options: AgentProcessOptions): Promise<AgentProcess> {
    const agent = new AgentProcess(fs.mkdtempSync(path.join(os.tmpdir(), 'zedops-agent-')), options);
    await agent.up();
    return agent;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async up(): Promise<void> {
    if (this.running) throw new Error('The agent is running already.');
    const { listen } = this.options;
    const args = [
      agentBundle,
      '--socket',
      this.socket,
      '--docker-host',
      `unix://${this.options.dockerSocket}`,
      '--data-root',
      this.options.dataRoot,
      '--state-dir',
      this.stateDir,
      ...(listen
        ? ['--listen', listen.address, '--tls-ca', listen.ca, '--tls-cert', listen.cert, '--tls-key', listen.key]
        : []),
    ];
    const log = fs.openSync(this.logPath, 'a');
    this.child = spawn(process.execPath, args, { stdio: ['ignore', log, log] });
    fs.closeSync(log);
    this.child.on('error', () => undefined);
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      if (!this.running) break;
      if (await this.answers()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    await this.down('SIGKILL');
    throw new Error(`zedops-agent did not come up on ${this.socket}; see ${this.logPath}:\n${this.log()}`);
  }

  /** Stops it (SIGKILL: as if it crashed) and waits until it is gone. */
  async down(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child) return;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      await exited;
    }
    this.child = undefined;
  }

  async destroy(): Promise<void> {
    await this.down('SIGKILL');
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  log(): string {
    return fs.existsSync(this.logPath) ? fs.readFileSync(this.logPath, 'utf8') : '';
  }

  private answers(): Promise<boolean> {
    return new Promise((resolve) => {
      const req = http.get({ socketPath: this.socket, path: '/zedops/v1/info', timeout: 1000 }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
      req.on('timeout', () => {
        req.destroy();
        resolve(false);
      });
    });
  }
}
