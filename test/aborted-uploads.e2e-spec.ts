import { TestDatabase, createTestDatabase } from '../libs/event-store/src/testing/databases';
import { TEST_SIGNING_KEY, testBackends } from './support/ledger';
import { START_TIMEOUT_MS, Running, envWithout, startService, stopService } from './support/process';
import { rawRequest, uploadHead } from './support/raw-http';

/**
 * A client that goes away in the middle of its upload is the client's doing: one line at debug, not an
 * error (it used to be logged at error as "the database is unavailable", its ECONNRESET mistaken for
 * the database's). Real: the service as `npm start` runs it, on a database served from this process.
 */
const KEY = 'aborted-uploads-admin-key-0123456789abcdef';

describe.each(testBackends())('an upload aborted by its client on %s', (backend) => {
  let db: TestDatabase;
  let running: Running;

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    const env = { ...envWithout('DATABASE_URL'), DATABASE_URL: db.connectionString, LEDGER_ADMIN_KEY: KEY };
    running = await startService({ ...env, LEDGER_SIGNING_KEY: TEST_SIGNING_KEY, LOG_LEVEL: 'debug' });
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    if (running) await stopService(running);
    await db?.drop();
  }, 60_000);

  it('is logged at debug, and nothing is logged at error', async () => {
    const url = running.url.replace('localhost', '127.0.0.1');
    const from = running.output().length;
    const head = uploadHead('/v1/organizations', 100_000, [`Authorization: Bearer ${KEY}`]);
    const upload = rawRequest(url, [head, '{"name":"']);
    upload.answer.catch(() => undefined);
    await new Promise((r) => setTimeout(r, 500)); // the server is reading the body
    upload.socket.destroy();
    const lines = await linesUntil(running, from, (l) => l.msg === 'request aborted by the client');
    expect(lines.find((l) => l.msg === 'request aborted by the client')).toMatchObject({
      level: 20,
      method: 'POST',
      url: '/v1/organizations',
    });
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    // The service is unharmed.
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });
});

type Line = { level: number; msg?: string } & Record<string, unknown>;

/** The JSON log lines written after `from`, once one of them satisfies `done` (within 5 s). */
async function linesUntil(running: Running, from: number, done: (line: Line) => boolean): Promise<Line[]> {
  for (let i = 0; i < 50; i += 1) {
    const lines = running
      .output()
      .slice(from)
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Line);
    if (lines.some(done)) return lines;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no such log line within 5 s:\n${running.output().slice(from)}`);
}
