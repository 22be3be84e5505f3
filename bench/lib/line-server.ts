/**
 * A loopback TCP server for W1's socket feed: it serves the lines of each batch, encoded once before
 * timing, to the client connected last, when the benchmark asks for that batch. Serving on request keeps
 * every batch's lines exactly those of the same batch in memory, so outputs can be compared batch by batch.
 */
import { createServer, type Server, type Socket } from 'node:net';

export class LineServer {
  readonly #server: Server;
  readonly #batches: readonly Buffer[];
  #client: Socket | undefined;
  #waiting: ((socket: Socket) => void) | undefined;

  private constructor(server: Server, batches: readonly Buffer[]) {
    this.#server = server;
    this.#batches = batches;
    server.on('connection', (socket) => {
      socket.setNoDelay(true);
      // A client closing while a write is under way resets the connection; that ends the run, no more.
      socket.on('error', () => {});
      this.#client = socket;
      const waiting = this.#waiting;
      this.#waiting = undefined;
      waiting?.(socket);
    });
  }

  /** Listens on 127.0.0.1 at a free port; batch i is the lines of `batches[i]`, one per `\n`. */
  static async start(batches: readonly (readonly string[])[]): Promise<LineServer> {
    const encoded = batches.map((lines) => Buffer.from(`${lines.join('\n')}\n`));
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    return new LineServer(server, encoded);
  }

  get port(): number {
    const address = this.#server.address();
    if (address === null || typeof address === 'string') throw new Error('line server: not listening');
    return address.port;
  }

  /** Resolves with the next connection accepted (call before the client connects). */
  nextConnection(): Promise<Socket> {
    return new Promise((resolve) => {
      this.#waiting = resolve;
    });
  }

  /** Writes the lines of batch `i` to the client connected last. */
  send(i: number): void {
    if (this.#client === undefined) throw new Error('line server: no client connected');
    this.#client.write(this.#batches[i]);
  }

  /** Bytes of every batch, as sent. */
  get bytes(): number {
    return this.#batches.reduce((n, b) => n + b.length, 0);
  }

  async close(): Promise<void> {
    this.#client?.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
