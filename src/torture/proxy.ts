/**
 * FaultyLink: an in-process TCP proxy between one client and one server, which the torture run
 * uses to partition them. `up` forwards bytes both ways; `cut` resets every connection and refuses
 * new ones (the client sees errors at once); `blackhole` keeps connections open but drops every
 * byte (the client sees nothing and times out). The target can move (a restarted server has a new
 * port); connections made before a move stay with the old target until they break.
 */
import net from 'node:net';

export type LinkMode = 'up' | 'cut' | 'blackhole';

export class FaultyLink {
  private mode: LinkMode = 'up';
  private readonly pairs = new Set<[net.Socket, net.Socket]>();
  private server: net.Server | undefined;
  port = 0;

  constructor(private target: { host: string; port: number }) {}

  async start(): Promise<void> {
    this.server = net.createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server!.listen({ host: '127.0.0.1', port: 0 }, () => resolve()));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  retarget(port: number): void {
    this.target = { ...this.target, port };
  }

  set(mode: LinkMode): void {
    // Leaving a blackhole resets its connections too: they lost bytes, and a stream with a hole
    // in it is no stream of frames any more (the server would refuse it anyway).
    if (mode === 'cut' || this.mode === 'blackhole') for (const [a, b] of this.pairs) this.drop(a, b);
    this.mode = mode;
  }

  private accept(client: net.Socket): void {
    client.on('error', () => {});
    if (this.mode === 'cut') {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(this.target);
    upstream.on('error', () => {});
    const pair: [net.Socket, net.Socket] = [client, upstream];
    this.pairs.add(pair);
    const forward = (to: net.Socket) => (d: Buffer) => {
      if (this.mode === 'up') to.write(d);
    };
    client.on('data', forward(upstream));
    upstream.on('data', forward(client));
    const end = () => {
      this.pairs.delete(pair);
      this.drop(client, upstream);
    };
    client.on('close', end);
    upstream.on('close', end);
  }

  private drop(a: net.Socket, b: net.Socket): void {
    if (!a.destroyed) a.resetAndDestroy();
    if (!b.destroyed) b.resetAndDestroy();
  }

  async close(): Promise<void> {
    for (const [a, b] of this.pairs) this.drop(a, b);
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
