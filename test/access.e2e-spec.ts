import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import {
  ADMIN_KEY,
  bearer,
  Fixtures,
  TestLedger,
  testBackends,
  unique,
  useLedger,
  witnessKey,
} from './support/ledger';

/**
 * Who may call what: every route that exists × every kind of caller, as one table.
 *
 * The world: organizations A, B and C. Partnership P is formed between A and B, partnership Q between B and
 * C.
 * "member" is a partner key of A (a member of P), "non-member" a partner key of C (not a member of P).
 */
type Role = 'admin' | 'member' | 'non-member' | 'auditor' | 'governance';

interface World {
  orgs: { a: string; b: string; c: string };
  keys: Record<Role, string>;
  /** P: A and B. */
  partnershipId: string;
  /** Q: B and C. */
  otherPartnershipId: string;
  /**
   * A key that exists, for the routes that name one; an admin DELETE revokes it, so it is fresh per request.
   */
  freshKeyId(): Promise<string>;
  /** The ledger position of P's first event. */
  firstPosition: number;
  /** Asks for the signed head now (so it is issued) and gives its tree size. */
  issuedHead: () => Promise<number>;
  /** A fresh open proposal of the empty charter on P, proposed with this key: its proposalId. */
  proposal: (key: string) => Promise<string>;
  /** A fresh open action of a review of P (recorded by admin): its actionId. */
  action: () => Promise<string>;
}

/** SHA-256 of the canonical JSON of the empty charter `{}`: what approving the proposals below names. */
const EMPTY_CHARTER_HASH = '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a';

interface Route {
  method: 'get' | 'post' | 'delete';
  path: (w: World) => string | Promise<string>;
  body?: (w: World) => object;
}

const cost = () => ({
  eventId: randomUUID(),
  type: 'cost.incurred',
  occurredAt: '2026-01-10T09:00:00Z',
  data: { amount: '10.00', category: 'mdf' },
});

