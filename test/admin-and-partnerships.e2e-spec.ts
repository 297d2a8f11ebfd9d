import { Client } from 'pg';
import type { Response } from 'supertest';
import { ADMIN_KEY, bearer, Fixtures, testBackends, TestLedger, unique, useLedger } from './support/ledger';

const ORG_ID = /^[a-z0-9][a-z0-9-]{1,63}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A 400 problem document whose `errors` name the field (and maybe others). */
function expectInvalid(res: Response, path: string): void {
  expectProblem(res, 400);
  expect(res.body.errors).toEqual(expect.arrayContaining([{ path, message: expect.any(String) }]));
}

function expectProblem(res: Response, status: number): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toEqual(
    expect.objectContaining({
      type: expect.any(String),
      title: expect.any(String),
      status,
      detail: expect.any(String),
    }),
  );
}

describe.each(testBackends())('organizations, API keys and partnerships on %s', (backend) => {
  let ledger: TestLedger;
  let fx: Fixtures;
  useLedger(backend, (l, f) => {
    ledger = l;
    fx = f;
  });

  const admin = () => bearer(ADMIN_KEY);
  const createOrg = (body: object) => ledger.http.post('/v1/organizations').set(admin()).send(body);
  const issueKey = (body: object) => ledger.http.post('/v1/api-keys').set(admin()).send(body);
  const form = (key: string, body: object) =>
    ledger.http.post('/v1/partnerships').set(bearer(key)).send(body);
  const ledgerSize = async () =>
    (await ledger.http.get('/v1/events?limit=1000').set(admin()).expect(200)).body.items.length as number;

  /** Two organizations and a partner key for the first. */
  const pair = async (name: string) => {
    const [a, b] = [unique(`${name}-a`), unique(`${name}-b`)];
    await fx.org(a);
    await fx.org(b);
    return { a, b, key: await fx.key('partner', a) };
  };

  describe('organizations', () => {
    it('creates an organization with the given orgId (201 {orgId, name}) and reads it back', async () => {
      const orgId = unique('northwind');
      const res = await createOrg({ orgId, name: 'Northwind Traders' }).expect(201);
      expect(res.body).toEqual({ orgId, name: 'Northwind Traders' });
      const read = await ledger.http.get(`/v1/organizations/${orgId}`).set(admin()).expect(200);
      expect(read.body).toEqual({ orgId, name: 'Northwind Traders' });
      const list = await ledger.http.get('/v1/organizations').set(admin()).expect(200);
      expect(list.body.items).toContainEqual({ orgId, name: 'Northwind Traders' });
    });

    it('generates a valid, distinct orgId when none is given', async () => {
      const names = [
        'Contoso Ltd.',
        'Contoso Ltd.',
        'Ünïcödé & Söhne GmbH',
        '!!!',
        '東京',
        'x'.repeat(200),
        '  -- Leading dashes --  ',
      ];
      const ids: string[] = [];
      for (const name of names) {
        const res = await createOrg({ name }).expect(201);
        expect(res.body).toEqual({ orgId: expect.stringMatching(ORG_ID), name });
        await ledger.http.get(`/v1/organizations/${res.body.orgId}`).set(admin()).expect(200);
        ids.push(res.body.orgId);
      }
      expect(new Set(ids).size).toBe(names.length);
    });

    it('refuses a taken orgId with 409 and keeps the first organization', async () => {
      const orgId = unique('taken');
      await createOrg({ orgId, name: 'First' }).expect(201);
      const res = await createOrg({ orgId, name: 'Second' });
      expectProblem(res, 409);
      expect(res.body.detail).toContain(orgId);
      const read = await ledger.http.get(`/v1/organizations/${orgId}`).set(admin()).expect(200);
      expect(read.body.name).toBe('First');
    });

    it.each([
      ['upper case and underscore', 'Bad_Id'],
      ['a single character', 'a'],
      ['65 characters', 'a'.repeat(65)],
      ['a leading dash', '-abc'],
      ['a space', 'north wind'],
      ['an empty string', ''],
      ['a number', 42],
    ])('refuses an orgId with %s (400, path orgId)', async (_, orgId) => {
      const res = await createOrg({ orgId, name: 'Bad' });
      expectInvalid(res, 'orgId');
    });

    it('accepts an orgId of 2 and of 64 characters', async () => {
      const long = `${unique('long')}-`.padEnd(64, 'x');
      for (const orgId of ['z9', long]) {
        const res = await createOrg({ orgId, name: 'Edge' }).expect(201);
        expect(res.body.orgId).toBe(orgId);
      }
    });

    it.each([
      ['missing', {}],
      ['empty', { name: '' }],
      ['not a string', { name: 7 }],
      ['longer than 200 characters', { name: 'n'.repeat(201) }],
    ])('refuses a name that is %s (400, path name)', async (_, body) => {
      const res = await createOrg({ orgId: unique('noname'), ...body });
      expectInvalid(res, 'name');
    });

    it('refuses unknown fields (400) and creates nothing', async () => {
      const orgId = unique('extra');
      const res = await createOrg({ orgId, name: 'Extra', createdAt: '2020-01-01T00:00:00Z' });
      expectInvalid(res, 'createdAt');
      expectProblem(await ledger.http.get(`/v1/organizations/${orgId}`).set(admin()), 404);
    });

    it('answers concurrent creations of one orgId with one 201 and 409 for the rest', async () => {
      const orgId = unique('race');
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_, i) => createOrg({ orgId, name: `Racer ${i}` })),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    });

    it('answers 404 for an unknown organization', async () => {
      expectProblem(await ledger.http.get(`/v1/organizations/${unique('ghost')}`).set(admin()), 404);
    });
  });

  describe('API keys', () => {
    it('issues a partner key (201 {keyId, key, role, orgId}) that works at once', async () => {
      const orgId = unique('keyed');
      await fx.org(orgId);
      const res = await issueKey({ role: 'partner', orgId }).expect(201);
      expect(res.body).toEqual({
        keyId: expect.any(String),
        key: expect.any(String),
        role: 'partner',
        orgId,
      });
      expect(res.body.key.length).toBeGreaterThanOrEqual(32);
      const own = await ledger.http.get(`/v1/organizations/${orgId}`).set(bearer(res.body.key)).expect(200);
      expect(own.body.orgId).toBe(orgId);
    });

    it.each(['auditor', 'governance', 'admin'])(
      'issues a key for the %s role without an organization, which works at once',
      async (role) => {
        const res = await issueKey({ role }).expect(201);
        expect(res.body).toEqual({ keyId: expect.any(String), key: expect.any(String), role, orgId: null });
        await ledger.http.get('/v1/partnerships').set(bearer(res.body.key)).expect(200);
      },
    );

    it('issues a different key and keyId every time', async () => {
      const first = await issueKey({ role: 'auditor' }).expect(201);
      const second = await issueKey({ role: 'auditor' }).expect(201);
      expect(second.body.key).not.toBe(first.body.key);
      expect(second.body.keyId).not.toBe(first.body.keyId);
    });

    it('requires orgId for a partner key (400, path orgId)', async () => {
      expectInvalid(await issueKey({ role: 'partner' }), 'orgId');
    });

    it('refuses an unknown organization (400, path orgId)', async () => {
      const res = await issueKey({ role: 'partner', orgId: unique('nobody') });
      expectInvalid(res, 'orgId');
    });

    it.each([['superuser'], ['ADMIN'], [''], [undefined]])(
      'refuses the role %p (400, path role)',
      async (role) => {
        const orgId = unique('role');
        await fx.org(orgId);
        expectInvalid(await issueKey({ role, orgId }), 'role');
      },
    );

    it('refuses unknown fields (400)', async () => {
      expectInvalid(await issueKey({ role: 'auditor', keyId: 'mine' }), 'keyId');
    });

    it(
      'stores no key secret: the api_keys table holds ' + 'no trace of it, and the list never shows it',
      async () => {
        const orgId = unique('secret');
        await fx.org(orgId);
        const issued = [
          (await issueKey({ role: 'partner', orgId }).expect(201)).body,
          (await issueKey({ role: 'auditor' }).expect(201)).body,
        ];
        const client = new Client({ connectionString: ledger.db.connectionString });
        await client.connect();
        try {
          const rows = (
            await client.query<{ row: string }>('SELECT t::text AS row FROM api_keys t')
          ).rows.map((r) => r.row);
          for (const { keyId, key } of issued) {
            expect(rows.some((row) => row.includes(keyId))).toBe(true);
            const secret = key.replace(/^[a-z]+_/, '');
            for (const row of rows) {
              expect(row).not.toContain(key);
              expect(row).not.toContain(secret);
            }
          }
        } finally {
          await client.end();
        }
        const list = await ledger.http.get('/v1/api-keys').set(admin()).expect(200);
        for (const { keyId, key } of issued) {
          expect(list.body.items).toContainEqual(expect.objectContaining({ keyId }));
          expect(JSON.stringify(list.body)).not.toContain(key);
        }
      },
    );

    it('revokes a key (204) so it stops working at once, and answers 404 for an unknown keyId', async () => {
      const issued = (await issueKey({ role: 'auditor' }).expect(201)).body;
      await ledger.http.get('/v1/events').set(bearer(issued.key)).expect(200);
      await ledger.http.delete(`/v1/api-keys/${issued.keyId}`).set(admin()).expect(204);
      expectProblem(await ledger.http.get('/v1/events').set(bearer(issued.key)), 401);
      const res = await ledger.http.delete('/v1/api-keys/key_does_not_exist').set(admin());
      expectProblem(res, 404);
      expect(res.body.detail).toContain('key_does_not_exist');
    });
  });

  describe('partnerships', () => {
    const body = (orgs: string[], over: Record<string, unknown> = {}) => ({
      name: 'Northwind x Contoso',
      type: 'reseller',
      partnerOrgIds: orgs,
      currency: 'EUR',
      startedAt: '2025-10-01T00:00:00Z',
      ...over,
    });

    it(
      'forms a partnership (201 {partnershipId, ' + 'version: 1, position}) that reads back as active',
      async () => {
        const { a, b, key } = await pair('form');
        const partnershipId = unique('nw-contoso');
        const res = await form(
          key,
          body([a, b], { partnershipId, type: 'technology', currency: 'USD' }),
        ).expect(201);
        expect(res.body).toEqual({ partnershipId, version: 1, position: expect.any(Number) });
        expect(Number.isInteger(res.body.position) && res.body.position >= 1).toBe(true);
        const read = await ledger.http.get(`/v1/partnerships/${partnershipId}`).set(bearer(key)).expect(200);
        expect(read.body).toEqual({
          partnershipId,
          name: 'Northwind x Contoso',
          type: 'technology',
          partnerOrgIds: [a, b],
          currency: 'USD',
          status: 'active',
          startedAt: '2025-10-01T00:00:00.000Z',
          version: 1,
        });
        const list = await ledger.http.get('/v1/partnerships').set(bearer(key)).expect(200);
        expect(list.body.items).toContainEqual(read.body);
      },
    );

    it('generates a UUID partnershipId when none is given, and defaults startedAt to now', async () => {
      const { a, b, key } = await pair('gen');
      const before = Date.now();
      const res = await form(key, body([a, b], { startedAt: undefined })).expect(201);
      const after = Date.now();
      expect(res.body.partnershipId).toMatch(UUID);
      const read = await ledger.http
        .get(`/v1/partnerships/${res.body.partnershipId}`)
        .set(bearer(key))
        .expect(200);
      expect(read.body.startedAt).toMatch(ISO_MS);
      const startedAt = Date.parse(read.body.startedAt);
      expect(startedAt).toBeGreaterThanOrEqual(before - 1000);
      expect(startedAt).toBeLessThanOrEqual(after + 1000);
    });

    it.each([
      ['2025-10-01T00:00:00Z', '2025-10-01T00:00:00.000Z'],
      ['2025-10-01T02:30:00+02:30', '2025-10-01T00:00:00.000Z'],
      ['2025-09-30T19:00:00.5-05:00', '2025-10-01T00:00:00.500Z'],
    ])('echoes startedAt %s normalized to %s', async (given, normalized) => {
      const { a, b, key } = await pair('norm');
      const res = await form(key, body([a, b], { startedAt: given })).expect(201);
      const read = await ledger.http
        .get(`/v1/partnerships/${res.body.partnershipId}`)
        .set(bearer(key))
        .expect(200);
      expect(read.body.startedAt).toBe(normalized);
    });

    it('accepts every partnership type and between 2 and 10 organizations', async () => {
      const orgs = Array.from({ length: 10 }, () => unique('ten'));
      for (const org of orgs) await fx.org(org);
      const key = await fx.key('partner', orgs[0]);
      for (const type of ['reseller', 'technology', 'referral', 'strategic_alliance']) {
        await form(key, body(orgs.slice(0, 2), { type })).expect(201);
      }
      const ten = await form(key, body(orgs)).expect(201);
      const read = await ledger.http
        .get(`/v1/partnerships/${ten.body.partnershipId}`)
        .set(bearer(key))
        .expect(200);
      expect(read.body.partnerOrgIds).toEqual(orgs);
    });

    it('refuses a taken partnershipId with 409 and leaves the first partnership as it was', async () => {
      const { a, b, key } = await pair('dup');
      const partnershipId = unique('dup-p');
      await form(key, body([a, b], { partnershipId })).expect(201);
      const size = await ledgerSize();
      const res = await form(ADMIN_KEY, body([a, b], { partnershipId, name: 'Impostor' }));
      expectProblem(res, 409);
      const read = await ledger.http.get(`/v1/partnerships/${partnershipId}`).set(bearer(key)).expect(200);
      expect(read.body).toMatchObject({ name: 'Northwind x Contoso', version: 1 });
      expect(await ledgerSize()).toBe(size);
    });

    it('answers concurrent formings of one partnershipId with one 201 and 409 for the rest', async () => {
      const { a, b, key } = await pair('race');
      const partnershipId = unique('race-p');
      const answers = await Promise.all(
        Array.from({ length: 6 }, () => form(key, body([a, b], { partnershipId }))),
      );
      expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
      const events = await ledger.http
        .get(`/v1/partnerships/${partnershipId}/events`)
        .set(bearer(key))
        .expect(200);
      expect(events.body.items).toHaveLength(1);
    });

    it(
      'refuses a partner forming a partnership without ' + 'its own organization (403) and records nothing',
      async () => {
        const { a, b } = await pair('outsider');
        const outsider = unique('outsider-c');
        await fx.org(outsider);
        const key = await fx.key('partner', outsider);
        const partnershipId = unique('not-mine');
        const res = await form(key, body([a, b], { partnershipId }));
        expectProblem(res, 403);
        expectProblem(await ledger.http.get(`/v1/partnerships/${partnershipId}`).set(admin()), 404);
      },
    );

    // The caller is a partner key of `a`, so every refusal here is about the list itself, not about
    // membership.
    it.each([
      ['only its own organization', 'partnerOrgIds', (a: string) => [a]],
      ['no organization', 'partnerOrgIds', () => []],
      ['an organization twice', 'partnerOrgIds', (a: string, b: string) => [a, b, a]],
      ['a string, not an array', 'partnerOrgIds', (a: string) => a],
      [
        'a non-existent organization',
        'partnerOrgIds[2]',
        (a: string, b: string, ghost: string) => [a, b, ghost],
      ],
      [
        'a non-existent organization first',
        'partnerOrgIds[0]',
        (a: string, _b: string, ghost: string) => [ghost, a],
      ],
    ] as [string, string, (a: string, b: string, ghost: string) => unknown][])(
      'refuses partnerOrgIds with %s (400, path %s)',
      async (_, path, orgs) => {
        const { a, b, key } = await pair('orgs');
        const res = await form(key, body([], { partnerOrgIds: orgs(a, b, unique('ghost')) }));
        expectInvalid(res, path);
      },
    );

    it('refuses more than 10 organizations, all of them existing (400, path partnerOrgIds)', async () => {
      const orgs = Array.from({ length: 11 }, () => unique('eleven'));
      for (const org of orgs) await fx.org(org);
      const key = await fx.key('partner', orgs[0]);
      expectInvalid(await form(key, body(orgs)), 'partnerOrgIds');
    });

    it.each([
      ['type', 'franchise'],
      ['type', undefined],
      ['currency', 'EURO'],
      ['currency', 'ABC'],
      ['currency', undefined],
      ['name', undefined],
      ['name', ''],
      ['startedAt', 'yesterday'],
      ['startedAt', '2025-02-30T00:00:00Z'],
      ['partnershipId', 'has spaces'],
    ])('refuses %s = %p (400 naming the field)', async (field, value) => {
      const { a, b, key } = await pair('field');
      expectInvalid(await form(key, body([a, b], { [field]: value })), field);
    });

    it(
      'refuses startedAt more than 5 minutes in the ' + 'future (400) and tolerates a little clock skew',
      async () => {
        const { a, b, key } = await pair('future');
        const far = new Date(Date.now() + 10 * 60_000).toISOString();
        expectInvalid(await form(key, body([a, b], { startedAt: far })), 'startedAt');
        const near = new Date(Date.now() + 60_000).toISOString();
        await form(key, body([a, b], { startedAt: near })).expect(201);
      },
    );

    it('refuses unknown fields (400) and names every bad field at once', async () => {
      const { a, b, key } = await pair('many');
      expectInvalid(await form(key, body([a, b], { version: 7 })), 'version');
      const ghost = unique('ghost');
      const res = await form(
        key,
        body([a, ghost], { currency: 'ABC', startedAt: new Date(Date.now() + 3_600_000).toISOString() }),
      );
      expectProblem(res, 400);
      expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
        'currency',
        'partnerOrgIds[1]',
        'startedAt',
      ]);
    });

    it('records nothing for any refused request', async () => {
      const { a, b, key } = await pair('nothing');
      const size = await ledgerSize();
      await form(key, body([a])).expect(400);
      await form(key, body([a, b], { currency: 'EURO' })).expect(400);
      await form(key, body([a, unique('ghost')])).expect(400);
      await form(key, body([a, b], { startedAt: new Date(Date.now() + 3_600_000).toISOString() })).expect(
        400,
      );
      expect(await ledgerSize()).toBe(size);
    });

    it.each([
      ['a partner key', 'partner'],
      ['the admin key', 'admin'],
    ])('records partnership.formed as the first event, recorded by the caller (%s)', async (_, who) => {
      const { a, b, key } = await pair('first');
      const caller = who === 'partner' ? key : ADMIN_KEY;
      const formed = await form(
        caller,
        body([b, a], { type: 'strategic_alliance', currency: 'CHF', startedAt: '2025-10-01T02:00:00+02:00' }),
      ).expect(201);
      const { partnershipId, position } = formed.body;
      const events = await ledger.http
        .get(`/v1/partnerships/${partnershipId}/events`)
        .set(bearer(key))
        .expect(200);
      expect(events.body.items).toHaveLength(1);
      expect(events.body.items[0]).toEqual({
        eventId: expect.stringMatching(UUID),
        partnershipId,
        type: 'partnership.formed',
        version: 1,
        position,
        occurredAt: '2025-10-01T00:00:00.000Z',
        recordedAt: expect.stringMatching(ISO_MS),
        recordedBy: who === 'partner' ? a : 'admin',
        data: {
          name: 'Northwind x Contoso',
          type: 'strategic_alliance',
          partnerOrgIds: [b, a],
          currency: 'CHF',
          startedAt: '2025-10-01T00:00:00.000Z',
        },
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(events.body.nextVersion).toBe(2);
      const all = await ledger.http
        .get(`/v1/events?fromPosition=${position}&limit=1`)
        .set(admin())
        .expect(200);
      expect(all.body.items).toEqual(events.body.items);
    });
  });
});
