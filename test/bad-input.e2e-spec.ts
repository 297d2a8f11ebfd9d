import fc from 'fast-check';
import { ADMIN_KEY, Fixtures, TestLedger, bearer, testBackends, unique, useLedger } from './support/ledger';

type World = Awaited<ReturnType<Fixtures['world']>>;

/**
 * Bad input of every kind is a 4xx that names the problem, never a 5xx, and changes nothing stored.
 * The fixed cases are the ones a review found answering 500; the fuzzed ones are random JSON.
 */
describe.each(testBackends())('bad input on %s', (backend) => {
  let ledger: TestLedger;
  let fx: Fixtures;
  let w: World;
  useLedger(backend, (l, f) => {
    ledger = l;
    fx = f;
  });
  beforeAll(async () => {
    w = await fx.world(unique('bad'));
  });

  const head = async () =>
    Number((await ledger.http.get('/health').expect(200)).body.info.database.ledgerPosition);
  const raw = (method: 'post' | 'get' | 'delete', path: string, body?: string, type = 'application/json') => {
    const req = ledger.http[method](path).set(bearer(ADMIN_KEY));
    return body === undefined ? req : req.set('content-type', type).send(body);
  };
  const eventsPath = () => `/v1/partnerships/${w.partnershipId}/events`;

  it.each([
    ['a NUL in a partnership id in the path', 'get', '/v1/partnerships/a%00b', undefined, 400],
    [
      'a NUL in the events path',
      'post',
      '/v1/partnerships/a%00b/events',
      '{"type":"customer.churned","occurredAt":"2026-01-01T00:00:00Z","data":{"customerId":"c"}}',
      400,
    ],
    ['a NUL in an organization id in the path', 'get', '/v1/organizations/a%00b', undefined, 400],
    ['a NUL in an API key id in the path', 'delete', '/v1/api-keys/a%00b', undefined, 400],
    ['an id no partnership can have', 'get', '/v1/partnerships/%20', undefined, 404],
    ['a NUL in an organization name', 'post', '/v1/organizations', '{"name":"a\\u0000b"}', 400],
    [
      'a NUL in partnerOrgIds',
      'post',
      '/v1/partnerships',
      '{"name":"x","type":"reseller","partnerOrgIds":["a\\u0000b","contoso"],"currency":"EUR"}',
      400,
    ],
    [
      'an objective with a NUL',
      'post',
      '/v1/partnerships',
      '{"name":"x","type":"reseller","partnerOrgIds":["aa","bb"],"currency":"EUR",' +
        '"objectives":["a\\u0000b"]}',
      400,
    ],
    [
      'an objective of 1e400 (Infinity once parsed)',
      'post',
      '/v1/partnerships',
      '{"name":"x","type":"reseller","partnerOrgIds":["aa","bb"],"currency":"EUR","objectives":[1e400]}',
      400,
    ],
    [
      'objectives nested 5000 levels deep',
      'post',
      '/v1/partnerships',
      `{"name":"x","type":"reseller","partnerOrgIds":["aa","bb"],"currency":"EUR",` +
        `"objectives":${'['.repeat(5000)}${']'.repeat(5000)}}`,
      400,
    ],
    [
      'a startedAt in year 0',
      'post',
      '/v1/partnerships',
      '{"name":"x","type":"reseller","partnerOrgIds":["aa","bb"],"currency":"EUR",' +
        '"startedAt":"0001-01-01T00:30:00+01:00"}',
      400,
    ],
    ['a text/plain body', 'post', '/v1/organizations', 'name=x', 415],
    ['a path that is not valid percent-encoding', 'get', '/v1/partnerships/%ZZ/events', undefined, 400],
    [
      'a write to a path that is not valid percent-encoding',
      'post',
      '/v1/partnerships/%ZZ/events',
      '{"type":"customer.churned","occurredAt":"2026-01-01T00:00:00Z","data":{"customerId":"c"}}',
      400,
    ],
    ['a partnership id of 300 characters', 'get', `/v1/partnerships/${'x'.repeat(300)}`, undefined, 404],
  ] as const)('%s (%s %s)', async (_what, method, path, body, status) => {
    const before = await head();
    const res = await raw(method, path, body, body === 'name=x' ? 'text/plain' : undefined);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await head()).toBe(before);
  });

  it.each([
    [
      'an occurredAt in year 0',
      '{"type":"customer.churned","occurredAt":"0000-06-01T00:00:00Z","data":{"customerId":"c"}}',
      'occurredAt',
    ],
    [
      'data nested 200 000 levels deep',
      `{"type":"customer.churned","occurredAt":"2026-01-01T00:00:00Z",` +
        `"data":{"x":${'['.repeat(200_000)}${']'.repeat(200_000)}}}`,
      undefined,
    ],
    ['events that are null', '{"events":null}', 'events'],
    ['events that are an object', '{"events":{"0":{}}}', 'events'],
  ])('an append with %s → 400', async (_what, body, path) => {
    const before = await head();
    const res = await raw('post', eventsPath(), body).expect(400);
    if (path) expect(res.body.errors[0].path).toBe(path);
    if (path === 'events') expect(res.body.errors[0].message).toBe('must be an array of 1 to 1000 events');
    expect(await head()).toBe(before);
  });

  it.each(['fromVersion=1e300', 'fromVersion=9223372036854775807', 'limit=1e300'])(
    'reading with %s → 400',
    async (query) => {
      const res = await raw('get', `${eventsPath()}?${query}`).expect(400);
      expect(res.body.errors[0].path).toBe(query.split('=')[0]);
      await raw('get', `/v1/events?${query.replace('fromVersion', 'fromPosition')}`).expect(400);
    },
  );

  it("answers a path parameter beyond the router's 1000 characters with a 414 problem document", async () => {
    const res = await raw('get', `/v1/partnerships/${'x'.repeat(1001)}/kpis`);
    expect(res.status).toBe(414);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await raw('get', `/v1/partnerships/${'x'.repeat(1000)}/kpis`)).status).toBe(404);
  });

  it('refuses query keys named like object members instead of ignoring them', async () => {
    const res = await raw('get', `${eventsPath()}?constructor=1`).expect(400);
    expect(res.body.errors[0].path).toBe('constructor');
  });

  it(
    'answers a taken partnershipId like a reserved one, ' + 'revealing nothing about the partnership',
    async () => {
      const other = await fx.world(unique('taken'));
      const form = (partnershipId: string) =>
        ledger.http
          .post('/v1/partnerships')
          .set(bearer(other.keys.a))
          .send({
            partnershipId,
            name: 'copy',
            type: 'reseller',
            partnerOrgIds: [other.orgs.a, other.orgs.b],
            currency: 'EUR',
          })
          .expect(409);
      const taken = (await form(w.partnershipId)).body;
      const reserved = (await form('program')).body;
      expect(taken).toMatchObject({ code: 'partnership_id_unavailable' });
      expect(taken).not.toHaveProperty('currentVersion');
      // Nothing tells the two apart but the id itself.
      expect(JSON.stringify(taken).replaceAll(w.partnershipId, 'ID')).toBe(
        JSON.stringify(reserved).replaceAll('program', 'ID'),
      );
      // A member is answered the same way.
      const again = await ledger.http
        .post('/v1/partnerships')
        .set(bearer(w.keys.a))
        .send({
          partnershipId: w.partnershipId,
          name: 'copy',
          type: 'reseller',
          partnerOrgIds: [w.orgs.a, w.orgs.b],
          currency: 'EUR',
        })
        .expect(409);
      expect(again.body.code).toBe('partnership_id_unavailable');
    },
  );

  it(
    'never answers random JSON on a write route with a 5xx, ' +
      'and never stores anything from a refused one',
    async () => {
      const routes = ['/v1/organizations', '/v1/api-keys', '/v1/partnerships', () => eventsPath()];
      const body = fc.oneof(
        fc.jsonValue({ maxDepth: 4 }),
        fc.record(
          { type: fc.string(), occurredAt: fc.string(), data: fc.jsonValue({ maxDepth: 3 }) },
          { requiredKeys: [] },
        ),
        fc.record(
          {
            events: fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 5 }),
            expectedVersion: fc.jsonValue({ maxDepth: 1 }),
          },
          { requiredKeys: [] },
        ),
      );
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...routes), body, async (route, payload) => {
          const path = typeof route === 'function' ? route() : route;
          const before = await head();
          const res = await ledger.http
            .post(path)
            .set(bearer(ADMIN_KEY))
            .set('content-type', 'application/json')
            .send(JSON.stringify(payload));
          expect(res.status).toBeLessThan(500);
          if (res.status >= 400) expect(await head()).toBe(before);
        }),
        { numRuns: 150 },
      );
    },
    120_000,
  );
});