const ROUTES = {
  'POST /v1/organizations': {
    method: 'post',
    path: () => '/v1/organizations',
    body: () => ({ orgId: unique('org'), name: 'Made in the matrix' }),
  },
  'GET /v1/organizations': { method: 'get', path: () => '/v1/organizations' },
  'GET /v1/organizations/:orgId': { method: 'get', path: (w) => `/v1/organizations/${w.orgs.a}` },
  'POST /v1/api-keys': { method: 'post', path: () => '/v1/api-keys', body: () => ({ role: 'auditor' }) },
  'GET /v1/api-keys': { method: 'get', path: () => '/v1/api-keys' },
  'DELETE /v1/api-keys/:keyId': {
    method: 'delete',
    path: async (w) => `/v1/api-keys/${await w.freshKeyId()}`,
  },
  'POST /v1/partnerships': {
    method: 'post',
    path: () => '/v1/partnerships',
    body: (w) => ({
      name: 'Matrix partnership',
      type: 'referral',
      partnerOrgIds: [w.orgs.a, w.orgs.b],
      currency: 'EUR',
      startedAt: '2025-11-01T00:00:00Z',
    }),
  },
  'GET /v1/partnerships': { method: 'get', path: () => '/v1/partnerships' },
  'GET /v1/partnerships/:id': { method: 'get', path: (w) => `/v1/partnerships/${w.partnershipId}` },
  'POST /v1/partnerships/:id/events': {
    method: 'post',
    path: (w) => `/v1/partnerships/${w.partnershipId}/events`,
    body: cost,
  },
  'GET /v1/partnerships/:id/events': {
    method: 'get',
    path: (w) => `/v1/partnerships/${w.partnershipId}/events`,
  },
  'GET /v1/events': { method: 'get', path: () => '/v1/events' },
  'GET /health': { method: 'get', path: () => '/health' },
  'GET /v1/partnerships/:id/kpis': { method: 'get', path: (w) => `/v1/partnerships/${w.partnershipId}/kpis` },
  'GET /v1/partnerships/:id/kpis/:kpiId/series': {
    method: 'get',
    path: (w) => `/v1/partnerships/${w.partnershipId}/kpis/roi/series`,
  },
  'GET /v1/kpis': { method: 'get', path: () => '/v1/kpis' },
  'GET /v1/kpi-catalogue': { method: 'get', path: () => '/v1/kpi-catalogue' },
  'GET /v1/me': { method: 'get', path: () => '/v1/me' },
  'POST /v1/projections/rebuild': { method: 'post', path: () => '/v1/projections/rebuild' },
  'GET /v1/projections': { method: 'get', path: () => '/v1/projections' },
  'GET /v1/ledger/head': { method: 'get', path: () => '/v1/ledger/head' },
  'GET /v1/ledger/public-key': { method: 'get', path: () => '/v1/ledger/public-key' },
  'GET /v1/ledger/key-rotations': { method: 'get', path: () => '/v1/ledger/key-rotations' },
  // A head the ledger has issued (it signs only its size when asked).
  'GET /v1/ledger/heads/:treeSize': {
    method: 'get',
    path: async (w) => `/v1/ledger/heads/${await w.issuedHead()}`,
  },
  'GET /v1/ledger/proofs/inclusion': {
    method: 'get',
    path: (w) => `/v1/ledger/proofs/inclusion?position=${w.firstPosition}`,
  },
  'GET /v1/ledger/proofs/consistency': { method: 'get', path: () => '/v1/ledger/proofs/consistency?from=1' },
  'POST /v1/ledger/verify': { method: 'post', path: () => '/v1/ledger/verify' },
  'POST /v1/organizations/:orgId/signing-keys': {
    method: 'post',
    path: (w) => `/v1/organizations/${w.orgs.a}/signing-keys`,
    body: (w) => witnessKey(w.orgs.a).registration,
  },
  'GET /v1/organizations/:orgId/signing-keys': {
    method: 'get',
    path: (w) => `/v1/organizations/${w.orgs.a}/signing-keys`,
  },
  'GET /metrics': { method: 'get', path: () => '/metrics' },
  'POST /v1/partnerships/:id/charter/proposals': {
    method: 'post',
    path: (w) => `/v1/partnerships/${w.partnershipId}/charter/proposals`,
    body: () => ({ charter: {} }),
  },
  // Proposed by admin, which counts as no org's approval: the member (A) may approve it once.
  'POST /v1/partnerships/:id/charter/proposals/:proposalId/approvals': {
    method: 'post',
    path: async (w) =>
      `/v1/partnerships/${w.partnershipId}/charter/proposals/${await w.proposal(ADMIN_KEY)}/approvals`,
    body: () => ({ definitionHash: EMPTY_CHARTER_HASH }),
  },
  'POST /v1/partnerships/:id/charter/proposals/:proposalId/rejections': {
    method: 'post',
    path: async (w) =>
      `/v1/partnerships/${w.partnershipId}/charter/proposals/${await w.proposal(ADMIN_KEY)}/rejections`,
    body: () => ({ reason: 'not now' }),
  },
  'POST /v1/partnerships/:id/charter/proposals/:proposalId/withdrawal': {
    method: 'post',
    path: async (w) =>
      `/v1/partnerships/${w.partnershipId}/charter/proposals/${await w.proposal(w.keys.member)}/withdrawal`,
  },
  'GET /v1/partnerships/:id/charter/proposals': {
    method: 'get',
    path: (w) => `/v1/partnerships/${w.partnershipId}/charter/proposals`,
  },
  'GET /v1/partnerships/:id/charter/proposals/:proposalId': {
    method: 'get',
    path: async (w) => `/v1/partnerships/${w.partnershipId}/charter/proposals/${await w.proposal(ADMIN_KEY)}`,
  },
  'GET /v1/partnerships/:id/charter': {
    method: 'get',
    path: (w) => `/v1/partnerships/${w.partnershipId}/charter`,
  },
  'GET /v1/partnerships/:id/charter/versions': {
    method: 'get',
    path: (w) => `/v1/partnerships/${w.partnershipId}/charter/versions`,
  },
  'POST /v1/partnerships/:id/reviews': {
    method: 'post',
    path: (w) => `/v1/partnerships/${w.partnershipId}/reviews`,
    body: () => ({ periodStart: '2026-01-01', summary: 'Kick-off' }),
  },
  'GET /v1/partnerships/:id/reviews': {
    method: 'get',
    path: (w) => `/v1/partnerships/${w.partnershipId}/reviews`,
  },
  'POST /v1/partnerships/:id/actions/:actionId/completion': {
    method: 'post',
    path: async (w) => `/v1/partnerships/${w.partnershipId}/actions/${await w.action()}/completion`,
    body: () => ({}),
  },
  'GET /v1/partnerships/:id/actions': {
    method: 'get',
    path: (w) => `/v1/partnerships/${w.partnershipId}/actions`,
  },
  'GET /v1/partnerships/:id/attribution': {
    method: 'get',
    path: (w) => `/v1/partnerships/${w.partnershipId}/attribution`,
  },
  'GET /v1/partnerships/:id/alignment': {
    method: 'get',
    path: (w) => `/v1/partnerships/${w.partnershipId}/alignment`,
  },
} satisfies Record<string, Route>;

