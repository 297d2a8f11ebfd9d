import { randomUUID } from 'node:crypto';
import { KPI_CATALOGUE, KPI_CATEGORIES } from '@ledger/domain';
import { pick } from '../libs/kpis/src/testing/golden';
import { ADMIN_KEY, Fixtures, TestLedger, bearer, testBackends, unique, useLedger } from './support/ledger';

type Body = Record<string, unknown>;
const ev = (type: string, occurredAt: string, data: Body) => ({
  eventId: randomUUID(),
  type,
  occurredAt,
  data,
});

describe.each(testBackends())('KPI queries on %s', (backend) => {
  let ledger: TestLedger;
  let fx: Fixtures;
  useLedger(backend, (l, f) => {
    ledger = l;
    fx = f;
  });

  const post = async (key: string, pid: string, events: Body[]) => {
    const res = await ledger.http.post(`/v1/partnerships/${pid}/events`).set(bearer(key)).send({ events });
    if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    return res.body.events.at(-1).position as number;
  };
  const kpis = (key: string, pid: string, query: Body) =>
    ledger.http.get(`/v1/partnerships/${pid}/kpis`).query(query).set(bearer(key));

  describe('a partnership with a cost that is later retracted', () => {
    let w: Awaited<ReturnType<Fixtures['world']>>;
    let beforeRetraction = 0;
    let afterRetraction = 0;
    const asOf = '2026-03-31T23:59:59Z';

    beforeAll(async () => {
      w = await fx.world(unique('retract'));
      const wrong = ev('cost.incurred', '2026-02-10T09:00:00Z', { amount: '2000.00', category: 'tools' });
      beforeRetraction = await post(w.keys.a, w.partnershipId, [
        ev('cost.incurred', '2026-01-10T09:00:00Z', { amount: '5000.00', category: 'mdf' }),
        wrong,
      ]);
      // The retraction occurs after asOf in business time, yet applies wherever it is known. By its recorder.
      afterRetraction = await post(w.keys.a, w.partnershipId, [
        ev('event.retracted', '2026-05-01T00:00:00Z', { eventId: wrong.eventId, reason: 'entered twice' }),
      ]);
    });

    it('counts the retracted cost at a ledger position before the retraction, and not after it', async () => {
      const before = await kpis(w.keys.a, w.partnershipId, { asOf, atPosition: beforeRetraction }).expect(
        200,
      );
      const after = await kpis(w.keys.a, w.partnershipId, { asOf, atPosition: afterRetraction }).expect(200);
      expect([
        pick(before.body, 'program_costs'),
        pick(before.body, 'program_costs.tools'),
        before.body.position,
      ]).toEqual(['7000.00', '2000.00', beforeRetraction]);
      expect([
        pick(after.body, 'program_costs'),
        pick(after.body, 'program_costs.tools'),
        after.body.position,
      ]).toEqual(['5000.00', undefined, afterRetraction]);
      expect(after.body.snapshotHash).not.toBe(before.body.snapshotHash);
    });

    it('answers the head from the read model with the same hash as a replay at the head', async () => {
      const head = await kpis(w.keys.b, w.partnershipId, { asOf, minPosition: afterRetraction }).expect(200);
      const ledgerHead = (await ledger.http.get('/v1/ledger/head').set(bearer(w.keys.b)).expect(200)).body
        .treeSize as number;
      const replay = await kpis(w.keys.b, w.partnershipId, { asOf, atPosition: ledgerHead }).expect(200);
      expect(replay.body).toEqual(head.body);
    });

    it(
      'refuses an atPosition the ledger has not reached ' +
        '(400 naming it) instead of answering the present',
      async () => {
        const ledgerHead = (await ledger.http.get('/v1/ledger/head').set(bearer(w.keys.b)).expect(200)).body
          .treeSize as number;
        const res = await kpis(w.keys.b, w.partnershipId, { asOf, atPosition: ledgerHead + 1000 }).expect(
          400,
        );
        expect(res.body.errors).toEqual([
          {
            path: 'atPosition',
            message: expect.stringContaining(
              `is ${ledgerHead + 1000}, but the ledger's last position is ${ledgerHead}`,
            ),
          },
        ]);
      },
    );

    it('gives a series as the ledger stood at atPosition: the retracted cost counts before, not after', async () => {
      const path = `/v1/partnerships/${w.partnershipId}/kpis/program_costs/series`;
      const points = async (atPosition?: number) =>
        (
          await ledger.http
            .get(path)
            .query({
              period: 'month',
              from: '2026-01-01T00:00:00Z',
              to: asOf,
              ...(atPosition ? { atPosition } : {}),
            })
            .set(bearer(w.keys.a))
            .expect(200)
        ).body.items.map((p: { value: string }) => p.value);
      // January 5000.00 (mdf); February and March add the 2000.00 of tools until its retraction is known.
      expect(await points(beforeRetraction)).toEqual(['5000.00', '7000.00', '7000.00']);
      expect(await points(afterRetraction)).toEqual(['5000.00', '5000.00', '5000.00']);
      expect(await points()).toEqual(['5000.00', '5000.00', '5000.00']);
      await ledger.http.get(path).query({ atPosition: 'soon' }).set(bearer(w.keys.a)).expect(400);
    });

    it('filters by category, hashing exactly what it returns', async () => {
      const res = await kpis(w.keys.a, w.partnershipId, {
        asOf,
        category: 'financial',
        minPosition: afterRetraction,
      }).expect(200);
      expect(Object.keys(res.body.categories)).toEqual(['financial']);
      const all = await kpis(w.keys.a, w.partnershipId, { asOf }).expect(200);
      expect(Object.keys(all.body.categories)).toEqual([...KPI_CATEGORIES]);
      expect(res.body.snapshotHash).not.toBe(all.body.snapshotHash);
      expect(res.body.categories.financial).toEqual(all.body.categories.financial);
    });

    it('lets governance and auditors read KPIs, and hides the partnership from other partners', async () => {
      await kpis(w.keys.governance, w.partnershipId, { asOf }).expect(200);
      await kpis(w.keys.auditor, w.partnershipId, { asOf }).expect(200);
      const stranger = await fx.world(unique('stranger'));
      await kpis(stranger.keys.a, w.partnershipId, { asOf }).expect(404);
      await ledger.http.get(`/v1/partnerships/${w.partnershipId}/kpis`).expect(401);
    });

    it('refuses bad parameters with the field named', async () => {
      for (const [query, path] of [
        [{ asOf: 'yesterday' }, 'asOf'],
        [{ category: 'karma' }, 'category'],
        [{ atPosition: -1 }, 'atPosition'],
        [{ minPosition: 'soon' }, 'minPosition'],
        [{ extra: 1 }, 'extra'],
      ] as const) {
        const res = await kpis(w.keys.a, w.partnershipId, query).expect(400);
        expect(res.body.errors[0].path).toBe(path);
      }
    });

    it(
      'answers 400 at once, naming minPosition, ' +
        'for a position the ledger has not reached (no retry can help)',
      async () => {
        const started = Date.now();
        const res = await kpis(w.keys.a, w.partnershipId, {
          minPosition: afterRetraction + 1_000_000,
        }).expect(400);
        expect(Date.now() - started).toBeLessThan(4_000);
        expect(res.headers['retry-after']).toBeUndefined();
        expect(res.body.errors).toEqual([
          {
            path: 'minPosition',
            message: expect.stringContaining(
              `is ${afterRetraction + 1_000_000}, but the ledger's last position is`,
            ),
          },
        ]);
      },
    );
  });

  describe('reading "now" (no asOf)', () => {
    it(
      'answers readers within a second with one snapshot ' +
        'that names its asOf, and never hides a new event',
      async () => {
        const w = await fx.world(unique('now'));
        const first = await post(w.keys.a, w.partnershipId, [
          ev('cost.incurred', '2026-01-10T09:00:00Z', { amount: '100.00', category: 'mdf' }),
        ]);
        const sent = Date.now();
        const a = await kpis(w.keys.a, w.partnershipId, { minPosition: first }).expect(200);
        const b = await kpis(w.keys.b, w.partnershipId, {}).expect(200);
        expect(Date.parse(a.body.asOf)).toBeGreaterThanOrEqual(sent - 1);
        expect(b.body).toEqual(a.body);
        // What it states is exact: asking for that asOf computes the same bytes.
        const exact = await kpis(w.keys.a, w.partnershipId, { asOf: a.body.asOf, atPosition: first }).expect(
          200,
        );
        expect(exact.body.snapshotHash).toBe(a.body.snapshotHash);

        const second = await post(w.keys.b, w.partnershipId, [
          ev('cost.incurred', '2026-01-11T09:00:00Z', { amount: '50.00', category: 'mdf' }),
        ]);
        const c = await kpis(w.keys.a, w.partnershipId, { minPosition: second }).expect(200);
        expect([c.body.position, pick(c.body, 'program_costs')]).toEqual([second, '150.00']);
        expect(pick(a.body, 'program_costs')).toBe('100.00');

        await new Promise((r) => setTimeout(r, 1100));
        const later = await kpis(w.keys.a, w.partnershipId, {}).expect(200);
        expect(Date.parse(later.body.asOf) - Date.parse(c.body.asOf)).toBeGreaterThanOrEqual(1000);
      },
    );
  });

  describe('series', () => {
    let w: Awaited<ReturnType<Fixtures['world']>>;
    let last = 0;
    beforeAll(async () => {
      w = await fx.world(unique('series'));
      const reg = (dealId: string, at: string) =>
        ev('deal.registered', at, {
          dealId,
          customerId: `c-${dealId}`,
          amount: '1000.00',
          source: 'partner_sourced',
        });
      const won = (dealId: string, at: string, amount: string) => ev('deal.won', at, { dealId, amount });
      last = await post(w.keys.a, w.partnershipId, [
        reg('S1', '2026-01-05T00:00:00Z'),
        won('S1', '2026-01-20T00:00:00Z', '1000.00'),
        reg('S2', '2026-01-06T00:00:00Z'),
        won('S2', '2026-03-02T00:00:00Z', '2500.00'),
        reg('S3', '2026-02-01T00:00:00Z'),
        won('S3', '2026-03-15T00:00:00Z', '500.00'),
      ]);
    });
    const series = (kpiId: string, query: Body) =>
      ledger.http
        .get(`/v1/partnerships/${w.partnershipId}/kpis/${kpiId}/series`)
        .query(query)
        .set(bearer(w.keys.a));

    it('gives a stock KPI at the end of each month and a period KPI for each month', async () => {
      await kpis(w.keys.a, w.partnershipId, { minPosition: last }).expect(200);
      const range = { period: 'month', from: '2026-01-01T00:00:00Z', to: '2026-04-30T23:59:59.999Z' };
      const revenue = await series('joint_revenue', range).expect(200);
      expect(revenue.body).toEqual({
        kpiId: 'joint_revenue',
        period: 'month',
        items: [
          {
            periodStart: '2026-01-01T00:00:00.000Z',
            periodEnd: '2026-01-31T23:59:59.999Z',
            value: '1000.00',
          },
          {
            periodStart: '2026-02-01T00:00:00.000Z',
            periodEnd: '2026-02-28T23:59:59.999Z',
            value: '1000.00',
          },
          {
            periodStart: '2026-03-01T00:00:00.000Z',
            periodEnd: '2026-03-31T23:59:59.999Z',
            value: '4000.00',
          },
          {
            periodStart: '2026-04-01T00:00:00.000Z',
            periodEnd: '2026-04-30T23:59:59.999Z',
            value: '4000.00',
          },
        ],
      });
      const closed = await series('deals_closed', range).expect(200);
      expect(closed.body.items.map((i: Body) => i.value)).toEqual([1, 0, 2, 0]);
      // March vs February: (3000 − 0) / 0 has no base → null; April vs March: (0 − 3000) / 3000 = −100 %.
      const growth = await series('revenue_growth_rate', range).expect(200);
      expect(growth.body.items.map((i: Body) => i.value)).toEqual([null, -100, null, -100]);
      const quarters = await series('deals_closed', {
        period: 'quarter',
        from: '2026-01-01T00:00:00Z',
        to: '2026-06-30T00:00:00Z',
      }).expect(200);
      expect(quarters.body.items.map((i: Body) => [i.periodStart, i.value])).toEqual([
        ['2026-01-01T00:00:00.000Z', 3],
        ['2026-04-01T00:00:00.000Z', 0],
      ]);
    });

    it(
      'with window=period counts only each month’s events for a flow KPI, and keeps a stock’s ' +
        'cumulative value',
      async () => {
        const range = { period: 'month', from: '2026-01-01T00:00:00Z', to: '2026-04-30T23:59:59.999Z' };
        const values = async (kpiId: string, window?: string) =>
          (await series(kpiId, { ...range, ...(window ? { window } : {}) }).expect(200)).body.items.map(
            (i: Body) => i.value,
          );
        // S1 in January; S2 (2500.00) and S3 (500.00) in March
        expect(await values('joint_revenue', 'period')).toEqual(['1000.00', '0.00', '3000.00', '0.00']);
        expect(await values('joint_revenue', 'cumulative')).toEqual(await values('joint_revenue'));
        // January: S1 15 days; March: S2 55 and S3 42 days → 48.5; no win in February or April: null
        expect(await values('sales_cycle_days', 'period')).toEqual([15, null, 48.5, null]);
        expect(await values('pipeline_value', 'period')).toEqual(await values('pipeline_value'));
      },
    );

    it('refuses an unknown KPI (404), period or window (400) or an inverted range (400)', async () => {
      await series('happiness', {}).expect(404);
      expect((await series('roi', { period: 'decade' }).expect(400)).body.errors[0].path).toBe('period');
      expect((await series('roi', { window: 'rolling' }).expect(400)).body.errors[0].path).toBe('window');
      expect(
        (await series('roi', { from: '2026-05-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }).expect(400)).body
          .errors[0].path,
      ).toBe('from');
    });
  });

  describe('portfolio and catalogue', () => {
    it(
      'shows governance every partnership with program ' + 'totals per currency, and refuses partners',
      async () => {
        const a = await fx.world(unique('pf'));
        const b = await fx.world(unique('pf'));
        const last = Math.max(
          await post(a.keys.a, a.partnershipId, [
            ev('cost.incurred', '2026-01-10T00:00:00Z', { amount: '100.00', category: 'mdf' }),
          ]),
          await post(b.keys.a, b.partnershipId, [
            ev('cost.incurred', '2026-01-11T00:00:00Z', { amount: '50.50', category: 'tools' }),
          ]),
        );
        await kpis(a.keys.a, a.partnershipId, { minPosition: last }).expect(200);
        const res = await ledger.http
          .get('/v1/kpis')
          .query({ category: 'financial', asOf: '2026-06-30T00:00:00Z' })
          .set(bearer(a.keys.governance))
          .expect(200);
        const ids = res.body.items.map((i: Body) => i.partnershipId);
        expect(ids).toEqual(expect.arrayContaining([a.partnershipId, b.partnershipId]));
        const item = res.body.items.find((i: Body) => i.partnershipId === a.partnershipId);
        expect(Object.keys(item.categories)).toEqual(['financial']);
        expect(pick(item, 'program_costs')).toBe('100.00');
        const eur = res.body.totals.find((t: Body) => t.currency === 'EUR');
        const sum = res.body.items
          .filter((i: Body) => i.currency === 'EUR')
          .reduce((s: number, i: Body) => s + Math.round(Number(pick(i as never, 'program_costs')) * 100), 0);
        expect(eur.partnerships).toBe(res.body.items.filter((i: Body) => i.currency === 'EUR').length);
        expect(pick(eur, 'program_costs')).toBe((sum / 100).toFixed(2));
        expect(Object.keys(eur.program)).toEqual(['avg_longevity_days', 'partnership_churn_rate']);
        expect(typeof eur.program.avg_longevity_days).toBe('number');
        await ledger.http.get('/v1/kpis').set(bearer(a.keys.a)).expect(403);
        // Portfolios are computed one at a time per process; concurrent ones wait and each gets its full
        // answer.
        const together = await Promise.all(
          Array.from({ length: 6 }, () =>
            ledger.http
              .get('/v1/kpis')
              .query({ category: 'financial', asOf: '2026-06-30T00:00:00Z' })
              .set(bearer(a.keys.governance)),
          ),
        );
        expect(together.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
        expect(together.map((r) => r.body)).toEqual(Array.from({ length: 6 }, () => res.body));
        // For "now", those that wait share the next run (unit-tested), whose asOf is after each was sent.
        const sent = Date.now();
        const now = await Promise.all(
          Array.from({ length: 6 }, () =>
            ledger.http.get('/v1/kpis').query({ category: 'financial' }).set(bearer(a.keys.governance)),
          ),
        );
        expect(now.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
        for (const r of now) expect(Date.parse(r.body.asOf)).toBeGreaterThanOrEqual(sent - 1);
      },
    );

    it('lists every KPI of the catalogue with its definition', async () => {
      const res = await ledger.http.get('/v1/kpi-catalogue').set(bearer(ADMIN_KEY)).expect(200);
      expect(res.body.items).toHaveLength(KPI_CATALOGUE.length);
      expect(res.body.items.find((k: Body) => k.kpiId === 'partner_revenue_share')).toEqual({
        kpiId: 'partner_revenue_share',
        category: 'financial',
        name: 'Partner revenue share',
        formula: expect.stringContaining('revenue.reported'),
        unit: '%',
        direction: 'higher_is_better',
        benchmark: '25–50 % for top performers',
        source: ['deal.registered', 'deal.won', 'revenue.reported'],
        periodic: 'flow',
      });
      expect(res.body.items.map((k: Body) => k.kpiId)).toContain('health_score');
    });
  });
});

describe.each(testBackends())('read-your-writes on %s while no process applies events', (backend) => {
  let ledger: TestLedger;
  let fx: Fixtures;
  useLedger(
    backend,
    (l, f) => {
      ledger = l;
      fx = f;
    },
    { LEDGER_PROJECTIONS: 'off' },
  );

  it(
    'answers 503 with the projection position when ' + 'an appended position is not applied within 5 s',
    async () => {
      const w = await fx.world(unique('behind'));
      const appended = await ledger.http
        .post(`/v1/partnerships/${w.partnershipId}/events`)
        .set(bearer(w.keys.a))
        .send(ev('cost.incurred', '2026-01-10T00:00:00Z', { amount: '10.00', category: 'mdf' }))
        .expect(201);
      const position = appended.body.events[0].position as number;
      const res = await ledger.http
        .get(`/v1/partnerships/${w.partnershipId}/kpis`)
        .query({ minPosition: position })
        .set(bearer(w.keys.a))
        .expect(503);
      expect(res.body).toMatchObject({ status: 503, projectionPosition: 0, minPosition: position });
      expect(res.headers['retry-after']).toBe('1');
    },
    15_000,
  );
});
