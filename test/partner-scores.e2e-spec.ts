import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ledgerCli } from './support/cli';
import { ADMIN_KEY, Fixtures, TestLedger, bearer, testBackends, unique, useLedger } from './support/ledger';

/**
 * Partner scoring and tiering (API.md) over HTTP, worked by hand. Real: the app, its database, the
 * projections. Faked: nothing; the program's events are stamped with the server's clock, so the answers
 * are read at a future asOf, 15 days into the quarter after the present one: the end of the present
 * quarter (where previousTier is read) is then after every event.
 *
 * The world: orgs a, b, c (partnerships p1 = a+b, p2 = a+c, started 2025-10-01) and d (assessed only: a
 * prospect). p1 wins two partner-sourced deals (4000.00 and 2000.00) a minute ago, in the present quarter;
 * p2 one of 1000.00 on 2026-01-15. joint_revenue: p1 6000.00, p2 1000.00. deals_closed (the quarter of
 * asOf): at the present quarter's end p1 2, p2 0; in the next quarter 0 and 0.
 * Model: fit (assessment, weight 2, 0–9), revenue (joint_revenue, weight 1, 0–10000), closed
 * (deals_closed, weight 1, 0–2); tiers bronze 0, silver 40, gold 70. Assessed: a fit 8, b fit 12, d fit 5.
 */
const MODEL = {
  criteria: [
    { criterionId: 'fit', weight: 2, source: 'assessment', min: 0, max: 9 },
    { criterionId: 'revenue', weight: 1, source: 'kpi', kpiId: 'joint_revenue', min: 0, max: 10000 },
    { criterionId: 'closed', weight: 1, source: 'kpi', kpiId: 'deals_closed', min: 0, max: 2 },
  ],
  tiers: [
    { tier: 'bronze', minScore: 0 },
    { tier: 'silver', minScore: 40 },
    { tier: 'gold', minScore: 70 },
  ],
};

/** 15 days into the quarter after the present one. */
function nextQuarterAsOf(): string {
  const now = new Date();
  const start = Date.UTC(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) * 3 + 3, 1);
  return new Date(start + 15 * 86_400_000).toISOString();
}

type Body = Record<string, any>;