/** Routes anyone may call without a key: operations, the ledger's public key and its history. */
const PUBLIC = new Set<string>([
  'GET /health',
  'GET /metrics',
  'GET /v1/ledger/public-key',
  'GET /v1/ledger/key-rotations',
]);

type RouteName = keyof typeof ROUTES;

/** A write of P's members and admin: a non-member gets 404, the read-only roles 403. */
const WRITE_ONLY_MEMBERS = { 'non-member': 404, auditor: 403, governance: 403 } as const;

// prettier-ignore
const MATRIX: [RouteName, Role, number][] = [
  ['POST /v1/organizations',          'admin',      201],
  ['POST /v1/organizations',          'member',     403],
  ['POST /v1/organizations',          'non-member', 403],
  ['POST /v1/organizations',          'auditor',    403],
  ['POST /v1/organizations',          'governance', 403],

  ['GET /v1/organizations',           'admin',      200],
  ['GET /v1/organizations',           'member',     403],
  ['GET /v1/organizations',           'non-member', 403],
  ['GET /v1/organizations',           'auditor',    200],
  ['GET /v1/organizations',           'governance', 200],

  // A partner may look up its own organization; any other answers 404, like one that does not exist.
  ['GET /v1/organizations/:orgId',    'admin',      200],
  ['GET /v1/organizations/:orgId',    'member',     200],
  ['GET /v1/organizations/:orgId',    'non-member', 404],
  ['GET /v1/organizations/:orgId',    'auditor',    200],
  ['GET /v1/organizations/:orgId',    'governance', 200],

  ['POST /v1/api-keys',               'admin',      201],
  ['POST /v1/api-keys',               'member',     403],
  ['POST /v1/api-keys',               'non-member', 403],
  ['POST /v1/api-keys',               'auditor',    403],
  ['POST /v1/api-keys',               'governance', 403],

  ['GET /v1/api-keys',                'admin',      200],
  ['GET /v1/api-keys',                'member',     403],
  ['GET /v1/api-keys',                'non-member', 403],
  ['GET /v1/api-keys',                'auditor',    403],
  ['GET /v1/api-keys',                'governance', 403],

  ['DELETE /v1/api-keys/:keyId',      'admin',      204],
  ['DELETE /v1/api-keys/:keyId',      'member',     403],
  ['DELETE /v1/api-keys/:keyId',      'non-member', 403],
  ['DELETE /v1/api-keys/:keyId',      'auditor',    403],
  ['DELETE /v1/api-keys/:keyId',      'governance', 403],

  // The body names A and B: the member is one of them, the non-member (C) is not.
  ['POST /v1/partnerships',           'admin',      201],
  ['POST /v1/partnerships',           'member',     201],
  ['POST /v1/partnerships',           'non-member', 403],
  ['POST /v1/partnerships',           'auditor',    403],
  ['POST /v1/partnerships',           'governance', 403],

  ['GET /v1/partnerships',            'admin',      200],
  ['GET /v1/partnerships',            'member',     200],
  ['GET /v1/partnerships',            'non-member', 200],
  ['GET /v1/partnerships',            'auditor',    200],
  ['GET /v1/partnerships',            'governance', 200],

  ['GET /v1/partnerships/:id',        'admin',      200],
  ['GET /v1/partnerships/:id',        'member',     200],
  ['GET /v1/partnerships/:id',        'non-member', 404],
  ['GET /v1/partnerships/:id',        'auditor',    200],
  ['GET /v1/partnerships/:id',        'governance', 200],

  ['POST /v1/partnerships/:id/events', 'admin',      201],
  ['POST /v1/partnerships/:id/events', 'member',     201],
  ['POST /v1/partnerships/:id/events', 'non-member', 404],
  ['POST /v1/partnerships/:id/events', 'auditor',    403],
  ['POST /v1/partnerships/:id/events', 'governance', 403],

  ['GET /v1/partnerships/:id/events', 'admin',      200],
  ['GET /v1/partnerships/:id/events', 'member',     200],
  ['GET /v1/partnerships/:id/events', 'non-member', 404],
  ['GET /v1/partnerships/:id/events', 'auditor',    200],
  ['GET /v1/partnerships/:id/events', 'governance', 403],

  ['GET /v1/events',                  'admin',      200],
  ['GET /v1/events',                  'member',     403],
  ['GET /v1/events',                  'non-member', 403],
  ['GET /v1/events',                  'auditor',    200],
  ['GET /v1/events',                  'governance', 403],

  ['GET /health',                     'admin',      200],
  ['GET /health',                     'member',     200],
  ['GET /health',                     'non-member', 200],
  ['GET /health',                     'auditor',    200],
  ['GET /health',                     'governance', 200],

  // KPIs: members and the read-only roles; governance reads KPIs but never raw events.
  ...everyRole('GET /v1/partnerships/:id/kpis', { 'non-member': 404 }),
  ...everyRole('GET /v1/partnerships/:id/kpis/:kpiId/series', { 'non-member': 404 }),
  ...everyRole('GET /v1/kpis', { member: 403, 'non-member': 403 }),
  ...everyRole('GET /v1/kpi-catalogue', {}),
  ...everyRole('GET /v1/me', {}),
  ...everyRole('POST /v1/projections/rebuild', { member: 403, 'non-member': 403, governance: 403 }, 202),
  ...everyRole('GET /v1/projections', { member: 403, 'non-member': 403, governance: 403 }),

  // Verification: heads for all; inclusion proofs for partners of their own events only (governance:
  // any, hashes only); verify for auditors and admins.
  ...everyRole('GET /v1/ledger/head', {}),
  ...everyRole('GET /v1/ledger/public-key', {}),
  ...everyRole('GET /v1/ledger/key-rotations', {}),
  ...everyRole('GET /v1/ledger/heads/:treeSize', {}),
  ...everyRole('GET /v1/ledger/proofs/inclusion', { 'non-member': 404 }),
  ...everyRole('GET /v1/ledger/proofs/consistency', {}),
  ...everyRole('POST /v1/ledger/verify', { member: 403, 'non-member': 403, governance: 403 }),
  ...everyRole(
    'POST /v1/organizations/:orgId/signing-keys',
    { 'non-member': 403, auditor: 403, governance: 403 },
    201,
  ),
  ...everyRole('GET /v1/organizations/:orgId/signing-keys', {}),
  ...everyRole('GET /metrics', {}),

  // The charter: members (and admin) write, every reader reads; a non-member gets 404 as for the events.
  ...everyRole('POST /v1/partnerships/:id/charter/proposals', WRITE_ONLY_MEMBERS, 201),
  // An approval is an organization's: admin has none (403 org_required).
  ...everyRole(
    'POST /v1/partnerships/:id/charter/proposals/:proposalId/approvals',
    { ...WRITE_ONLY_MEMBERS, admin: 403 },
    201,
  ),
  ...everyRole('POST /v1/partnerships/:id/charter/proposals/:proposalId/rejections', WRITE_ONLY_MEMBERS, 201),
  ...everyRole('POST /v1/partnerships/:id/charter/proposals/:proposalId/withdrawal', WRITE_ONLY_MEMBERS, 201),
  ...everyRole('GET /v1/partnerships/:id/charter/proposals', { 'non-member': 404 }),
  ...everyRole('GET /v1/partnerships/:id/charter/proposals/:proposalId', { 'non-member': 404 }),
  ...everyRole('GET /v1/partnerships/:id/charter', { 'non-member': 404 }),
  ...everyRole('GET /v1/partnerships/:id/charter/versions', { 'non-member': 404 }),
  // No charter is adopted in P, so there is no chair: only admin records a review (else 403 not_chair).
  ...everyRole('POST /v1/partnerships/:id/reviews', { ...WRITE_ONLY_MEMBERS, member: 403 }, 201),
  ...everyRole('GET /v1/partnerships/:id/reviews', { 'non-member': 404 }),
  ...everyRole('POST /v1/partnerships/:id/actions/:actionId/completion', WRITE_ONLY_MEMBERS, 201),
  ...everyRole('GET /v1/partnerships/:id/actions', { 'non-member': 404 }),
  ...everyRole('GET /v1/partnerships/:id/attribution', { 'non-member': 404 }),
  ...everyRole('GET /v1/partnerships/:id/alignment', { 'non-member': 404 }),
];

