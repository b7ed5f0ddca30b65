import http from 'node:http';
import type { Duplex } from 'node:stream';
import { Client, utils, type ClientChannel, type ConnectConfig } from 'ssh2';
import { ChannelSocket } from './channel-socket';
import { fingerprintOf, keyTypeOf, normalizeFingerprint, SshHostKeyError } from './host-key';
import { describeSshTarget, SshSetupError, type SshTarget } from './ssh-target';

/** How to log in. Either or both: a key file's content (with its passphrase if encrypted), an ssh-agent socket. */
export interface SshAuth {
  privateKey?: string | Buffer;
  passphrase?: string;
  /** Where the key came from (a file path), for messages. */
  privateKeyLabel?: string;
  agentSocket?: string;
}

export interface SshState {
  connected: boolean;
  /** Why not, when not connected (a sentence for the user). */
  error?: string;
}

export interface SshLog {
  warn(message: string): void;
  debug(message: string): void;
}

/** Where to connect: host, port and user are used; a full SshTarget may be passed as is. */
export type SshSessionTarget = Pick<SshTarget, 'host' | 'port' | 'username'> & Partial<SshTarget>;

export interface SshSessionOptions {
  target: SshSessionTarget;
  auth: SshAuth;
  /** The confirmed host key fingerprint (`SHA256:...`). Without it every connection is refused as "unknown". */
  expectedHostKey?: string;
  /** SSH keepalive every this many ms; after `keepaliveCountMax` unanswered ones the link counts as dead. */
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  /** Longest wait for TCP connect + SSH handshake + login. */
  readyTimeoutMs?: number;
  /** Wait before the next attempt after a failed one: starts at `initialMs`, doubles per failure up to `maxMs`. */
  backoff?: { initialMs: number; maxMs: number };
  log?: SshLog;
  /** Called when the session connects, loses its connection, or fails to connect (with the reason). */
  onState?: (state: SshState) => void;
}

export type SshErrorKind =
  | 'auth'
  | 'key'
  | 'refused'
  | 'timeout'
  | 'unreachable'
  | 'dns'
  | 'handshake'
  | 'lost'
  | 'closed'
  | 'no-docker-socket'
  | 'forward'
  | 'command';

