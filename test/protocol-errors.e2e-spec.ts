import { Server } from 'node:http';
import { ADMIN_KEY, TestLedger, startLedger, testBackends } from './support/ledger';
import { RawAnswer, rawRequest, uploadHead } from './support/raw-http';

/**
 * What Node's HTTP parser refuses before Fastify sees a request, and the header and request timeouts,
 * are answered like every other error: a problem document with the status that fits. Real: the app
 * listening on a port, raw sockets sending what no HTTP client would. The timeouts are shortened on
 * this server (1 s for headers, 2 s for all of a request) so that the test does not wait 10 and 30 s.
 */
const get = (path: string, ...headers: string[]) =>
  bytes([`GET ${path} HTTP/1.1`, 'Host: x', ...headers, '', ''].join('\r\n'));
/** An upload head with one more header line, and then `rest`. */
const post = (header: string, rest: string) =>
  bytes(`${uploadHead('/v1/organizations', 2).slice(0, -2)}${header}\r\n\r\n${rest}`);

const ORGS = '/v1/organizations';
const CASES: [string, Buffer, number, string | undefined][] = [
  ['a path with raw non-ASCII bytes', get('/v1/partnerships/caf\xc3\xa9'), 400, '/v1/partnerships/caf%C3%A9'],
  ['a NUL in a header value', get('/health', 'X-Note: a\x00b'), 400, '/health'],
  ['a NUL in a header name', get('/health', 'X\x00Note: ab'), 400, '/health'],
  ['Transfer-Encoding and Content-Length', post('Transfer-Encoding: chunked', '0\r\n\r\n'), 400, ORGS],
  ['Content-Length twice', post('Content-Length: 3', '{}'), 400, ORGS],
  ['headers over 16 KiB', get('/health', `X-Big: ${'a'.repeat(17 * 1024)}`), 431, '/health'],
  ['a request line that is not HTTP', bytes('HELLO\r\n\r\n'), 400, undefined],
  // Refused by Fastify's router rather than Node's parser: answered so before, kept here with the others.
  ['a path that is not valid percent-encoding', get('/v1/partnerships/%ZZ'), 400, '/v1/partnerships/%ZZ'],
];

describe.each(testBackends())('protocol errors on %s', (backend) => {
  let ledger: TestLedger;
  let url: string;

  beforeAll(async () => {
    ledger = await startLedger(backend);
    await ledger.app.listen(0, '127.0.0.1');
    url = (await ledger.app.getUrl()).replace('[::1]', '127.0.0.1');
    const server = ledger.app.getHttpServer() as Server;
    server.headersTimeout = 1_000;
    server.requestTimeout = 2_000;
  }, 120_000);
  afterAll(() => ledger?.close(), 60_000);

  /** The answer on a connection of its own, which is closed whatever happens (else the app cannot close). */
  const answerTo = async (chunks: (string | Buffer)[], timeoutMs = 5_000) => {
    const exchange = rawRequest(url, chunks, timeoutMs);
    try {
      return await exchange.answer;
    } finally {
      exchange.socket.destroy();
    }
  };

  it.each(CASES)('answers %s with a problem document (%#)', async (_what, request, status, instance) => {
    const answer = await answerTo([request]);
    expectProblem(answer, status);
    expect(answer.body.instance).toBe(instance);
  });

  it('answers headers that do not arrive in time with 408', async () => {
    const answer = await answerTo(['GET /health HTTP/1.1\r\nHost: x\r\n']);
    expectProblem(answer, 408);
    expect(answer.body.detail).toMatch(/headers are due within 1 s/);
  });

  it('answers a body that does not arrive in time with 408, from a client with a key', async () => {
    const head = uploadHead('/v1/organizations', 1000, [`Authorization: Bearer ${ADMIN_KEY}`]);
    const answer = await answerTo([head, '{"name":'], 6_000);
    expectProblem(answer, 408);
    expect(answer.body.instance).toBe('/v1/organizations');
    // The server keeps serving.
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });
});

function expectProblem(answer: RawAnswer, status: number): void {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(answer.body).toEqual(
    expect.objectContaining({
      type: expect.stringMatching(/^https:\/\//),
      title: expect.any(String),
      status,
      detail: expect.any(String),
    }),
  );
  expect((answer.body.detail as string).length).toBeGreaterThan(10);
}

function bytes(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}