/** One row per role: `success` unless an exception is listed for that role. */
function everyRole(
  route: RouteName,
  exceptions: Partial<Record<Role, number>>,
  success = 200,
): [RouteName, Role, number][] {
  return (['admin', 'member', 'non-member', 'auditor', 'governance'] as Role[]).map((role) => [
    route,
    role,
    exceptions[role] ?? success,
  ]);
}

type Credential = 'no key' | 'unknown key' | 'revoked key' | 'not a Bearer scheme';
const CREDENTIALS: Credential[] = ['no key', 'unknown key', 'revoked key', 'not a Bearer scheme'];

/** Every route but the public ones refuses a request without a working key with 401. */
const UNAUTHENTICATED: [RouteName, Credential, number][] = (Object.keys(ROUTES) as RouteName[]).flatMap(
  (route) =>
    CREDENTIALS.map((credential): [RouteName, Credential, number] => [
      route,
      credential,
      PUBLIC.has(route) ? 200 : 401,
    ]),
);

/**
 * For a revoked key to prove anything, it must be of a role the route would otherwise let through: the least
 * privileged one.
 */
const allowedRole = (route: RouteName): Role =>
  MATRIX.find(([r, role, status]) => r === route && role !== 'admin' && status < 300)?.[1] ?? 'admin';

