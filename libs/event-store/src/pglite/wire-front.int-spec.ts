import { connect } from 'node:net';
import { Client } from 'pg';
import { startEmbeddedPostgres, EmbeddedPostgres } from './embedded';
import { DATABASE_TIMEOUT_MS } from '../testing/databases';

/** The PGlite wire front against hostile bytes and concurrent clients. Real: PGlite, TCP, `pg`. */
describe('PGlite wire front', () => {
  let db: EmbeddedPostgres;
  let port: number;

  beforeAll(async () => {
    db = await startEmbeddedPostgres();
    port = Number(new URL(db.connectionString).port);
  }, DATABASE_TIMEOUT_MS);
  afterAll(() => db?.stop(), DATABASE_TIMEOUT_MS);

  const query = async (sql: string, params: unknown[] = []) => {
    const client = new Client({ connectionString: db.connectionString });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows;
    } finally {
      await client.end();
    }
  };

  /** Sends raw bytes and waits for the server to close the socket (or for a short while). */
  const sendRaw = (bytes: Buffer) =>
    new Promise<void>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
      socket.on('error', () => resolve());
      socket.on('close', () => resolve());
      setTimeout(() => {
        socket.destroy();
        resolve();
      }, 300);
    });

  it('closes connections that send garbage lengths, and keeps serving everyone else', async () => {
    await sendRaw(Buffer.from([0, 0, 0, 4, 0, 0, 0, 0])); // a startup packet shorter than its header
    await sendRaw(Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0])); // a negative length
    const startup = Buffer.alloc(8);
    startup.writeInt32BE(8, 0);
    startup.writeInt32BE(80877103, 4); // SSLRequest, answered 'N', then a message with length -1
    await sendRaw(Buffer.concat([startup, Buffer.from([0x51, 0xff, 0xff, 0xff, 0xff])]));
    expect(await query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('keeps extended-protocol batches of concurrent connections apart', async () => {
    const clients = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const c = new Client({ connectionString: db.connectionString });
        await c.connect();
        return c;
      }),
    );
    const answers = await Promise.all(
      Array.from({ length: 400 }, (_, i) =>
        clients[i % clients.length].query('SELECT $1::int + $2::int AS sum, $3::text AS tag', [
          i,
          1,
          `q${i}`,
        ]),
      ),
    );
    expect(answers.map((a) => a.rows[0])).toEqual(
      Array.from({ length: 400 }, (_, i) => ({ sum: i + 1, tag: `q${i}` })),
    );
    await Promise.all(clients.map((c) => c.end()));
  });

  it(
    'rolls back the transaction of a connection ' + 'that goes away inside it, and lets the others on',
    async () => {
      await query('CREATE TABLE IF NOT EXISTS wf (v int)');
      const quitter = new Client({ connectionString: db.connectionString });
      await quitter.connect();
      quitter.on('error', () => undefined);
      await quitter.query('BEGIN');
      await quitter.query('INSERT INTO wf VALUES (1)');
      const waiting = query('SELECT count(*)::int AS n FROM wf');
      (quitter as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
      expect(await waiting).toEqual([{ n: 0 }]);
    },
  );
});
