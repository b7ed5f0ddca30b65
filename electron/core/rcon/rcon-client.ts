import net from 'node:net';
import type { Duplex } from 'node:stream';

import { RconError, describeSocketError, timeoutError } from './rcon-error';
import { RconPacketDecoder, RconPacketType, RconProtocolError, encodeRconPacket, type RconPacket } from './rcon-packet';

export interface RconConnectOptions {
  host: string;
  port: number;
  password: string;
  /** Limit for connecting and logging in, and the default limit per command. */
  timeoutMs?: number;
  /**
   * Opens the byte stream another way than a TCP connection from here, such
   * as a channel through a host's SSH connection; `host` and `port` then
   * only name the target in messages.
   */
  openStream?: () => Promise<Duplex>;
}

export interface RconExecOptions {
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5000;
const MAX_REQUEST_ID = 0x7fffffff;

/** Receives the packets of the one request in flight. */
interface PendingRequest {
  onPacket(packet: RconPacket): void;
  onClose(error: RconError): void;
}

/**
 * A Source RCON session with a Project Zomboid server. Commands run one at a
 * time, in order, like the game handles them.
 */
export class RconClient {
  private readonly decoder = new RconPacketDecoder();
  private pending: PendingRequest | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private closedBy: RconError | undefined;

  private constructor(
    private readonly socket: Duplex,
    private readonly target: string,
    private readonly timeoutMs: number,
  ) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => this.fail(describeSocketError(target, error)));
    socket.on('close', () =>
      this.fail(
        new RconError(
          'closed',
          `${target} closed the connection. The server may have stopped or restarted; connect again.`,
        ),
      ),
    );
  }

  /** Connects and logs in; rejects with an RconError saying what went wrong. */
  static async connect(options: RconConnectOptions): Promise<RconClient> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const target = `RCON at ${options.host}:${options.port}`;
    const socket = options.openStream
      ? await openStream(options.openStream, target, timeoutMs)
      : await openSocket(options.host, options.port, target, timeoutMs);
    const client = new RconClient(socket, target, timeoutMs);
    try {
      await client.authenticate(options.password);
    } catch (error) {
      socket.destroy();
      throw error;
    }
    return client;
  }

  /** Runs a console command (without the leading slash) and returns the server's reply. */
  exec(command: string, options: RconExecOptions = {}): Promise<string> {
    const run = this.queue.then(() => this.execNow(command, options.timeoutMs ?? this.timeoutMs));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Ends the session. Safe to call more than once. */
  close(): Promise<void> {
    this.closedBy ??= new RconError('closed', `This session with ${this.target} was closed; connect again.`);
    if (this.socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      const force = setTimeout(() => this.socket.destroy(), 1000);
      this.socket.once('close', () => {
        clearTimeout(force);
        resolve();
      });
      this.socket.end();
    });
  }

  private authenticate(password: string): Promise<void> {
    const id = this.takeId();
    return this.request(
      'logging in',
      this.timeoutMs,
      [{ id, type: RconPacketType.Auth, body: password }],
      (packet, done) => {
        // The game answers a login with an empty RESPONSE_VALUE, then AUTH_RESPONSE.
        if (packet.type !== RconPacketType.AuthResponse) return;
        if (packet.id === id) done.resolve();
        else if (packet.id === -1) done.reject(this.wrongPassword());
      },
    );
  }

  private execNow(command: string, timeoutMs: number): Promise<string> {
    const id = this.takeId();
    // Servers answer an empty RESPONSE_VALUE only after the command before it,
    // so its echo marks the end of a reply split over several packets.
    const endMarkerId = this.takeId();
    const parts: string[] = [];
    const packets: RconPacket[] = [
      { id, type: RconPacketType.ExecCommand, body: command },
      { id: endMarkerId, type: RconPacketType.ResponseValue, body: '' },
    ];
    return this.request(
      `running "${command}"`,
      timeoutMs,
      packets,
      (packet, done) => {
        if (packet.type === RconPacketType.AuthResponse && packet.id === -1) {
          done.reject(
            new RconError('auth', `${this.target} refused "${command}" because this session is not logged in.`),
          );
        } else if (packet.id === id && packet.type === RconPacketType.ResponseValue) {
          parts.push(packet.body);
        } else if (packet.id === endMarkerId) {
          done.resolve(parts.join(''));
        }
      },
      // `quit` stops the server right after its reply, before the end marker's echo.
      (error) => (parts.length > 0 ? parts.join('') : error),
    );
  }

  private request<T>(
    doing: string,
    timeoutMs: number,
    packets: RconPacket[],
    onPacket: (packet: RconPacket, done: { resolve(value: T): void; reject(error: RconError): void }) => void,
    onClose: (error: RconError) => T | RconError = (error) => error,
  ): Promise<T> {
    if (this.closedBy) return Promise.reject(this.closedBy);
    return new Promise<T>((resolve, reject) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.pending = undefined;
      };
      const done = {
        resolve: (value: T) => {
          finish();
          resolve(value);
        },
        reject: (error: RconError) => {
          finish();
          reject(error);
        },
      };
      const timer = setTimeout(() => done.reject(timeoutError(this.target, doing, timeoutMs)), timeoutMs);
      this.pending = {
        onPacket: (packet) => onPacket(packet, done),
        onClose: (error) => {
          const outcome = onClose(error);
          if (outcome instanceof RconError) done.reject(outcome);
          else done.resolve(outcome);
        },
      };
      this.socket.write(Buffer.concat(packets.map(encodeRconPacket)));
    });
  }

  private receive(chunk: Buffer): void {
    let packets: RconPacket[];
    try {
      packets = this.decoder.push(chunk);
    } catch (error) {
      if (!(error instanceof RconProtocolError)) throw error;
      this.fail(
        new RconError('protocol', `${this.target} sent data that is not RCON: ${error.message}`, { cause: error }),
      );
      this.socket.destroy();
      return;
    }
    for (const packet of packets) this.pending?.onPacket(packet);
  }

  private fail(error: RconError): void {
    this.closedBy ??= error;
    this.pending?.onClose(error);
  }

  private wrongPassword(): RconError {
    return new RconError(
      'auth',
      `${this.target} rejected the password. Check RCONPassword in the server's .ini ` +
        '(or RCON_PASSWORD in its container environment).',
    );
  }

  private takeId(): number {
    const id = this.nextId;
    this.nextId = id >= MAX_REQUEST_ID ? 1 : id + 1;
    return id;
  }
}

async function openStream(open: () => Promise<Duplex>, target: string, timeoutMs: number): Promise<Duplex> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeoutError(target, 'connecting', timeoutMs)), timeoutMs);
  });
  const opening = open();
  try {
    return await Promise.race([opening, timeout]);
  } catch (error) {
    // A stream that opens after the timeout is closed, not leaked.
    opening.then((late) => late.destroy()).catch(() => undefined);
    if (error instanceof RconError) throw error;
    throw describeSocketError(target, error as NodeJS.ErrnoException);
  } finally {
    clearTimeout(timer);
  }
}

function openSocket(host: string, port: number, target: string, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(timeoutError(target, 'connecting', timeoutMs));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.setNoDelay(true);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(describeSocketError(target, error));
    });
  });
}