/** The POST /v1/api-keys body that issues a new key of this role. */
const keyRequest = (role: Role, w: World) =>
  role === 'member'
    ? { role: 'partner', orgId: w.orgs.a }
    : role === 'non-member'
      ? { role: 'partner', orgId: w.orgs.c }
      : { role };

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
  expect(res.body.title.length).toBeGreaterThan(0);
  expect(res.body.detail.length).toBeGreaterThan(0);
}

describe.each(testBackends())('access control on %s', (backend) => {
  let ledger: TestLedger;
  let fx: Fixtures;
  let w: World;
  const prefix = unique('acl');

  useLedger(backend, (l, f) => {
    ledger = l;
    fx = f;
  });
  beforeAll(async () => {
    const orgs = { a: `${prefix}-a`, b: `${prefix}-b`, c: `${prefix}-c` };
    for (const org of Object.values(orgs)) await fx.org(org);
    const keys: Record<Role, string> = {
      admin: ADMIN_KEY,
      member: await fx.key('partner', orgs.a),
      'non-member': await fx.key('partner', orgs.c),
      auditor: await fx.key('auditor'),
      governance: await fx.key('governance'),
    };
    const formed = { type: 'reseller', currency: 'EUR', startedAt: '2025-10-01T00:00:00Z' };
    const partnershipId = await fx.partnership(keys.member, {
      ...formed,
      partnershipId: `${prefix}-p`,
      name: 'P',
      partnerOrgIds: [orgs.a, orgs.b],
    });
    const otherPartnershipId = await fx.partnership(keys['non-member'], {
      ...formed,
      partnershipId: `${prefix}-q`,
      name: 'Q',
      partnerOrgIds: [orgs.b, orgs.c],
    });
    const freshKeyId = async () =>
      (await ledger.http.post('/v1/api-keys').set(bearer(ADMIN_KEY)).send({ role: 'auditor' }).expect(201))
        .body.keyId as string;
    const firstPosition = (
      await ledger.http
        .get(`/v1/partnerships/${partnershipId}/events?limit=1`)
        .set(bearer(ADMIN_KEY))
        .expect(200)
    ).body.items[0].position;
    const issuedHead = async () =>
      (await ledger.http.get('/v1/ledger/head').set(bearer(ADMIN_KEY)).expect(200)).body.treeSize as number;
    const proposal = async (key: string) =>
      (
        await ledger.http
          .post(`/v1/partnerships/${partnershipId}/charter/proposals`)
          .set(bearer(key))
          .send({ charter: {} })
          .expect(201)
      ).body.proposalId as string;
    const action = async () =>
      (
        await ledger.http
          .post(`/v1/partnerships/${partnershipId}/reviews`)
          .set(bearer(ADMIN_KEY))
          .send({
            periodStart: '2026-01-01',
            summary: 'R',
            actions: [{ title: 'T', ownerOrgId: orgs.a, dueDate: '2026-02-01' }],
          })
          .expect(201)
      ).body.actionIds[0] as string;
    w = {
      orgs,
      keys,
      partnershipId,
      otherPartnershipId,
      freshKeyId,
      firstPosition,
      issuedHead,
      proposal,
      action,
    };
  });

  const call = async (name: RouteName, headers: Record<string, string>) => {
    const route: Route = ROUTES[name];
    const path = await route.path(w);
    const req = ledger.http[route.method](path).set(headers);
    return route.body ? req.send(route.body(w)) : req;
  };

  it.each(MATRIX)('%s as %s → %i', async (route, role, status) => {
    const res = await call(route, bearer(w.keys[role]));
    if (status >= 400) expectProblem(res, status);
    else expect(res.status).toBe(status);
  });

  it.each(UNAUTHENTICATED)('%s with %s → %i', async (route, credential, status) => {
    let headers: Record<string, string>;
    switch (credential) {
      case 'no key':
        headers = {};
        break;
      case 'unknown key':
        headers = bearer(`plk_${randomUUID()}${randomUUID()}`);
        break;
      case 'not a Bearer scheme':
        headers = { Authorization: `Basic ${ADMIN_KEY}` };
        break;
      case 'revoked key': {
        const issued = await ledger.http
          .post('/v1/api-keys')
          .set(bearer(ADMIN_KEY))
          .send(keyRequest(allowedRole(route), w))
          .expect(201);
        await ledger.http.delete(`/v1/api-keys/${issued.body.keyId}`).set(bearer(ADMIN_KEY)).expect(204);
        headers = bearer(issued.body.key);
        break;
      }
    }
    const res = await call(route, headers);
    if (status === 401) {
      expectProblem(res, 401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    } else {
      expect(res.status).toBe(status);
    }
  });

  it('stops a key at once when it is revoked, on the very next request', async () => {
    const issued = await ledger.http
      .post('/v1/api-keys')
      .set(bearer(ADMIN_KEY))
      .send({ role: 'partner', orgId: w.orgs.a })
      .expect(201);
    await ledger.http.get(`/v1/partnerships/${w.partnershipId}`).set(bearer(issued.body.key)).expect(200);
    await ledger.http.delete(`/v1/api-keys/${issued.body.keyId}`).set(bearer(ADMIN_KEY)).expect(204);
    const res = await ledger.http.get(`/v1/partnerships/${w.partnershipId}`).set(bearer(issued.body.key));
    expectProblem(res, 401);
    const write = await ledger.http
      .post(`/v1/partnerships/${w.partnershipId}/events`)
      .set(bearer(issued.body.key))
      .send(cost());
    expectProblem(write, 401);
    // The other keys of the same organization keep working.
    await ledger.http.get(`/v1/partnerships/${w.partnershipId}`).set(bearer(w.keys.member)).expect(200);
  });

  it('leaves a key working when someone without the right tries to revoke it (403)', async () => {
    const issued = await ledger.http
      .post('/v1/api-keys')
      .set(bearer(ADMIN_KEY))
      .send({ role: 'auditor' })
      .expect(201);
    for (const role of ['member', 'non-member', 'auditor', 'governance'] as const) {
      expectProblem(
        await ledger.http.delete(`/v1/api-keys/${issued.body.keyId}`).set(bearer(w.keys[role])),
        403,
      );
    }
    await ledger.http.get('/v1/events').set(bearer(issued.body.key)).expect(200);
  });

  it(
    'answers a partner for a partnership it is not a ' + 'member of exactly as for one that does not exist',
    async () => {
      const missing = `${prefix}-nowhere`;
      const routes = [
        (id: string) => ledger.http.get(`/v1/partnerships/${id}`),
        (id: string) => ledger.http.get(`/v1/partnerships/${id}/events`),
        (id: string) => ledger.http.post(`/v1/partnerships/${id}/events`).send(cost()),
      ];
      for (const route of routes) {
        const hidden = await route(w.partnershipId).set(bearer(w.keys['non-member']));
        const absent = await route(missing).set(bearer(w.keys['non-member']));
        expectProblem(hidden, 404);
        expectProblem(absent, 404);
        const shape = (body: Record<string, unknown>) => ({
          type: body.type,
          title: body.title,
          status: body.status,
          code: body.code,
        });
        expect(shape(hidden.body)).toEqual(shape(absent.body));
        expect(hidden.body.detail.replace(w.partnershipId, 'ID')).toBe(
          absent.body.detail.replace(missing, 'ID'),
        );
      }
      // Nothing was appended by the refused post.
      const events = await ledger.http
        .get(`/v1/partnerships/${w.partnershipId}/events?limit=1000`)
        .set(bearer(w.keys.auditor))
        .expect(200);
      expect(events.body.items.every((e: { recordedBy: string }) => e.recordedBy !== w.orgs.c)).toBe(true);
    },
  );

  it('never lists another partnership to a partner', async () => {
    const ids = async (role: Role) =>
      (await ledger.http.get('/v1/partnerships').set(bearer(w.keys[role])).expect(200)).body.items.map(
        (p: { partnershipId: string }) => p.partnershipId,
      );
    const member = await ids('member');
    expect(member).toContain(w.partnershipId);
    expect(member).not.toContain(w.otherPartnershipId);
    const nonMember = await ids('non-member');
    expect(nonMember).toContain(w.otherPartnershipId);
    expect(nonMember).not.toContain(w.partnershipId);
    // Every listed partnership names the caller's organization.
    for (const [role, org] of [
      ['member', w.orgs.a],
      ['non-member', w.orgs.c],
    ] as const) {
      const items = (await ledger.http.get('/v1/partnerships').set(bearer(w.keys[role])).expect(200)).body
        .items;
      expect(items.length).toBeGreaterThan(0);
      for (const p of items) expect(p.partnerOrgIds).toContain(org);
    }
    for (const role of ['admin', 'auditor', 'governance'] as const) {
      expect(await ids(role)).toEqual(expect.arrayContaining([w.partnershipId, w.otherPartnershipId]));
    }
  });

  it('lets governance read every partnership but no raw event', async () => {
    for (const id of [w.partnershipId, w.otherPartnershipId]) {
      const p = await ledger.http.get(`/v1/partnerships/${id}`).set(bearer(w.keys.governance)).expect(200);
      expect(p.body.partnershipId).toBe(id);
      expectProblem(
        await ledger.http.get(`/v1/partnerships/${id}/events`).set(bearer(w.keys.governance)),
        403,
      );
    }
    expectProblem(await ledger.http.get('/v1/events').set(bearer(w.keys.governance)), 403);
  });

  it("lets the auditor read every partnership's events and the whole ledger, but never write", async () => {
    for (const id of [w.partnershipId, w.otherPartnershipId]) {
      const res = await ledger.http
        .get(`/v1/partnerships/${id}/events`)
        .set(bearer(w.keys.auditor))
        .expect(200);
      expect(res.body.items[0]).toMatchObject({ partnershipId: id, type: 'partnership.formed', version: 1 });
      expectProblem(
        await ledger.http.post(`/v1/partnerships/${id}/events`).set(bearer(w.keys.auditor)).send(cost()),
        403,
      );
    }
    const all = await ledger.http.get('/v1/events?limit=1000').set(bearer(w.keys.auditor)).expect(200);
    const streams = new Set(all.body.items.map((e: { partnershipId: string }) => e.partnershipId));
    expect(streams).toContain(w.partnershipId);
    expect(streams).toContain(w.otherPartnershipId);
  });
});
