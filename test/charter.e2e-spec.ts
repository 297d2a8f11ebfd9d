import canonicalize from 'canonicalize';
import { createHash, randomUUID, sign } from 'node:crypto';
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
 * The charter (API.md, "Charter") as three partner orgs use it: propose, approve in part, adopt, a
 * proposal superseded by that adoption, reviews by the chair with actions, and every 409 code of the
 * contract. Each refusal appends nothing.
 */
const hashOf = (charter: unknown) =>
  createHash('sha256').update(canonicalize(charter)!, 'utf8').digest('hex');

const SCORECARD_CHARTER = {
  scorecard: [
    { kpiId: 'win_rate', target: 50, weight: 2, owners: {} as Record<string, string> },
    { kpiId: 'joint_revenue', target: 1000 },
  ],
  attribution: { model: 'time_decay', halfLifeDays: 7 },
  dealProtectionDays: 30,
  chairRotation: 'quarter',
};

describe.each(testBackends())('the charter on %s', (backend) => {
  let ledger: TestLedger;
  let fixtures: Fixtures;
  useLedger(backend, (l, f) => {
    ledger = l;
    fixtures = f;
  });

  async function threeOrgs() {
    const prefix = unique('ch');
    const [a, b, c] = ['a', 'b', 'c'].map((x) => `${prefix}-${x}`);
    for (const org of [a, b, c]) await fixtures.org(org);
    const keys = { a: await fixtures.key('partner', a), b: await fixtures.key('partner', b) };
    const all = {
      ...keys,
      c: await fixtures.key('partner', c),
      governance: await fixtures.key('governance'),
    };
    const id = await fixtures.between(keys.a, [a, b, c], `${prefix}-p`);
    return { id, orgs: { a, b, c }, keys: all };
  }
  type World = Awaited<ReturnType<typeof threeOrgs>>;

  const post = (key: string, path: string, body: unknown = {}) =>
    ledger.http
      .post(path)
      .set(bearer(key))
      .send(body as object);
  const get = (key: string, path: string) => ledger.http.get(path).set(bearer(key));
  const version = async (w: World) => (await get(ADMIN_KEY, `/v1/partnerships/${w.id}`)).body.version;
  const propose = (w: World, key: string, charter: unknown, extra: object = {}) =>
    post(key, `/v1/partnerships/${w.id}/charter/proposals`, { charter, ...extra });
  const approve = (w: World, key: string, proposalId: string, definitionHash: string) =>
    post(key, `/v1/partnerships/${w.id}/charter/proposals/${proposalId}/approvals`, { definitionHash });

  function charterFor(w: World) {
    const c = structuredClone(SCORECARD_CHARTER);
    c.scorecard[0].owners = { [w.orgs.a]: 'Ana (alliances)', [w.orgs.b]: 'Ben (channel)' };
    return c;
  }

  async function adopted(w: World) {
    const charter = charterFor(w);
    const p = await propose(w, w.keys.a, charter, { effectiveFrom: '2026-01-01T00:00:00Z' }).expect(201);
    await approve(w, w.keys.b, p.body.proposalId, p.body.definitionHash).expect(201);
    await approve(w, w.keys.c, p.body.proposalId, p.body.definitionHash).expect(201);
    return p.body as { proposalId: string; definitionHash: string };
  }

  it('Given three orgs, when all approve the same definitionHash, then it is adopted as version 1', async () => {
    const w = await threeOrgs();
    const charter = charterFor(w);
    const proposed = await propose(w, w.keys.a, charter, {
      effectiveFrom: '2026-01-01T00:00:00Z',
      rationale: 'Agree the scorecard',
    }).expect(201);
    expect(proposed.body).toEqual({
      proposalId: expect.any(String),
      baseVersion: 0,
      definitionHash: hashOf(charter),
      state: 'open',
      approvals: [w.orgs.a],
      position: expect.any(Number),
    });
    const { proposalId, definitionHash } = proposed.body;
    const other = await propose(w, w.keys.b, { dealProtectionDays: 10 }).expect(201);

    const partial = await approve(w, w.keys.b, proposalId, definitionHash).expect(201);
    expect(partial.body).toEqual({ proposalId, state: 'open', position: partial.body.position });
    await approve(w, w.keys.b, proposalId, definitionHash).expect(409, /already_approved/);
    await approve(w, w.keys.c, proposalId, 'f'.repeat(64)).expect(409, /definition_hash_mismatch/);
    // C, the last to decide, asks what the KPIs would be under the proposal: the win_rate target is its.
    const whatIf = await get(w.keys.c, `/v1/partnerships/${w.id}/kpis?proposal=${proposalId}`).expect(200);
    expect(whatIf.body).toMatchObject({
      whatIf: { proposalId, definitionHash },
      charter: { version: null, definitionHash },
    });
    const target = whatIf.body.categories.performance.find((k: { kpiId: string }) => k.kpiId === 'win_rate');
    expect(target).toMatchObject({ target: 50 });
    const last = await approve(w, w.keys.c, proposalId, definitionHash).expect(201);
    expect(last.body).toEqual({ proposalId, state: 'adopted', version: 1, position: last.body.position });

    // The adoption is the event right after the last approval, in the same batch.
    const events = await get(w.keys.a, `/v1/partnerships/${w.id}/events?fromVersion=1&limit=100`).expect(200);
    const tail = events.body.items.slice(-2);
    expect(tail.map((e: { type: string }) => e.type)).toEqual(['charter.approved', 'charter.adopted']);
    expect(tail[1].position).toBe(tail[0].position + 1);
    expect(tail[1].data).toEqual({
      proposalId,
      version: 1,
      definitionHash,
      effectiveFrom: '2026-01-01T00:00:00.000Z',
    });

    // The other proposal was based on version 0: adopting version 1 superseded it.
    await approve(w, w.keys.a, other.body.proposalId, other.body.definitionHash).expect(
      409,
      /charter_superseded/,
    );
    await approve(w, w.keys.a, proposalId, definitionHash).expect(409, /proposal_closed/);
    const superseded = await get(w.keys.c, `/v1/partnerships/${w.id}/charter/proposals?state=superseded`);
    expect(superseded.body.items.map((p: { proposalId: string }) => p.proposalId)).toEqual([
      other.body.proposalId,
    ]);

    const versions = await get(w.keys.governance, `/v1/partnerships/${w.id}/charter/versions`).expect(200);
    expect(versions.body.items).toEqual([
      expect.objectContaining({
        version: 1,
        proposalId,
        definitionHash,
        effectiveFrom: '2026-01-01T00:00:00.000Z',
        proposedBy: w.orgs.a,
        rationale: 'Agree the scorecard',
        approvals: [w.orgs.a, w.orgs.b, w.orgs.c].map((orgId) =>
          expect.objectContaining({ orgId, signed: false }),
        ),
      }),
    ]);
  });

  it('Given an adopted charter, then GET …/charter fills in the defaults and names the chair of asOf', async () => {
    const w = await threeOrgs();
    const { definitionHash } = await adopted(w);
    const before = await get(w.keys.b, `/v1/partnerships/${w.id}/charter?asOf=2025-12-31T00:00:00Z`).expect(
      200,
    );
    expect(before.body).toMatchObject({ version: 0, definitionHash: null, chair: null });
    expect(before.body.charter.attribution).toEqual({ model: 'linear', windowDays: 180, halfLifeDays: 7 });
    const april = await get(w.keys.b, `/v1/partnerships/${w.id}/charter?asOf=2026-04-15T00:00:00Z`).expect(
      200,
    );
    const [a, b, c] = [w.orgs.a, w.orgs.b, w.orgs.c].sort();
    expect(april.body).toMatchObject({
      version: 1,
      definitionHash,
      effectiveFrom: '2026-01-01T00:00:00.000Z',
      chair: { orgId: b, periodStart: '2026-04-01T00:00:00.000Z', periodEnd: '2026-06-30T23:59:59.999Z' },
    });
    expect(april.body.charter).toMatchObject({
      attribution: { model: 'time_decay', windowDays: 180, halfLifeDays: 7 },
      dealProtectionDays: 30,
      disputeSlaDays: 14,
      customKpis: [],
      dataQuality: { expected: [], lateAfterDays: 7 },
    });
    expect(april.body.charter.scorecard[1]).toEqual({ kpiId: 'joint_revenue', target: 1000, weight: 1 });
    const q3 = await get(w.keys.b, `/v1/partnerships/${w.id}/charter?asOf=2026-08-01T00:00:00Z`);
    const q4 = await get(w.keys.b, `/v1/partnerships/${w.id}/charter?asOf=2026-11-01T00:00:00Z`);
    expect([q3.body.chair.orgId, q4.body.chair.orgId]).toEqual([c, a]);
    // Ledger time: before the adoption was appended, no version was known.
    const [first] = (await get(ADMIN_KEY, `/v1/partnerships/${w.id}/events?limit=1`)).body.items;
    const past = await get(
      w.keys.b,
      `/v1/partnerships/${w.id}/charter?asOf=2026-04-15T00:00:00Z&atPosition=${first.position}`,
    );
    expect(past.body).toMatchObject({ version: 0, position: first.position });
  });

  it('Given a proposal, then GET shows what it changes against the version it was based on', async () => {
    const w = await threeOrgs();
    await adopted(w);
    const next = await propose(w, w.keys.b, { ...charterFor(w), dealProtectionDays: 45 }).expect(201);
    expect(next.body.baseVersion).toBe(1);
    const shown = await get(w.keys.c, `/v1/partnerships/${w.id}/charter/proposals/${next.body.proposalId}`);
    expect(shown.body).toMatchObject({
      state: 'open',
      proposedBy: w.orgs.b,
      baseVersion: 1,
      effectiveFrom: null,
    });
    expect(shown.body.changes).toEqual([{ path: 'dealProtectionDays', from: 30, to: 45 }]);
    const first = await get(w.keys.c, `/v1/partnerships/${w.id}/charter/proposals?state=adopted`);
    // An element the base did not have is one change: the whole element, from null.
    expect(first.body.items[0].changes).toEqual([
      { path: 'scorecard[0]', from: null, to: { ...charterFor(w).scorecard[0], weight: 2 } },
      { path: 'scorecard[1]', from: null, to: { kpiId: 'joint_revenue', target: 1000, weight: 1 } },
      { path: 'attribution.model', from: 'linear', to: 'time_decay' },
      { path: 'dealProtectionDays', from: 0, to: 30 },
    ]);
  });

  it('Given proposals, then only another member rejects and only the proposer withdraws', async () => {
    const w = await threeOrgs();
    const p = await propose(w, w.keys.a, { chairRotation: 'year' }).expect(201);
    const path = `/v1/partnerships/${w.id}/charter/proposals/${p.body.proposalId}`;
    await post(w.keys.a, `${path}/rejections`, { reason: 'no' }).expect(403, /proposer_cannot_reject/);
    await post(w.keys.b, `${path}/withdrawal`).expect(403, /not_proposer/);
    const rejected = await post(w.keys.b, `${path}/rejections`, { reason: 'a year is too long' }).expect(201);
    expect(rejected.body.state).toBe('rejected');
    await approve(w, w.keys.c, p.body.proposalId, p.body.definitionHash).expect(409, /proposal_closed/);
    const q = await propose(w, w.keys.c, { chairRotation: 'half' }).expect(201);
    const qPath = `/v1/partnerships/${w.id}/charter/proposals/${q.body.proposalId}`;
    expect((await post(w.keys.c, `${qPath}/withdrawal`).expect(201)).body.state).toBe('withdrawn');
    await post(w.keys.c, `${qPath}/withdrawal`).expect(409, /proposal_closed/);
    await approve(w, w.keys.a, randomUUID(), p.body.definitionHash).expect(404, /proposal_not_found/);
    await approve(w, ADMIN_KEY, q.body.proposalId, q.body.definitionHash).expect(403, /org_required/);
  });

  it('Given an adopted charter, then targets come from it and deal registrations are protected', async () => {
    const w = await threeOrgs();
    await adopted(w);
    const events = `/v1/partnerships/${w.id}/events`;
    const ev = (type: string, occurredAt: string, data: object) => ({ type, occurredAt, data });
    const target = { kpiId: 'win_rate', target: 60 };
    await post(w.keys.a, events, ev('target.set', '2026-02-01T00:00:00Z', target)).expect(
      409,
      /governed_by_charter/,
    );
    await post(w.keys.a, events, ev('target.set', '2025-12-01T00:00:00Z', target)).expect(201);

    const deal = (dealId: string, at: string) =>
      ev('deal.registered', at, { dealId, customerId: 'acme', amount: '100.00', source: 'partner_sourced' });
    await post(w.keys.a, events, deal('D1', '2026-03-01T00:00:00Z')).expect(201);
    await post(w.keys.a, events, deal('D1b', '2026-03-05T00:00:00Z')).expect(201); // the same org may
    const refused = await post(w.keys.b, events, deal('D2', '2026-03-10T00:00:00Z')).expect(409);
    expect(refused.body).toMatchObject({
      code: 'deal_registration_conflict',
      conflictingDealId: 'D1',
      registeredBy: w.orgs.a,
      protectedUntil: '2026-03-31T00:00:00.000Z',
    });
    // D1's protection ends on 03-31, D1b's (same org) on 04-04: from then on B may register.
    await post(w.keys.b, events, deal('D3', '2026-04-03T23:59:59Z')).expect(409, /D1b/);
    await post(w.keys.b, events, deal('D3', '2026-04-04T00:00:00Z')).expect(201);
  });

  it('Given the chair, then only it records reviews, and any member completes their actions', async () => {
    const w = await threeOrgs();
    await adopted(w);
    const [, b] = [w.orgs.a, w.orgs.b, w.orgs.c].sort();
    const chairKey = b === w.orgs.b ? w.keys.b : b === w.orgs.a ? w.keys.a : w.keys.c;
    const other = chairKey === w.keys.a ? w.keys.c : w.keys.a;
    const review = {
      periodStart: '2026-04-01',
      summary: 'Q2 review',
      actions: [{ title: 'Fix the deal desk', ownerOrgId: w.orgs.c, dueDate: '2026-05-01' }],
    };
    await post(other, `/v1/partnerships/${w.id}/reviews`, review).expect(403, /not_chair/);
    const held = await post(chairKey, `/v1/partnerships/${w.id}/reviews`, review).expect(201);
    const [actionId] = held.body.actionIds;
    const overdue = await get(w.keys.governance, `/v1/partnerships/${w.id}/actions?state=overdue`).expect(
      200,
    );
    expect(overdue.body.items).toEqual([expect.objectContaining({ actionId, state: 'open', overdue: true })]);
    const done = `/v1/partnerships/${w.id}/actions/${actionId}/completion`;
    await post(w.keys.c, done, { note: 'done' }).expect(201);
    await post(w.keys.a, done).expect(409, /action_already_completed/);
    await post(w.keys.a, `/v1/partnerships/${w.id}/actions/nope/completion`).expect(404, /action_not_found/);
    const reviews = await get(w.keys.c, `/v1/partnerships/${w.id}/reviews`).expect(200);
    expect(reviews.body.items).toEqual([
      expect.objectContaining({
        summary: 'Q2 review',
        heldBy: b,
        actions: [expect.objectContaining({ actionId })],
      }),
    ]);
  });

  it('Given a signing key, then an approval may be signed, and a bad signature is a 400', async () => {
    const w = await threeOrgs();
    const key = witnessKey(w.orgs.b);
    await post(w.keys.b, `/v1/organizations/${w.orgs.b}/signing-keys`, key.registration).expect(201);
    const p = await propose(w, w.keys.a, { dealProtectionDays: 5 }).expect(201);
    const { proposalId, definitionHash } = p.body;
    const statement = canonicalize({ partnershipId: w.id, proposalId, definitionHash })!;
    const signature = sign(null, Buffer.from(statement), key.privateKey).toString('base64');
    const path = `/v1/partnerships/${w.id}/charter/proposals/${proposalId}/approvals`;
    const flipped = Buffer.from(signature, 'base64');
    flipped[10] ^= 0xff; // one byte of the signature altered
    const bad = await post(w.keys.b, path, { definitionHash, signature: flipped.toString('base64') });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('signature');
    await post(w.keys.b, path, { definitionHash, signature }).expect(201);
    const shown = await get(w.keys.a, `/v1/partnerships/${w.id}/charter/proposals/${proposalId}`);
    expect(shown.body.approvals).toEqual([
      expect.objectContaining({ orgId: w.orgs.a, signed: false }),
      expect.objectContaining({ orgId: w.orgs.b, signed: true }),
    ]);
  });

  it('refuses governance events posted to …/events, naming the route that writes them', async () => {
    const w = await threeOrgs();
    const res = await post(w.keys.a, `/v1/partnerships/${w.id}/events`, {
      type: 'charter.adopted',
      occurredAt: '2026-01-01T00:00:00Z',
      data: {},
    }).expect(400);
    expect(res.body.errors[0]).toEqual({
      path: 'type',
      message: expect.stringContaining('written by the ledger'),
    });
  });

  const BAD: [string, (w: World) => unknown, string][] = [
    ['an unknown KPI', () => ({ scorecard: [{ kpiId: 'happiness' }] }), 'charter.scorecard[0].kpiId'],
    [
      'a non-member org',
      () => ({ priorities: { 'not-a-member': ['roi'] } }),
      'charter.priorities.not-a-member',
    ],
    [
      'a custom KPI over a non-numeric field',
      () => ({
        customKpis: [
          {
            kpiId: 'x_regions',
            category: 'expansion',
            name: 'Regions',
            eventType: 'market.entered',
            aggregate: 'sum',
            field: 'market',
            unit: 'count',
            direction: 'higher_is_better',
            period: false,
          },
        ],
      }),
      'charter.customKpis[0].field',
    ],
    ['a window of 0 days', () => ({ attribution: { windowDays: 0 } }), 'charter.attribution.windowDays'],
    ['a window of 731 days', () => ({ attribution: { windowDays: 731 } }), 'charter.attribution.windowDays'],
    ['a weight of 0', () => ({ scorecard: [{ kpiId: 'roi', weight: 0 }] }), 'charter.scorecard[0].weight'],
    [
      'a negative weight',
      () => ({ scorecard: [{ kpiId: 'roi', weight: -1 }] }),
      'charter.scorecard[0].weight',
    ],
    [
      '21 objectives',
      () => ({
        objectives: Array.from({ length: 21 }, (_, i) => ({ objectiveId: `o${i}`, title: 'T', kpiIds: [] })),
      }),
      'charter.objectives',
    ],
    ['an unknown field', () => ({ colour: 'blue' }), 'charter.colour'],
  ];
  it.each(BAD)(
    'refuses a charter with %s (400 naming the path), storing nothing',
    async (_, charter, path) => {
      const w = await threeOrgs();
      const before = await version(w);
      const res = await propose(w, w.keys.a, charter(w)).expect(400);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
      expect(await version(w)).toBe(before);
    },
  );
});
