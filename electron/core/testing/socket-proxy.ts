import fs from 'node:fs';
import net from 'node:net';

/**
 * Test support: a unix socket that forwards to another one (the Docker
 * socket), which a test can cut and restore, as a host whose dockerd goes
 * away and comes back looks to ZedOps.
 */
export class SocketProxy {
  private server: net.Server | undefined;
  private readonly open = new Set<net.Socket>();

  constructor(
    readonly path: string,
    private readonly target: string,
  ) {}

  async start(): Promise<void> {
    fs.rmSync(this.path, { force: true });
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target);
      for (const s of [client, upstream]) {
        this.open.add(s);
        s.on('close', () => this.open.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.path, resolve));
  }

  /** Drops every connection and stops listening: new connections fail as if Docker were down. */
  async cut(): Promise<void> {
    for (const s of this.open) s.destroy();
    this.open.clear();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
    fs.rmSync(this.path, { force: true });
  }
}