describe.each(testBackends())('partner scores on %s', (backend) => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-scores-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let ledger: TestLedger;
  let fixtures: Fixtures;
  useLedger(backend, (l, f) => {
    ledger = l;
    fixtures = f;
  });

  const AS_OF = nextQuarterAsOf();
  let w: Awaited<ReturnType<typeof world>>;
  let head = 0;

  const scores = (key: string, query: object = {}) =>
    ledger.http.get('/v1/partner-scores').query(query).set(bearer(key));
  const putModel = (key: string, body: unknown) =>
    ledger.http
      .put('/v1/program/scoring-model')
      .set(bearer(key))
      .send(body as object);
  const assess = (key: string, orgId: string, body: unknown) =>
    ledger.http
      .post(`/v1/organizations/${orgId}/assessments`)
      .set(bearer(key))
      .send(body as object);
  const written = (res: { body: Body }) => {
    head = Math.max(head, res.body.position as number);
    return res.body;
  };

  async function world() {
    const prefix = unique('ps');
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((x) => `${prefix}-${x}`);
    for (const org of [a, b, c, d]) await fixtures.org(org);
    const keys = {
      partner: await fixtures.key('partner', a),
      auditor: await fixtures.key('auditor'),
      governance: await fixtures.key('governance'),
    };
    const p1 = await fixtures.between(keys.partner, [a, b], `${prefix}-p1`);
    const p2 = await fixtures.between(keys.partner, [a, c], `${prefix}-p2`);
    const aMinuteAgo = new Date(Date.now() - 60_000).toISOString();
    const deal = (dealId: string, amount: string, wonAt: string) => [
      {
        type: 'deal.registered',
        occurredAt: '2025-11-03T09:00:00Z',
        data: { dealId, customerId: `c-${dealId}`, amount, source: 'partner_sourced' },
      },
      { type: 'deal.won', occurredAt: wonAt, data: { dealId, amount } },
    ];
    const post = async (id: string, events: object[]) => {
      const res = await ledger.http
        .post(`/v1/partnerships/${id}/events`)
        .set(bearer(keys.partner))
        .send({ events })
        .expect(201);
      head = Math.max(head, ...(res.body.events as { position: number }[]).map((e) => e.position));
    };
    await post(p1, [...deal('d1', '4000.00', aMinuteAgo), ...deal('d2', '2000.00', aMinuteAgo)]);
    await post(p2, deal('d3', '1000.00', '2026-01-15T09:00:00Z'));
    return { orgs: { a, b, c, d }, keys, p1, p2 };
  }

  beforeAll(async () => {
    w = await world();
  }, 60_000);

  describe('before any scoring model', () => {
    it('answers modelVersion 0 and no items, and refuses assessments (409 no_scoring_model)', async () => {
      const res = await scores(w.keys.governance, { asOf: AS_OF, minPosition: head }).expect(200);
      expect(res.body).toEqual({ asOf: AS_OF, position: head, modelVersion: 0, tiers: [], items: [] });
      const refused = await assess(ADMIN_KEY, w.orgs.a, { scores: { fit: 8 } }).expect(409);
      expect(refused.body.code).toBe('no_scoring_model');
    });

    it('refuses a bad model with 400 naming the field and rule, and stores nothing', async () => {
      const bad = structuredClone(MODEL);
      bad.criteria[0].max = 0;
      delete (bad.criteria[1] as { kpiId?: string }).kpiId;
      const res = await putModel(ADMIN_KEY, bad).expect(400);
      expect(res.body.errors).toEqual([
        { path: 'criteria[0].max', message: 'must be greater than min' },
        { path: 'criteria[1].kpiId', message: 'is required when source is kpi' },
      ]);
      const tiers = await putModel(ADMIN_KEY, { ...MODEL, tiers: [{ tier: 'x', minScore: 101 }] }).expect(
        400,
      );
      expect(tiers.body.errors.map((e: Body) => e.path)).toEqual(['tiers[0].minScore']);
      const array = await putModel(ADMIN_KEY, [MODEL]).expect(400);
      expect(array.body.errors).toEqual([{ path: 'body', message: 'must be a JSON object' }]);
      const events = await ledger.http.get('/v1/events').set(bearer(w.keys.auditor)).expect(200);
      expect(events.body.items.filter((e: Body) => e.partnershipId === 'program')).toEqual([]);
    });

    it('lets only admin and governance write, and admin, governance and auditors read', async () => {
      await putModel(w.keys.partner, MODEL).expect(403);
      await putModel(w.keys.auditor, MODEL).expect(403);
      await assess(w.keys.auditor, w.orgs.a, { scores: { fit: 1 } }).expect(403);
      await scores(w.keys.partner).expect(403);
      await scores(w.keys.auditor).expect(200);
      await ledger.http.get('/v1/partner-scores').expect(401);
    });
  });

  describe('with the model set and a, b and d assessed', () => {
    let beforeA = 0;
    beforeAll(async () => {
      const model = written(await putModel(w.keys.governance, MODEL).expect(200));
      expect(model.modelVersion).toBe(1);
      beforeA = head;
      written(await assess(ADMIN_KEY, w.orgs.a, { scores: { fit: 8 }, notes: 'strong fit' }).expect(201));
      written(await assess(w.keys.governance, w.orgs.b, { scores: { fit: 12 } }).expect(201));
      written(await assess(ADMIN_KEY, w.orgs.d, { scores: { fit: 5 } }).expect(201));
    }, 30_000);

    it('scores every org by hand, with the tiers of the quarter before (previousTier)', async () => {
      const res = await scores(w.keys.governance, { asOf: AS_OF, minPosition: head }).expect(200);
      const { a, b, c, d } = w.orgs;
      // At asOf (deals_closed 0 everywhere):
      // b: fit 12 → 1 × 2; revenue 6000 → 0.6; closed 0. 2.6 / 4 × 100 = 65.00 (silver).
      // a: fit 8/9 × 2 = 1.7778; revenue 6000 + 1000 = 7000 → 0.7; closed mean(0, 0) = 0. 2.4778 / 4 = 61.94.
      // d (prospect): fit 5/9 × 2 = 1.1111 over weight 2 alone = 55.56 (silver).
      // c: fit missing; revenue 1000 → 0.1. 0.1 / 4 = 2.50 (bronze).
      // At the present quarter's end: closed p1 2, p2 0: a 1.7778 + 0.7 + mean(2, 0)/2 = 0.5 → 74.44
      // (gold); b 2 + 0.6 + 1 = 90.00 (gold); c 2.50 (bronze); d 55.56 (silver).
      expect(res.body.modelVersion).toBe(1);
      expect(res.body.position).toBe(head);
      // The model's tiers, highest first: what ranks them for a reader (the dashboard's movement).
      expect(res.body.tiers).toEqual([
        { tier: 'gold', minScore: 70 },
        { tier: 'silver', minScore: 40 },
        { tier: 'bronze', minScore: 0 },
      ]);
      expect(res.body.items.map((i: Body) => [i.orgId, i.score, i.tier, i.previousTier, i.missing])).toEqual([
        [b, 65, 'silver', 'gold', []],
        [a, 61.94, 'silver', 'gold', []],
        [d, 55.56, 'silver', 'silver', ['revenue', 'closed']],
        [c, 2.5, 'bronze', 'bronze', ['fit']],
      ]);
      expect(res.body.items[1].breakdown).toEqual([
        { criterionId: 'fit', value: 8, normalized: 0.8889, weight: 2 },
        { criterionId: 'revenue', value: '7000.00', normalized: 0.7, weight: 1 },
        { criterionId: 'closed', value: 0, normalized: 0, weight: 1 },
      ]);
      expect(res.body.items[2].breakdown[1]).toEqual({
        criterionId: 'revenue',
        value: null,
        normalized: null,
        weight: 1,
      });
    });

    it('answers the ledger as it stood before a’s assessment (atPosition)', async () => {
      const res = await scores(w.keys.auditor, { asOf: AS_OF, atPosition: beforeA }).expect(200);
      const { a, b, c } = w.orgs;
      // a: revenue 0.7 alone over 4 = 17.50; b: 0.6 / 4 = 15.00; c 2.50; d not assessed yet: not listed.
      expect(res.body.position).toBe(beforeA);
      expect(res.body.items.map((i: Body) => [i.orgId, i.score, i.missing])).toEqual([
        [a, 17.5, ['fit']],
        [b, 15, ['fit']],
        [c, 2.5, ['fit']],
      ]);
    });

    it('gives the server’s bytes from `ledger partner-scores` over an export, now and at a position', async () => {
      await ledger.app.listen(0, '127.0.0.1');
      const url = (await ledger.app.getUrl()).replace('[::1]', '127.0.0.1');
      const file = join(dir, 'ledger.ndjson');
      const exported = await ledgerCli(['export', '--url', url, '--key', w.keys.auditor, '--out', file]);
      expect(exported).toMatchObject({ code: 0 });
      const cases = [
        { query: { minPosition: head }, args: [] },
        { query: { atPosition: beforeA }, args: ['--atPosition', String(beforeA)] },
      ];
      for (const { query, args } of cases) {
        const served = await scores(w.keys.auditor, { asOf: AS_OF, ...query }).expect(200);
        const offline = await ledgerCli(['partner-scores', '--export', file, '--asOf', AS_OF, ...args]);
        expect(offline).toMatchObject({ code: 0, stderr: '' });
        expect(offline.stdout).toBe(`${served.text}\n`);
      }
    }, 180_000);

    it('refuses assessments of unknown orgs (404) and of criteria the model does not assess (400)', async () => {
      const missing = await assess(ADMIN_KEY, 'no-such-org', { scores: { fit: 1 } }).expect(404);
      expect(missing.body.code).toBe('organization_not_found');
      const res = await assess(ADMIN_KEY, w.orgs.c, { scores: { fit: 1, revenue: 5, reach: 2 } }).expect(400);
      expect(res.body.errors).toEqual([
        {
          path: 'scores.revenue',
          message: 'is a kpi criterion (its value is the KPI joint_revenue), not assessed',
        },
        {
          path: 'scores.reach',
          message: 'is not a criterion of the scoring model in force (version 1): one of fit',
        },
      ]);
      const shape = await assess(ADMIN_KEY, w.orgs.c, { scores: { fit: 'high' }, extra: 1 }).expect(400);
      expect(shape.body.errors.map((e: Body) => e.path).sort()).toEqual(['body.extra', 'scores.fit']);
    });

    it('keeps the program stream out of partnerships, KPIs and projections, and in the ledger', async () => {
      await ledger.http.get('/v1/partnerships/program').set(bearer(ADMIN_KEY)).expect(404);
      const list = await ledger.http.get('/v1/partnerships').set(bearer(ADMIN_KEY)).expect(200);
      expect(list.body.items.map((p: Body) => p.partnershipId)).not.toContain('program');
      const portfolio = await ledger.http.get('/v1/kpis').set(bearer(w.keys.governance)).expect(200);
      expect(portfolio.body.items.map((p: Body) => p.partnershipId).sort()).toEqual([w.p1, w.p2].sort());
      const posted = await ledger.http
        .post(`/v1/partnerships/${w.p1}/events`)
        .set(bearer(w.keys.partner))
        .send({ type: 'scoring_model.set', occurredAt: '2026-01-01T00:00:00Z', data: MODEL })
        .expect(400);
      expect(posted.body.detail).toContain('PUT /v1/program/scoring-model');
      const events = await ledger.http.get('/v1/events').set(bearer(w.keys.auditor)).expect(200);
      const program = events.body.items.filter((e: Body) => e.partnershipId === 'program');
      expect(program.map((e: Body) => [e.type, e.version, e.recordedBy])).toEqual([
        ['scoring_model.set', 1, 'admin'],
        ['organization.assessed', 2, 'admin'],
        ['organization.assessed', 3, 'admin'],
        ['organization.assessed', 4, 'admin'],
      ]);
      expect(program[1].data).toEqual({ orgId: w.orgs.a, scores: { fit: 8 }, notes: 'strong fit' });
      const verify = await ledger.http.post('/v1/ledger/verify').set(bearer(w.keys.auditor)).expect(200);
      expect(verify.body).toMatchObject({ ok: true, problems: [], eventsChecked: head });
      await ledger.http.post('/v1/projections/rebuild').set(bearer(ADMIN_KEY)).expect(202);
      const after = await scores(w.keys.governance, { asOf: AS_OF, minPosition: head }).expect(200);
      expect(after.body.items.map((i: Body) => i.score)).toEqual([65, 61.94, 55.56, 2.5]);
    });

    it('counts models: an identical PUT writes nothing; a new one is modelVersion 2', async () => {
      const same = await putModel(ADMIN_KEY, MODEL).expect(200);
      expect(same.body.modelVersion).toBe(1);
      const lenient = { ...MODEL, tiers: [{ tier: 'listed', minScore: 0 }] };
      const next = written(await putModel(ADMIN_KEY, lenient).expect(200));
      expect(next.modelVersion).toBe(2);
      const res = await scores(w.keys.governance, { asOf: AS_OF, minPosition: head }).expect(200);
      expect(res.body.modelVersion).toBe(2);
      // The new model is in force at the present quarter's end too: previousTier under it.
      expect(res.body.items.map((i: Body) => [i.tier, i.previousTier])).toEqual(
        Array.from({ length: 4 }, () => ['listed', 'listed']),
      );
      const before = await scores(w.keys.governance, { asOf: AS_OF, atPosition: next.position - 1 });
      expect(before.body.modelVersion).toBe(1);
    });

    it('refuses bad clocks with 400', async () => {
      const res = await scores(w.keys.governance, { asOf: 'yesterday', atPosition: -1 }).expect(400);
      expect(res.body.errors.map((e: Body) => e.path).sort()).toEqual(['asOf', 'atPosition']);
      await scores(w.keys.governance, { atPosition: 10_000_000 }).expect(400);
    });
  });
});
