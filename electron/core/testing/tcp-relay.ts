import net from 'node:net';

/**
 * Test support: a TCP relay on 127.0.0.1 in front of a real server. It counts the connections made
 * through it, and can freeze: sockets stay open but nothing is forwarded any more, as on a link that
 * silently drops packets (a cable pulled, a NAT entry gone).
 */
export class TcpRelay {
  connections = 0;
  private frozen = false;
  private readonly open = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  static async start(targetPort: number, targetHost = '127.0.0.1', listenPort = 0): Promise<TcpRelay> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(listenPort, '127.0.0.1', resolve));
    const relay = new TcpRelay(server, (server.address() as net.AddressInfo).port);
    server.on('connection', (client) => {
      relay.connections++;
      const upstream = net.connect({ host: targetHost, port: targetPort });
      for (const [from, to] of [
        [client, upstream],
        [upstream, client],
      ] as const) {
        relay.open.add(from);
        from.on('close', () => {
          relay.open.delete(from);
          if (!relay.frozen) to.destroy();
        });
        from.on('error', () => from.destroy());
        from.on('data', (chunk) => {
          if (!relay.frozen) to.write(chunk);
        });
      }
    });
    return relay;
  }

  /** From now on, bytes are swallowed in both directions and no socket is closed. */
  freeze(): void {
    this.frozen = true;
  }

  /** The link is back: connections caught in the freeze are reset (their bytes were lost), new ones flow. */
  thaw(): void {
    for (const socket of this.open) socket.destroy();
    this.open.clear();
    this.frozen = false;
  }

  async close(): Promise<void> {
    for (const socket of this.open) socket.destroy();
    this.open.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
