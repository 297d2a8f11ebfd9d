import { randomUUID } from 'node:crypto';
import { ADMIN_KEY, TestLedger, startLedger, testBackends } from './support/ledger';
import { rawRequest, uploadHead } from './support/raw-http';

/**
 * Uploads from clients without a working key. Real: the app on a real database,
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
    ledger = await startLedger(backend);
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

