import { readFileSync } from 'node:fs';
import { TestDatabase, createTestDatabase } from '../libs/event-store/src/testing/databases';
import { TEST_SIGNING_KEY, testBackends } from '../test/support/ledger';
import { START_TIMEOUT_MS, Running, envWithout, startService, stopService } from '../test/support/process';
import { RawAnswer, RawExchange, rawRequest, uploadHead } from '../test/support/raw-http';
import { record } from './support/figures';

/**
 * 200 clients without a key, each declaring a 4 MiB upload, sending 1 MiB of it and stalling. Before
 * keys were checked on arrival, the API read every body before refusing it and grew from 366 to 950 MiB.
 * Now each is answered 401 as soon as its headers are in, and the memory of the API process (`npm start`,
 * its RSS from /proc) stays bounded. Real: the service, its database, 200 sockets over loopback.
 *
 * The bound: the clients send 200 MiB of body between them; a server that keeps bodies until it checks
 * the key holds all of it. One that refuses at once holds only the connections and the read buffers of
 * bytes it discards, a few tens of MiB at the peak. 100 MiB (half of what was sent) tells the two apart.
 */
const KEY = 'stalled-uploads-admin-key-0123456789abcdef';
const SOCKETS = 200;
const DECLARED = 4 * 1024 * 1024;
const SENT = Buffer.alloc(1024 * 1024, 'a');
const BOUND_MIB = 100;

describe.each(testBackends())('200 unauthenticated stalled uploads on %s', (backend) => {
  let db: TestDatabase;
  let running: Running;
  let url: string;

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    const env = { ...envWithout('DATABASE_URL'), DATABASE_URL: db.connectionString, LEDGER_ADMIN_KEY: KEY };
    running = await startService({ ...env, LEDGER_SIGNING_KEY: TEST_SIGNING_KEY, LOG_LEVEL: 'warn' });
    url = running.url.replace('localhost', '127.0.0.1');
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    if (running) await stopService(running);
    await db?.drop();
  }, 60_000);

  it('answers each 401 before its body; the API process stays within 100 MiB of where it was', async () => {
    const rss = () => rssMiB(running.child.pid!);
    for (let i = 0; i < 50; i += 1) await fetch(`${url}/health`);
    await new Promise((r) => setTimeout(r, 1_000));
    const before = rss();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rss())), 50);
    const uploads: RawExchange[] = Array.from({ length: SOCKETS }, () =>
      rawRequest(url, [uploadHead('/v1/partnerships/p/events', DECLARED), SENT], 15_000),
    );
    const answers = await Promise.allSettled(uploads.map((u) => u.answer));
    await new Promise((r) => setTimeout(r, 3_000)); // all still connected, their uploads unfinished
    const during = rss();
    for (const u of uploads) u.socket.destroy();
    await new Promise((r) => setTimeout(r, 2_000));
    clearInterval(sampler);
    const after = rss();

    const answered = answers.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
    const isProblem = (a: RawAnswer) => /^application\/problem\+json/.test(a.headers['content-type']);
    const unauthorized = answered.filter((a) => a.status === 401 && isProblem(a));
    const slowestMs = Math.max(0, ...answered.map((a) => a.ms));
    const growth = peak - before;
    const numbers = { before, peak, during, after, growth, slowestMs, unauthorized: unauthorized.length };
    process.stdout.write(`[stalled-uploads] ${JSON.stringify(numbers)}\n`);
    expect(unauthorized).toHaveLength(SOCKETS);
    expect(peak - before).toBeLessThan(BOUND_MIB);
    expect((await fetch(`${url}/health`)).status).toBe(200);
    record(`stalled-uploads-${backend}`, {
      summary:
        `${SOCKETS} keyless uploads declaring 4 MiB, each sending 1 MiB and stalling: ` +
        `all ${SOCKETS} answered 401 before their body (slowest ${slowestMs} ms); ` +
        `API RSS ${before} MiB before, peak ${peak}, ` +
        `${during} while they stalled, ${after} after (bound: +${BOUND_MIB} MiB)`,
      numbers,
    });
  }, 120_000);
});

function rssMiB(pid: number): number {
  const kib = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return Math.round(kib / 1024);
}
