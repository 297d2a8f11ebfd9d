import { randomUUID } from 'node:crypto';
import { ADMIN_KEY, TestLedger, bearer, startLedger, testBackends } from './support/ledger';
import { rawRequest, uploadHead } from './support/raw-http';

/**
 * Uploads from clients without a working key, and uploads that stall. Real: the app on a real database,
 * listening on a port; raw sockets that declare a body, send part of it and stop. Faked: nothing.
 * (reliability/stalled-uploads measures the memory this saves, on the process `npm start` runs.)
 */
const FOUR_MIB = 4 * 1024 * 1024;
const PART = Buffer.alloc(64 * 1024, 'a');

type Operation = { method: string; path: string };

describe.each(testBackends())('uploads on %s', (backend) => {
  let ledger: TestLedger;
  let url: string;
  let keyed: Operation[];

  beforeAll(async () => {
    ledger = await startLedger(backend, { LEDGER_MAX_BODY_READS: '2' });
    await ledger.app.listen(0, '127.0.0.1');
    url = (await ledger.app.getUrl()).replace('[::1]', '127.0.0.1');
    keyed = keyedOperations((await ledger.http.get('/docs-json').expect(200)).body);
  }, 120_000);
  afterAll(() => ledger?.close(), 60_000);

  it('answers every keyed operation 401 once its headers are in, not waiting for a 4 MiB body', async () => {
    expect(keyed.length).toBeGreaterThan(20);
    const unknownKey = `Authorization: Bearer plk_${randomUUID()}`;
    const credentials = [[], [unknownKey], [`Authorization: Basic ${ADMIN_KEY}`]];
    const exchanges = keyed.flatMap(({ method, path }) =>
      credentials.map((extra) => {
        const head = uploadHead(path, FOUR_MIB, extra).replace(/^POST /, `${method} `);
        const what = `${method} ${path} ${extra.join('')}`;
        return { what, exchange: rawRequest(url, [head, PART], 5_000) };
      }),
    );
    try {
      for (const { what, exchange } of exchanges) {
        const answer = await exchange.answer;
        expect({ what, status: answer.status, type: answer.headers['content-type'] }).toEqual({
          what,
          status: 401,
          type: expect.stringMatching(/^application\/problem\+json/),
        });
        expect(answer.headers['www-authenticate']).toBe('Bearer');
        expect(answer.body).toMatchObject({ status: 401, title: 'Unauthorized', detail: expect.any(String) });
      }
    } finally {
      for (const { exchange } of exchanges) exchange.socket.destroy();
    }
  });

  it(
    'refuses a body past LEDGER_MAX_BODY_READS (2): ' + '503 + Retry-After, then takes bodies again',
    async () => {
      const head = uploadHead('/v1/organizations', 1000, [`Authorization: Bearer ${ADMIN_KEY}`]);
      const stalled = [0, 1].map(() => rawRequest(url, [head, '{"name":"']));
      for (const s of stalled) void s.answer.catch(() => undefined); // they are closed without an answer
      const keyless = [0, 1, 2, 3, 4].map(() =>
        rawRequest(url, [uploadHead('/v1/organizations', 1000), '{']),
      );
      try {
        // Requests without a key never take a slot: they are answered before their body is read.
        for (const k of keyless) expect((await k.answer).status).toBe(401);
        const refused = await eventually(async () => {
          const res = await createOrg();
          return res.status === 503 ? res : undefined;
        });
        expect(refused.headers.get('retry-after')).toBe('1');
        expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        const type = expect.stringMatching(/\/server-busy$/);
        expect(await refused.json()).toMatchObject({ type, title: 'Server busy', status: 503 });
        // Requests without a body are not held back.
        const list = await fetch(`${url}/v1/organizations`, { headers: bearer(ADMIN_KEY) });
        expect(list.status).toBe(200);
        stalled[0].socket.destroy();
        const accepted = await eventually(async () => {
          const res = await createOrg();
          return res.status === 201 ? res : undefined;
        });
        expect(accepted.status).toBe(201);
      } finally {
        for (const s of [...stalled, ...keyless]) s.socket.destroy();
      }
    },
  );

  it(
    'lets a body wait for a slot a moment: ' + 'one freed within a second serves it instead of a 503',
    async () => {
      const head = uploadHead('/v1/organizations', 1000, [`Authorization: Bearer ${ADMIN_KEY}`]);
      const stalled = [0, 1].map(() => rawRequest(url, [head, '{"name":"']));
      for (const s of stalled) void s.answer.catch(() => undefined);
      try {
        await new Promise((r) => setTimeout(r, 200)); // both slots are held
        const waiting = createOrg();
        await new Promise((r) => setTimeout(r, 300));
        stalled[0].socket.destroy();
        expect((await waiting).status).toBe(201);
      } finally {
        for (const s of stalled) s.socket.destroy();
      }
    },
  );

  const createOrg = () =>
    fetch(`${url}/v1/organizations`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `uploads ${randomUUID()}` }),
    });
});

/** Every operation of the OpenAPI document that needs a key, with a placeholder for each path parameter. */
type Doc = { paths: Record<string, Record<string, { security?: unknown[] }>> };
function keyedOperations(doc: Doc): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.entries(operations)
      .filter(([, op]) => !(Array.isArray(op.security) && op.security.length === 0))
      .map(([method]) => ({ method: method.toUpperCase(), path: path.replace(/\{[^}]+\}/g, 'x') })),
  );
}

/** Polls `probe` until it gives a value (the server takes a moment to start reading a body), for 5 s. */
async function eventually<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 50; i += 1) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('not within 5 s');
}
