import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * Test support: an sshd of the test's own on 127.0.0.1 (root only), for tests that stop, restart or
 * re-key the SSH server without disturbing the shared test environment. It keeps its host key across
 * restarts unless asked for a new one, and has its own authorized_keys.
 *
 * OpenSSH puts each connection's sshd in a session of its own (setsid), so killing the listener's
 * process group does not end live connections: `stop()` ends the listener and every process below it,
 * as a host that goes down does.
 */
export class PrivateSshd {
  private child: ChildProcess | undefined;
  private readonly killOnExit = (): void => this.killTree('SIGKILL');
  readonly configPath: string;
  readonly hostKeyPath: string;
  readonly authorizedKeysPath: string;
  readonly logPath: string;

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {
    this.configPath = path.join(dir, 'sshd_config');
    this.hostKeyPath = path.join(dir, 'ssh_host_ed25519_key');
    this.authorizedKeysPath = path.join(dir, 'authorized_keys');
    this.logPath = path.join(dir, 'sshd.log');
  }

  /** Writes the config and a host key, and starts sshd on 127.0.0.1:port. */
  static async start(port: number): Promise<PrivateSshd> {
    const d = new PrivateSshd(fs.mkdtempSync(path.join(os.tmpdir(), 'zedops-sshd-')), port);
    fs.writeFileSync(d.authorizedKeysPath, '', { mode: 0o600 });
    d.newHostKey();
    d.writeConfig();
    await d.up();
    return d;
  }

  get host(): string {
    return '127.0.0.1';
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** `SHA256:...` of the current host key, as `ssh-keygen -lf` prints it. */
  get hostKeyFingerprint(): string {
    const blob = Buffer.from(fs.readFileSync(`${this.hostKeyPath}.pub`, 'utf8').trim().split(/\s+/)[1] ?? '', 'base64');
    return `SHA256:${crypto.createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
  }

  /** Lets the holder of this public key (a `.pub` file's text) log in as root. */
  authorize(publicKeyLine: string): void {
    fs.appendFileSync(this.authorizedKeysPath, `${publicKeyLine.trim()}\n`);
  }

  /** Starts sshd again (same port, same host key unless `newHostKey`). */
  async up(options: { newHostKey?: boolean } = {}): Promise<void> {
    if (this.running) throw new Error('The private sshd is running already.');
    if (options.newHostKey) this.newHostKey();
    const log = fs.openSync(this.logPath, 'a');
    // Detached: its own process group, so stopping it never signals the test runner.
    const child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', this.configPath], {
      detached: true,
      stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    child.on('error', () => undefined);
    this.child = child;
    process.once('exit', this.killOnExit);
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (!this.running) break;
      if (await this.answers()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    await this.down();
    throw new Error(`The private sshd did not start on 127.0.0.1:${this.port}; see ${this.logPath}`);
  }

  /** Stops the listener and every connection's sshd (and what they run), and waits until they are gone. */
  async down(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited =
      child.exitCode !== null || child.signalCode !== null
        ? Promise.resolve()
        : new Promise((r) => child.once('exit', r));
    this.killTree('SIGKILL');
    await exited;
    process.removeListener('exit', this.killOnExit);
    this.child = undefined;
  }

  async destroy(): Promise<void> {
    await this.down();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private newHostKey(): void {
    fs.rmSync(this.hostKeyPath, { force: true });
    fs.rmSync(`${this.hostKeyPath}.pub`, { force: true });
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'zedops-private-sshd', '-f', this.hostKeyPath]);
  }

  private writeConfig(): void {
    fs.writeFileSync(
      this.configPath,
      [
        `Port ${this.port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${this.hostKeyPath}`,
        `PidFile ${path.join(this.dir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${this.authorizedKeysPath}`,
        'PermitRootLogin prohibit-password',
        'PubkeyAuthentication yes',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'UsePAM no',
        'StrictModes no',
        'AllowStreamLocalForwarding yes',
        'AllowTcpForwarding yes',
        'X11Forwarding no',
        'PrintMotd no',
        'LogLevel VERBOSE',
        '',
      ].join('\n'),
    );
  }

  /** True once something on the port speaks SSH. */
  private answers(): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port: this.port });
      const done = (ok: boolean): void => {
        socket.destroy();
        resolve(ok);
      };
      socket.setTimeout(1000, () => done(false));
      socket.once('error', () => done(false));
      socket.once('data', (chunk) => done(chunk.toString('latin1').startsWith('SSH-')));
    });
  }

  /**
   * Signals the listener and all its descendants. Stops them first (SIGSTOP) and collects again until
   * the tree is stable, so nothing forks or is re-parented away between collecting and killing.
   */
  private killTree(signal: NodeJS.Signals): void {
    const root = this.child?.pid;
    if (root === undefined) return;
    const stopped = new Set<number>();
    for (let round = 0; round < 20; round++) {
      const tree = descendants(root);
      tree.add(root);
      let grew = false;
      for (const pid of tree) {
        if (stopped.has(pid)) continue;
        stopped.add(pid);
        grew = true;
        tryKill(pid, 'SIGSTOP');
      }
      if (!grew) break;
    }
    for (const pid of stopped) tryKill(pid, signal);
    tryKill(-root, signal); // the listener's own process group, for good measure
    for (const pid of stopped) tryKill(pid, 'SIGCONT');
  }
}

function tryKill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // gone already
  }
}

/** Every process below `root`, from /proc. */
function descendants(root: number): Set<number> {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ")".
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(entry));
    children.set(ppid, list);
  }
  const out = new Set<number>();
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.pop()!) ?? []) {
      if (!out.has(child)) {
        out.add(child);
        queue.push(child);
      }
    }
  }
  return out;
}
