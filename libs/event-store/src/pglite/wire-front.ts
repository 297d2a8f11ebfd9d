import { Server, Socket, createServer } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

/**
 * A PostgreSQL wire-protocol front for PGlite on a loopback port, so that `pg` and TypeORM talk to the
 * embedded database exactly as to a server.
 *
 * Why not pglite-socket's server: it schedules single protocol messages, so two connections' extended-
 * query batches (Parse/Bind/Execute/Sync) interleave in PGlite's one session and clobber each other's
 * unnamed statement (electric-sql/pglite#1046). Here the unit of scheduling is a whole batch.
 *
 * Guarantees:
 * - messages of one connection up to and including Sync or Query run with no other connection's
 *   message in between;
 * - while a connection holds a transaction open (or is mid-way through an extended-query sequence),
 *   only that connection runs; the others queue, in order;
 * - a connection that goes away inside a transaction has it rolled back, and the queue moves on;
 * - a failing unit closes its own connection and never stalls the others.
 */
export class PgliteWireFront {
  private readonly queue: Unit[] = [];
  private readonly sockets = new Set<Socket>();
  private owner: Connection | null = null;
  private pumping = false;
  private server: Server | null = null;

  constructor(private readonly db: PGlite) {}

  async listen(host = '127.0.0.1'): Promise<number> {
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, host, () => resolve());
    });
    return (server.address() as { port: number }).port;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(socket: Socket): void {
    socket.setNoDelay(true);
    this.sockets.add(socket);
    const connection = new Connection(socket, (unit) => this.enqueue(unit));
    socket.on('close', () => {
      this.sockets.delete(socket);
      connection.closed = true;
      if (this.owner === connection) this.enqueue({ connection, messages: [], rollback: true });
    });
    socket.on('error', () => socket.destroy());
  }

  private enqueue(unit: Unit): void {
    this.queue.push(unit);
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (let unit = this.next(); unit; unit = this.next()) await this.run(unit);
    } finally {
      this.pumping = false;
    }
  }

  private next(): Unit | undefined {
    const index = this.owner ? this.queue.findIndex((u) => u.connection === this.owner) : 0;
    return index >= 0 ? this.queue.splice(index, 1)[0] : undefined;
  }

  private async run(unit: Unit): Promise<void> {
    const { connection } = unit;
    try {
      if (unit.rollback) {
        if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
      } else {
        for (const message of unit.messages) {
          await this.db.execProtocolRawStream(message, { onRawData: (data) => connection.write(data) });
        }
      }
    } catch {
      connection.socket.destroy();
      if (this.db.isInTransaction()) await this.db.exec('ROLLBACK').catch(() => undefined);
    }
    const midSequence = !unit.rollback && !unit.complete;
    const keep = !connection.closed && (this.db.isInTransaction() || midSequence);
    this.owner = keep ? connection : null;
    if (connection.closed && this.db.isInTransaction()) await this.db.exec('ROLLBACK').catch(() => undefined);
  }
}

interface Unit {
  readonly connection: Connection;
  readonly messages: Uint8Array[];
  readonly rollback?: boolean;
  /** Ends with Sync or Query: the backend is ready for the next query afterwards. */
  readonly complete?: boolean;
}

const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;
const ENDS_BATCH = new Set(['S', 'Q']);

/** Upper bound of one protocol message: larger (or negative) lengths are garbage, not PostgreSQL. */
const MAX_MESSAGE = 256 * 1024 * 1024;

/** Splits one client's byte stream into protocol messages and groups them into batches. */
class Connection {
  closed = false;
  private chunks: Buffer[] = [];
  private pendingBytes = 0;
  private buffer = Buffer.alloc(0);
  private started = false;
  private pending: Uint8Array[] = [];

  constructor(
    readonly socket: Socket,
    private readonly submit: (unit: Unit) => void,
  ) {
    socket.on('data', (chunk) => this.receive(chunk));
  }

  write(data: Uint8Array): void {
    if (!this.closed && data.length > 0) this.socket.write(Buffer.from(data));
  }

  private receive(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.pendingBytes += chunk.length;
    try {
      for (let message = this.take(); message; message = this.take()) this.handle(message);
    } catch {
      this.socket.destroy();
    }
  }

  /** The next whole message, or undefined until it has arrived. Garbage lengths throw (and close). */
  private take(): { type: string; bytes: Buffer } | undefined {
    const header = this.started ? 5 : 8;
    if (!this.ensure(header)) return undefined;
    const length = this.started ? 1 + this.buffer.readInt32BE(1) : this.buffer.readInt32BE(0);
    if (length < header || length > MAX_MESSAGE) throw new Error(`malformed message length ${length}`);
    if (!this.ensure(length)) return undefined;
    const bytes = this.buffer.subarray(0, length);
    this.buffer = this.buffer.subarray(length);
    return { type: this.started ? String.fromCharCode(bytes[0]) : 'startup', bytes };
  }

  /** True when `n` bytes are there; joins pending chunks only then, so a large message is copied once. */
  private ensure(n: number): boolean {
    if (this.buffer.length >= n) return true;
    if (this.buffer.length + this.pendingBytes < n) return false;
    this.buffer = Buffer.concat([this.buffer, ...this.chunks]);
    this.chunks = [];
    this.pendingBytes = 0;
    return true;
  }

  private handle({ type, bytes }: { type: string; bytes: Buffer }): void {
    if (type === 'startup') return this.startup(bytes);
    if (type === 'X') {
      this.socket.end();
      return;
    }
    this.pending.push(new Uint8Array(bytes));
    const complete = ENDS_BATCH.has(type);
    if (complete || type === 'H') {
      this.submit({ connection: this, messages: this.pending, complete });
      this.pending = [];
    }
  }

  private startup(bytes: Buffer): void {
    const code = bytes.readInt32BE(4);
    if (code === SSL_REQUEST || code === GSS_REQUEST) {
      this.socket.write('N');
      return;
    }
    if (code === CANCEL_REQUEST || code !== PROTOCOL_3) {
      this.socket.destroy();
      return;
    }
    this.started = true;
    this.submit({ connection: this, messages: [new Uint8Array(bytes)], complete: true });
  }
}