/** Anything that went wrong between ZedOps and an SSH host, as one sentence for the user. */
export class SshConnectionError extends Error {
  override name = 'SshConnectionError';
  constructor(
    readonly kind: SshErrorKind,
    message: string,
    /** `user@host:port`. */
    readonly target: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface ExecResult {
  /** Exit code; null when the command ended by a signal or without reporting one. */
  code: number | null;
  signal?: string;
  stdout: string;
  stderr: string;
}

type SshLevelError = Error & { level?: string; code?: string; reason?: number | string };

/** One live SSH connection and what runs over it. */
interface Link {
  client: Client;
  /** Called with the reason when the link goes down or the session closes: fail what is in flight. */
  ops: Set<(error: Error) => void>;
  down: boolean;
  lastError?: SshLevelError;
}

const AUTH_FAILED = 'All configured authentication methods failed';
const silent: SshLog = { warn: () => undefined, debug: () => undefined };

/**
 * One SSH connection to one host, made on first use and shared: Docker API requests, commands and TCP
 * forwards are channels multiplexed over it. Host keys are verified against the confirmed
 * fingerprint; keepalives notice a dead link; a failed attempt delays the next one (backoff). No error
 * of the network, ssh2 or the host escapes as an exception: operations fail with SshConnectionError,
 * SshHostKeyError or SshSetupError, and the next use reconnects.
 */
export class SshSession {
  readonly target: Pick<SshTarget, 'host' | 'port' | 'username'>;
  private readonly auth: SshAuth;
  private readonly expectedHostKey: string | undefined;
  private readonly keepaliveIntervalMs: number;
  private readonly keepaliveCountMax: number;
  private readonly readyTimeoutMs: number;
  private readonly backoff: { initialMs: number; maxMs: number };
  private readonly log: SshLog;
  private readonly onState: ((state: SshState) => void) | undefined;
  private readonly name: string;

  private link: Link | undefined;
  private pending: Promise<Link> | undefined;
  private connecting: Client | undefined;
  private failures = 0;
  private lastFailureAt = 0;
  private wake: (() => void) | undefined;
  private closed = false;
  private lastState: SshState = { connected: false };
  private error: Error | undefined;

  constructor(options: SshSessionOptions) {
    this.target = { host: options.target.host, port: options.target.port, username: options.target.username };
    this.name = describeSshTarget(this.target);
    this.auth = options.auth;
    if (options.expectedHostKey !== undefined) {
      const normalized = normalizeFingerprint(options.expectedHostKey);
      if (!normalized) {
        throw new SshSetupError(
          `"${options.expectedHostKey}" is not an SSH host key fingerprint: it looks like SHA256: followed by 43 characters.`,
        );
      }
      this.expectedHostKey = normalized;
    }
    this.keepaliveIntervalMs = options.keepaliveIntervalMs ?? 2000;
    this.keepaliveCountMax = options.keepaliveCountMax ?? 3;
    this.readyTimeoutMs = options.readyTimeoutMs ?? 10_000;
    this.backoff = options.backoff ?? { initialMs: 500, maxMs: 10_000 };
    this.log = options.log ?? silent;
    this.onState = options.onState;
  }

  get connected(): boolean {
    return this.link !== undefined && !this.link.down;
  }

  /** Why the last attempt failed or the link was lost; undefined after a success. */
  get lastError(): Error | undefined {
    return this.error;
  }

  /** Connects if not connected. Concurrent callers share one handshake; after a failure the next one waits the backoff. */
  async connect(): Promise<void> {
    await this.acquire();
  }

  /**
   * The host's key fingerprint and type, without logging in (the handshake stops at the host key).
   * For showing the fingerprint to confirm on first use.
   */
  static probeHostKey(
    target: Pick<SshTarget, 'host' | 'port' | 'username'>,
    { timeoutMs = 10_000 }: { timeoutMs?: number } = {},
  ): Promise<{ fingerprint: string; keyType: string }> {
    const name = describeSshTarget(target);
    return new Promise((resolve, reject) => {
      const client = new Client();
      let key: Buffer | undefined;
      let settled = false;
      const finish = (error?: Error): void => {
        if (settled) return;
        settled = true;
        try {
          client.destroy();
        } catch {
          // gone already
        }
        if (key) resolve({ fingerprint: fingerprintOf(key), keyType: keyTypeOf(key) });
        else
          reject(
            error ??
              new SshConnectionError('handshake', `${name} closed the connection before showing its host key.`, name),
          );
      };
      client.on('error', (error: SshLevelError) =>
        finish(describeHandshakeError(error, { name, target, readyTimeoutMs: timeoutMs })),
      );
      client.on('close', () => finish());
      try {
        client.connect({
          host: target.host,
          port: target.port,
          username: target.username,
          readyTimeout: timeoutMs,
          hostVerifier: (raw: Buffer) => {
            key = raw;
            return false; // stop here: nothing is sent to a host not confirmed yet
          },
        });
      } catch (error) {
        finish(new SshConnectionError('handshake', `Could not connect to ${name}: ${(error as Error).message}.`, name));
      }
    });
  }

  /**
   * An http.Agent whose connections are stream-local forwards, over this session, to the Docker
   * socket at `socketPath` on the host. For dockerode: `new Docker({ protocol: 'http', host: 'docker',
   * port: 80, agent })` (see dockerOverSsh).
   *
   * keepAlive is false: each request gets a fresh channel (one round trip on the open SSH connection,
   * no TCP or SSH handshake) that Docker closes after the response. With keepAlive, idle channels
   * would sit in the pool and could be handed out after the link died but before keepalives noticed;
   * and http would rely on socket behaviours (unref, keep-alive probes) that mean nothing on a channel.
   */
  dockerAgent(socketPath: string): http.Agent {
    return new SshForwardAgent(() => this.openStreamLocal(socketPath), this.log);
  }

  /** A stream-local forward to a unix socket on the host, as a socket-like Duplex. */
  async openStreamLocal(socketPath: string): Promise<ChannelSocket> {
    const opened = await this.openChannel(
      (client, callback) => client.openssh_forwardOutStreamLocal(socketPath, callback),
      (error) => this.streamLocalError(error, socketPath),
    );
    return this.socketFor(opened);
  }

  /** A TCP connection made by the host to `host:port` (direct-tcpip), e.g. RCON on the host's 127.0.0.1. */
  async forwardTcp(host: string, port: number): Promise<Duplex> {
    const opened = await this.openChannel(
      (client, callback) => client.forwardOut('127.0.0.1', 0, host, port, callback),
      (error) =>
        new SshConnectionError(
          'forward',
          `${this.name} could not open a TCP connection to ${host}:${port} (${openFailureReason(error)}): is anything listening there?`,
          this.name,
          { cause: error },
        ),
    );
    return this.socketFor(opened);
  }

  /**
   * Runs a command on the host over this connection and collects its output. On `timeoutMs` the
   * channel is closed and the call fails; the command itself is not killed (OpenSSH refuses signal
   * requests in many setups, root logins among them): bound it on the host, e.g. `timeout 10 cmd`.
   */
  async exec(command: string, options: { stdin?: string; timeoutMs?: number } = {}): Promise<ExecResult> {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let code: number | null = null;
    let signal: string | undefined;
    let closed = 0; // the channel and its stderr
    let onClosed: (() => void) | undefined;
    // Listeners go on in the open callback itself: a quick command's exit status can arrive with it.
    const { channel, link } = await this.openChannel(
      (client, callback) => client.exec(command, callback),
      (error) =>
        new SshConnectionError(
          'command',
          `${this.name} could not start the command "${command}": ${error.message}.`,
          this.name,
          { cause: error },
        ),
      (opened) => {
        opened.on('data', (chunk: Buffer) => stdout.push(chunk));
        opened.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
        opened.on('exit', (exitCode: number | null, exitSignal?: string) => {
          code = typeof exitCode === 'number' ? exitCode : null;
          if (exitSignal) signal = exitSignal;
        });
        const closedOne = (): void => {
          closed++;
          onClosed?.();
        };
        opened.once('close', closedOne);
        opened.stderr.once('close', closedOne);
      },
    );
    return new Promise<ExecResult>((resolve, reject) => {
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const finish = (error?: Error): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        link.ops.delete(fail);
        if (error) {
          reject(error);
          return;
        }
        resolve({
          code,
          ...(signal !== undefined ? { signal } : {}),
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderr: Buffer.concat(stderr).toString('utf8'),
        });
      };
      const fail = (error: Error): void => finish(error);
      link.ops.add(fail);
      if (link.down) {
        finish(link.lastError ?? this.lostError(undefined));
        return;
      }
      onClosed = () => {
        if (closed === 2) finish();
      };
      onClosed();
      if (options.timeoutMs !== undefined && options.timeoutMs > 0) {
        timer = setTimeout(() => {
          finish(
            new SshConnectionError(
              'timeout',
              `The command "${command}" on ${this.name} did not finish within ${formatSeconds(options.timeoutMs!)}; ZedOps stopped waiting for it (it may still be running there).`,
              this.name,
            ),
          );
          destroyQuietly(channel);
        }, options.timeoutMs);
      }
      try {
        if (options.stdin !== undefined) channel.end(options.stdin);
        else channel.end();
      } catch {
        // reported through the link's ops when the connection is gone
      }
    });
  }

  /** Ends the connection; in-flight operations fail with "closed", and the session cannot be used again. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.wake?.();
    const error = new SshConnectionError('closed', `The SSH session to ${this.name} was closed.`, this.name);
    if (this.connecting) {
      try {
        this.connecting.destroy();
      } catch {
        // gone already
      }
    }
    const link = this.link;
    this.link = undefined;
    if (link && !link.down) {
      failOps(link, error, this.log);
      try {
        link.client.end();
      } catch {
        // the transport is gone already
      }
    }
    this.emitState({ connected: false });
  }

  // --- connecting -------------------------------------------------------------------------------------

  private acquire(): Promise<Link> {
    if (this.closed) {
      return Promise.reject(new SshConnectionError('closed', `The SSH session to ${this.name} was closed.`, this.name));
    }
    if (this.link && !this.link.down) return Promise.resolve(this.link);
    if (!this.pending) {
      this.pending = this.attempt().finally(() => {
        this.pending = undefined;
      });
    }
    return this.pending;
  }

  private async attempt(): Promise<Link> {
    const wait = this.backoffRemaining();
    if (wait > 0) {
      this.log.debug(`SSH ${this.name}: next attempt in ${wait} ms (backoff after ${this.failures} failure(s))`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
    if (this.closed) {
      throw new SshConnectionError('closed', `The SSH session to ${this.name} was closed.`, this.name);
    }
    try {
      const link = await this.handshake();
      this.failures = 0;
      this.error = undefined;
      return link;
    } catch (error) {
      this.failures++;
      this.lastFailureAt = Date.now();
      const reported =
        error instanceof Error
          ? error
          : new SshConnectionError('handshake', `Could not connect to ${this.name}.`, this.name);
      if (!this.closed) {
        this.error = reported;
        this.log.debug(`SSH ${this.name}: ${reported.message}`);
        this.emitState({ connected: false, error: reported.message });
      }
      throw reported;
    }
  }

  private backoffRemaining(): number {
    if (this.failures === 0) return 0;
    const delay = Math.min(this.backoff.initialMs * 2 ** (this.failures - 1), this.backoff.maxMs);
    return Math.max(0, this.lastFailureAt + delay - Date.now());
  }

  private handshake(): Promise<Link> {
    const login = this.prepareAuth();
    const client = new Client();
    const link: Link = { client, ops: new Set(), down: false };
    this.connecting = client;
    return new Promise<Link>((resolve, reject) => {
      let ready = false;
      let settled = false;
      let hostKeyError: SshHostKeyError | undefined;
      const errors: SshLevelError[] = [];
      const fail = (error: Error): void => {
        if (settled) return;
        settled = true;
        if (this.connecting === client) this.connecting = undefined;
        try {
          client.destroy();
        } catch {
          // gone already
        }
        reject(
          this.closed
            ? new SshConnectionError('closed', `The SSH session to ${this.name} was closed.`, this.name)
            : error,
        );
      };
      const describe = (error: SshLevelError): Error =>
        hostKeyError ??
        describeHandshakeError(error, {
          name: this.name,
          target: this.target,
          readyTimeoutMs: this.readyTimeoutMs,
          methods: login.methods,
          keyNote: login.keyNote,
          agentError: errors.find((e) => e.level === 'agent'),
        });

      // Handlers stay for the client's whole life: ssh2 may emit errors late, and none may go uncaught.
      client.on('error', (error: SshLevelError) => {
        if (!ready) {
          errors.push(error);
          if (isFatalHandshakeError(error)) fail(describe(error));
          return;
        }
        link.lastError = error;
        this.log.debug(`SSH ${this.name}: ${error.message}`);
      });
      // ssh2 emits 'end' (peer closed) then 'close'; whichever comes first marks the link down.
      client.on('end', () => (ready ? this.linkDown(link) : undefined));
      client.on('close', () => {
        if (!ready) {
          fail(
            describe(
              errors.at(-1) ??
                Object.assign(new Error('Connection lost before handshake'), { level: 'protocol' as const }),
            ),
          );
          return;
        }
        this.linkDown(link);
      });
      client.once('ready', () => {
        ready = true;
        if (this.connecting === client) this.connecting = undefined;
        if (settled || this.closed) {
          fail(new SshConnectionError('closed', `The SSH session to ${this.name} was closed.`, this.name));
          return;
        }
        settled = true;
        this.link = link;
        this.log.debug(`SSH ${this.name}: connected`);
        this.emitState({ connected: true });
        resolve(link);
      });

      const config: ConnectConfig = {
        host: this.target.host,
        port: this.target.port,
        username: this.target.username,
        readyTimeout: this.readyTimeoutMs,
        keepaliveInterval: this.keepaliveIntervalMs,
        keepaliveCountMax: this.keepaliveCountMax,
        hostVerifier: (raw: Buffer) => {
          const fingerprint = fingerprintOf(raw);
          if (this.expectedHostKey === fingerprint) return true;
          hostKeyError = new SshHostKeyError({
            kind: this.expectedHostKey === undefined ? 'unknown' : 'changed',
            host: this.name,
            fingerprint,
            keyType: keyTypeOf(raw),
            ...(this.expectedHostKey !== undefined ? { expected: this.expectedHostKey } : {}),
          });
          return false;
        },
        ...(login.privateKey !== undefined ? { privateKey: login.privateKey } : {}),
        ...(login.passphrase !== undefined ? { passphrase: login.passphrase } : {}),
        ...(login.agent !== undefined ? { agent: login.agent } : {}),
      };
      try {
        client.connect(config);
      } catch (error) {
        fail(
          new SshConnectionError(
            'handshake',
            `Could not connect to ${this.name}: ${(error as Error).message}.`,
            this.name,
            {
              cause: error,
            },
          ),
        );
      }
    });
  }

  /** Checks the key before any network traffic: a missing or wrong passphrase is said plainly. */
  private prepareAuth(): {
    privateKey?: string | Buffer;
    passphrase?: string;
    agent?: string;
    methods: string[];
    keyNote?: string;
  } {
    const methods: string[] = [];
    const out: ReturnType<SshSession['prepareAuth']> = { methods };
    const { privateKey, passphrase, agentSocket } = this.auth;
    const label = this.auth.privateKeyLabel ?? 'the private key';
    if (privateKey !== undefined) {
      const problem = keyProblem(privateKey, passphrase, label);
      if (problem) {
        if (!agentSocket) throw new SshConnectionError('key', problem, this.name);
        this.log.warn(`${problem} Trying the ssh-agent only.`);
        out.keyNote = problem;
      } else {
        out.privateKey = privateKey;
        if (passphrase !== undefined) out.passphrase = passphrase;
        methods.push(this.auth.privateKeyLabel ? `the key file ${label}` : 'the private key');
      }
    }
    if (agentSocket) {
      out.agent = agentSocket;
      methods.push(`the ssh-agent at ${agentSocket}`);
    }
    if (privateKey === undefined && !agentSocket) {
      throw new SshSetupError(
        `No way to log in to ${this.name}: give a key file (IdentityFile) or run an ssh-agent (SSH_AUTH_SOCK).`,
      );
    }
    return out;
  }

  // --- the live link ----------------------------------------------------------------------------------

  private linkDown(link: Link): void {
    if (link.down) return;
    link.down = true;
    try {
      link.client.destroy();
    } catch {
      // gone already
    }
    const current = this.link === link;
    if (current) this.link = undefined;
    const error = this.closed
      ? new SshConnectionError('closed', `The SSH session to ${this.name} was closed.`, this.name)
      : this.lostError(link.lastError);
    link.lastError = error;
    failOps(link, error, this.log);
    if (current && !this.closed) {
      this.error = error;
      this.log.warn(error.message);
      this.emitState({ connected: false, error: error.message });
    }
  }

  private lostError(cause: SshLevelError | undefined): SshConnectionError {
    let why = 'the host closed the connection';
    if (cause?.message === 'Keepalive timeout') {
      const seconds = ((this.keepaliveCountMax + 1) * this.keepaliveIntervalMs) / 1000;
      why = `the host stopped answering (no reply to SSH keepalives for ${seconds} s)`;
    } else if (cause?.code === 'ECONNRESET') {
      why = 'the connection was reset';
    } else if (cause?.code === 'ETIMEDOUT' || cause?.code === 'EHOSTUNREACH' || cause?.code === 'ENETUNREACH') {
      why = `the network failed (${cause.code})`;
    } else if (cause) {
      why = cause.message;
    }
    return new SshConnectionError(
      'lost',
      `The SSH connection to ${this.name} was lost: ${why}. ZedOps reconnects on the next use.`,
      this.name,
      { cause },
    );
  }

  private async openChannel(
    open: (client: Client, callback: (error: Error | undefined, channel: ClientChannel) => void) => void,
    describeFailure: (error: SshLevelError) => Error,
    onOpen?: (channel: ClientChannel) => void,
  ): Promise<{ channel: ClientChannel; link: Link }> {
    const link = await this.acquire();
    return new Promise<{ channel: ClientChannel; link: Link }>((resolve, reject) => {
      let done = false;
      const abort = (error: Error): void => {
        if (done) return;
        done = true;
        reject(error);
      };
      if (link.down) {
        abort(link.lastError ?? this.lostError(undefined));
        return;
      }
      link.ops.add(abort);
      const callback = (error: Error | undefined, channel: ClientChannel): void => {
        link.ops.delete(abort);
        if (channel) this.adopt(channel);
        if (done) {
          if (channel && !link.down) destroyQuietly(channel);
          return;
        }
        done = true;
        if (error || !channel) {
          reject(describeFailure((error ?? new Error('no channel')) as SshLevelError));
          return;
        }
        onOpen?.(channel);
        resolve({ channel, link });
      };
      try {
        open(link.client, callback);
      } catch (error) {
        link.ops.delete(abort);
        abort(link.down ? (link.lastError ?? this.lostError(undefined)) : this.lostError(error as SshLevelError));
      }
    });
  }

  /** Every channel gets error handlers, so nothing it emits can go uncaught. */
  private adopt(channel: ClientChannel): void {
    channel.on('error', (error: Error) => this.log.debug(`SSH ${this.name}: channel error: ${error.message}`));
    channel.stderr?.on('error', () => undefined);
  }

  private socketFor({ channel, link }: { channel: ClientChannel; link: Link }): ChannelSocket {
    const socket = new ChannelSocket(channel, (error) =>
      this.log.debug(`SSH ${this.name}: forwarded stream: ${error.message}`),
    );
    const fail = (error: Error): void => socket.failWith(error);
    link.ops.add(fail);
    socket.once('close', () => link.ops.delete(fail));
    if (link.down) socket.failWith(link.lastError ?? this.lostError(undefined));
    return socket;
  }

  private streamLocalError(error: SshLevelError, socketPath: string): SshConnectionError {
    const reason = openFailureReason(error);
    if (/prohibit/i.test(reason) || error.reason === 1) {
      return new SshConnectionError(
        'forward',
        `The SSH server on ${this.name} does not allow forwarding to a unix socket (AllowStreamLocalForwarding is off in its sshd_config), so ZedOps cannot reach Docker through it.`,
        this.name,
        { cause: error },
      );
    }
    return new SshConnectionError(
      'no-docker-socket',
      `The host ${this.name} has no Docker socket at ${socketPath} (the SSH server could not open it: ${reason}); set --docker-socket to where Docker listens on that host.`,
      this.name,
      { cause: error },
    );
  }

  private emitState(state: SshState): void {
    if (state.connected === this.lastState.connected && state.error === this.lastState.error) return;
    this.lastState = state;
    if (!this.onState) return;
    try {
      this.onState(state);
    } catch (error) {
      this.log.warn(`SSH ${this.name}: the state listener threw: ${(error as Error).message}`);
    }
  }
}

/** An http.Agent whose sockets are SSH channels (see SshSession.dockerAgent). */
class SshForwardAgent extends http.Agent {
  constructor(
    private readonly open: () => Promise<Duplex>,
    private readonly log: SshLog,
  ) {
    super({ keepAlive: false });
  }

