import net from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy on loopback in front of a server (PostgreSQL, the Telegram stand-in) that a test can switch off:
 * `refuse()` drops every open connection and closes the port, so new connections get ECONNREFUSED exactly as
 * when the server is down; `accept()` opens the same port again.
 */
export class TcpProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  port = 0;
  /** Connections accepted since start, for checking that a client really went through the proxy. */
  connections = 0;

  private constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  static async start(target: { host?: string; port: number }, port = 0): Promise<TcpProxy> {
    const proxy = new TcpProxy(target.host ?? '127.0.0.1', target.port);
    await proxy.listen(port);
    return proxy;
  }

  get accepting(): boolean {
    return this.server !== undefined;
  }

  /** Closes the port and cuts every connection through it. */
  async refuse(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async accept(): Promise<void> {
    if (!this.server) await this.listen(this.port);
  }

  async stop(): Promise<void> {
    await this.refuse();
  }

  private async listen(port: number): Promise<void> {
    const server = net.createServer((client) => this.pipe(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  private pipe(client: net.Socket): void {
    this.connections++;
    const upstream = net.connect(this.targetPort, this.targetHost);
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => {
        this.sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
