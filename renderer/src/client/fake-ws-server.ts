import type { EventName, EventPayload, Host } from '../../../electron/shared/api';
import type { Server } from '../../../electron/shared/servers';
import type { ClientMessage, ServerMessage } from '../../../electron/shared/wire';

/**
 * Test support: a stand-in for `zedops serve`'s API socket, for unit tests of
 * the WebSocket client and the stores fed through it. It answers as the real
 * bridge does: a call is answered from the state at the moment it arrives, and
 * an event goes to every socket that said hello. Each socket's messages reach
 * the page in the order they were sent; which socket is heard from first is up
 * to the test (`deliver`), as it is up to the network.
 */
export class FakeWsServer {
  /** Every socket the page opened, oldest first. */
  readonly sockets: FakeSocket[] = [];
  /** False while `zedops serve` is down: new sockets fail to connect. */
  up = true;
  servers: Server[];
  hosts: Host[];

  /** The constructor to install as the global `WebSocket`. */
  readonly WebSocket: new (url: string) => FakeSocket;

  constructor(servers: Server[] = [], hosts: Host[] = []) {
    this.servers = servers;
    this.hosts = hosts;
    this.WebSocket = socketClassFor(this);
  }

  /** Sockets that are open now. */
  open(): FakeSocket[] {
    return this.sockets.filter((s) => s.readyState === FakeSocket.OPEN);
  }

  /** Completes (or, when down, fails) every connection attempt in progress. */
  accept(): void {
    for (const s of this.sockets.filter((x) => x.readyState === FakeSocket.CONNECTING)) {
      if (this.up) {
        s.readyState = FakeSocket.OPEN;
        s.onopen?.({});
      } else {
        s.readyState = FakeSocket.CLOSED;
        s.onclose?.({ code: 1006 });
      }
    }
  }

  /** `zedops serve` goes away: every socket is cut. */
  drop(): void {
    this.up = false;
    for (const s of this.open()) {
      s.readyState = FakeSocket.CLOSED;
      s.inbox.length = 0;
      s.onclose?.({ code: 1006 });
    }
  }

  /** A change in core: applied at once, and sent to every socket that said hello. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    if (event === 'server.changed') {
      const s = payload as Server;
      this.servers = [...this.servers.filter((x) => x.id !== s.id), s];
    }
    for (const s of this.open()) if (s.welcomed) s.inbox.push({ type: 'event', event, payload });
  }

  /** Hands the page the next message `socket` has waiting; false when it has none. */
  deliver(socket: FakeSocket): boolean {
    const message = socket.inbox.shift();
    if (!message) return false;
    socket.onmessage?.({ data: JSON.stringify(message) });
    return true;
  }

  receive(socket: FakeSocket, message: ClientMessage): void {
    if (message.type === 'hello') {
      socket.welcomed = true;
      socket.inbox.push({ type: 'welcome', version: 'test' });
      return;
    }
    const snapshot = structuredClone(this.answer(message.method, message.params));
    socket.inbox.push(
      snapshot === undefined
        ? { type: 'error', id: message.id, error: { code: 'unknown_method', message: message.method } }
        : { type: 'result', id: message.id, result: snapshot },
    );
  }

  private answer(method: string, params: unknown): unknown {
    if (method === 'servers.list') return this.servers;
    if (method === 'hosts.list') return this.hosts;
    if (method === 'servers.get') return this.servers.find((s) => s.id === (params as { serverId: string }).serverId);
    return undefined;
  }
}

export class FakeSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  readyState: number = FakeSocket.CONNECTING;
  onopen: ((e: unknown) => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: ((e: { code: number }) => void) | null = null;
  onerror: ((e: unknown) => void) | null = null;
  /** Sent by the server, not yet received by the page, in order. */
  readonly inbox: ServerMessage[] = [];
  welcomed = false;

  constructor(
    readonly url: string,
    private readonly server: FakeWsServer,
  ) {}

  send(text: string): void {
    if (this.readyState !== FakeSocket.OPEN) return;
    this.server.receive(this, JSON.parse(text) as ClientMessage);
  }

  close(): void {
    if (this.readyState === FakeSocket.CLOSED) return;
    this.readyState = FakeSocket.CLOSED;
    this.inbox.length = 0;
    this.onclose?.({ code: 1000 });
  }
}

/** A `WebSocket` constructor whose sockets talk to `server`. */
function socketClassFor(server: FakeWsServer): new (url: string) => FakeSocket {
  return class extends FakeSocket {
    constructor(url: string) {
      super(url, server);
      server.sockets.push(this);
    }
  };
}