  override createConnection(
    _options: http.ClientRequestArgs,
    callback?: (error: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    this.open()
      .then(
        (socket) => callback?.(null, socket),
        (error: Error) => callback?.(error, undefined as unknown as Duplex),
      )
      .catch((error: Error) => this.log.warn(`SSH docker agent: a request callback threw: ${error.message}`));
    return undefined;
  }
}

function failOps(link: Link, error: Error, log: SshLog): void {
  const ops = [...link.ops];
  link.ops.clear();
  for (const op of ops) {
    try {
      op(error);
    } catch (thrown) {
      log.warn(`SSH: failing an operation threw: ${(thrown as Error).message}`);
    }
  }
}

function destroyQuietly(channel: ClientChannel): void {
  try {
    channel.destroy();
  } catch {
    // the connection is gone
  }
}

function isFatalHandshakeError(error: SshLevelError): boolean {
  if (error.message === AUTH_FAILED) return true;
  return ['client-socket', 'client-timeout', 'client-dns', 'handshake', 'protocol'].includes(error.level ?? '');
}

function keyProblem(privateKey: string | Buffer, passphrase: string | undefined, label: string): string | undefined {
  const parsed = utils.parseKey(privateKey, passphrase);
  if (parsed instanceof Error) {
    const asked = /passphrase|encrypted|decrypt/i.test(parsed.message);
    if (passphrase === undefined && asked) {
      return `The key file ${label} is encrypted and needs its passphrase, and none was given.`;
    }
    if (passphrase !== undefined) {
      const withoutPassphrase = utils.parseKey(privateKey);
      if (withoutPassphrase instanceof Error && /passphrase|encrypted/i.test(withoutPassphrase.message)) {
        return `The passphrase for the key file ${label} is wrong.`;
      }
    }
    return `The key file ${label} could not be read as a private key (${parsed.message}).`;
  }
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key || !key.isPrivateKey()) {
    return `The key file ${label} holds a public key; ZedOps needs the private key (the file without .pub).`;
  }
  return undefined;
}

function openFailureReason(error: SshLevelError): string {
  return error.message.replace(/^\(SSH\) Channel open failure:\s*/i, '') || 'refused';
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function describeHandshakeError(
  error: SshLevelError,
  context: {
    name: string;
    target: Pick<SshTarget, 'host' | 'port' | 'username'>;
    readyTimeoutMs: number;
    methods?: string[];
    keyNote?: string | undefined;
    agentError?: SshLevelError | undefined;
  },
): SshConnectionError {
  const { name, target } = context;
  const make = (kind: SshErrorKind, message: string): SshConnectionError =>
    new SshConnectionError(kind, message, name, { cause: error });
  if (error.message === AUTH_FAILED || error.level === 'client-authentication') {
    const tried = context.methods?.length ? context.methods.join(' and ') : 'no key';
    const notes = [
      context.agentError ? `the ssh-agent could not be used: ${context.agentError.message}` : undefined,
      context.keyNote,
    ].filter(Boolean);
    return make(
      'auth',
      `SSH on ${name} refused the login as ${target.username} (tried ${tried}${notes.length ? `; ${notes.join('; ')}` : ''}). ` +
        `Check that the matching public key is in ~/.ssh/authorized_keys of ${target.username} on the host.`,
    );
  }
  switch (error.code) {
    case 'ECONNREFUSED':
      return make(
        'refused',
        `Could not connect to SSH at ${name}: the connection was refused (is sshd running and listening on port ${target.port}?).`,
      );
    case 'ETIMEDOUT':
      return make(
        'timeout',
        `Could not connect to SSH at ${name}: the connection timed out (is the host up and reachable?).`,
      );
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
    case 'EADDRNOTAVAIL':
      return make(
        'unreachable',
        `The host ${target.host} cannot be reached (${error.code}): check its address and the network.`,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
      return make('dns', `The host name "${target.host}" could not be resolved (${error.code}).`);
    case 'ECONNRESET':
    case 'EPIPE':
      return make('handshake', `The connection to ${name} was reset during the SSH handshake.`);
  }
  if (error.level === 'client-timeout') {
    return make(
      'timeout',
      `No SSH handshake with ${name} within ${formatSeconds(context.readyTimeoutMs)}: the host did not answer in time (is it reachable, and is it an SSH server?).`,
    );
  }
  if (error.message === 'Connection lost before handshake') {
    return make(
      'handshake',
      `${name} closed the connection before the SSH handshake: is it an SSH server, and does it accept connections from here?`,
    );
  }
  if (error.level === 'client-dns') {
    return make('dns', `The host name "${target.host}" could not be resolved: ${error.message}.`);
  }
  if (error.level === 'handshake' || error.level === 'protocol') {
    return make('handshake', `The SSH handshake with ${name} failed: ${error.message}.`);
  }
  return make('handshake', `Could not connect to SSH at ${name}: ${error.message}.`);
}
