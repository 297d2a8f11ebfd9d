import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { loadGolden } from '../libs/kpis/src/testing/golden';
import { ADMIN_KEY, Fixtures, TestLedger, bearer, startLedger, unique } from './support/ledger';
import { START_TIMEOUT_MS, call, envWithout, startService, stopService } from './support/process';

/**
 * Expensive reads (atPosition replays, series, portfolios) run in worker threads and are admitted per kind
 * up to a limit. Real: the app, PGlite, worker threads (from TypeScript under jest; compiled from dist/ in
 * the service), HTTP. Faked: nothing. No figure here is a duration: speed is for bench/isolation.ts.
 */
type Body = Record<string, unknown>;
const dayOf = (n: number) => new Date(Date.UTC(2025, 9, 2) + (n % 200) * 86_400_000).toISOString();
const ev = (n: number) => {
  const day = dayOf(n);
  if (n % 3 === 0)
    return {
      eventId: randomUUID(),
      type: 'deal.registered',
      occurredAt: day,
      data: { dealId: `D${n}`, customerId: `c${n}`, amount: '1200.00', source: 'partner_sourced' },
    };
  // A win occurs on its registration's day, never before it (the integrity rules).
  if (n % 3 === 1)
    return {
      eventId: randomUUID(),
      type: 'deal.won',
      occurredAt: dayOf(n - 1),
      data: { dealId: `D${n - 1}`, amount: '1500.00' },
    };
  return {
    eventId: randomUUID(),
    type: 'cost.incurred',
    occurredAt: day,
    data: { amount: '100.25', category: 'mdf' },
  };
};

describe(
  'a flood of expensive reads on pglite, ' + 'with limits of 2 replays, 2 series and 2 portfolio runs',
  () => {
    let ledger: TestLedger;
    let w: Awaited<ReturnType<Fixtures['world']>>;
    let head = 0;
    const limits = {
      LEDGER_KPI_WORKERS: '1',
      LEDGER_KPI_REPLAY_LIMIT: '2',
      LEDGER_KPI_SERIES_LIMIT: '2',
      LEDGER_KPI_PORTFOLIO_LIMIT: '2',
    };

    beforeAll(async () => {
      ledger = await startLedger('pglite', limits);
      w = await new Fixtures(ledger).world(unique('flood'));
      for (let batch = 0; batch < 3; batch += 1) {
        const events = Array.from({ length: 200 }, (_, i) => ev(batch * 200 + i));
        const res = await ledger.http
          .post(`/v1/partnerships/${w.partnershipId}/events`)
          .set(bearer(w.keys.a))
          .send({ events })
          .expect(201);
        head = res.body.events.at(-1).position as number;
      }
    });
    afterAll(() => ledger.close());

    const replay = (position: number) =>
      ledger.http
        .get(`/v1/partnerships/${w.partnershipId}/kpis`)
        .query({ atPosition: position })
        .set(bearer(w.keys.a));
    const series = (n: number) =>
      ledger.http
        .get(`/v1/partnerships/${w.partnershipId}/kpis/win_rate/series`)
        .query({ period: 'week', to: new Date(Date.UTC(2026, 5, 1 + n)).toISOString() })
        .set(bearer(w.keys.a));
    // Each its own asOf, so none shares another's run: every one of them asks for a run of its own.
    const portfolio = (n: number) =>
      ledger.http
        .get('/v1/kpis')
        .query({ asOf: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString() })
        .set(bearer(w.keys.governance));
    const health = () => ledger.http.get('/health');

    it(
      'answers each kind past its limit at once with 429, ' +
        'Retry-After and a busy problem, while /health answers 200',
      async () => {
        // Warm: keys, profiles and the worker thread are ready, so the flood's requests reach the limit
        // together.
        await Promise.all([replay(head).expect(200), series(0).expect(200), portfolio(0).expect(200)]);
        const flood = {
          replays: Array.from({ length: 12 }, (_, i) => replay(head - i)),
          series: Array.from({ length: 12 }, (_, i) => series(i)),
          portfolios: Array.from({ length: 8 }, (_, i) => portfolio(i + 1)),
          health: Array.from({ length: 4 }, () => health()),
        };
        const answered = Object.fromEntries(
          await Promise.all(
            Object.entries(flood).map(
              async ([kind, requests]) => [kind, await Promise.all(requests)] as const,
            ),
          ),
        ) as Record<keyof typeof flood, Response[]>;

        expect(answered.health.map((r) => r.status)).toEqual([200, 200, 200, 200]);
        const kinds = {
          replays: ['atPosition replays', 2],
          series: ['series', 2],
          portfolios: ['portfolios', 2],
        } as const;
        for (const [name, [kind, limit]] of Object.entries(kinds)) {
          const responses = answered[name as keyof typeof kinds];
          expect(new Set(responses.map((r) => r.status))).toEqual(new Set([200, 429]));
          for (const refused of responses.filter((r) => r.status === 429)) {
            expect(refused.headers['retry-after']).toMatch(/^[1-9]\d*$/);
            expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
            expect(refused.body).toMatchObject({
              type: 'https://partnership-ledger.dev/problems/busy',
              status: 429,
              kind,
              limit,
              instance: expect.any(String),
            });
            expect(refused.body.detail).toContain(`retry after ${refused.headers['retry-after']} s`);
          }
        }
      },
    );

    it(
      'admits again once the flood has been answered, ' +
        'and counts where the work ran and what was refused',
      async () => {
        await Promise.all([replay(head - 1).expect(200), series(3).expect(200), portfolio(30).expect(200)]);
        const metrics = (await ledger.http.get('/metrics').set(bearer(ADMIN_KEY)).expect(200)).text;
        for (const kind of ['replay', 'series', 'portfolio']) {
          expect(metrics).toMatch(
            new RegExp(`^ledger_kpi_tasks_total\\{kind="${kind}",where="worker"\\} [1-9]`, 'm'),
          );
          expect(metrics).toMatch(
            new RegExp(`^ledger_expensive_reads_refused_total\\{kind="${kind}"\\} [1-9]`, 'm'),
          );
        }
      },
    );

    it(
      'lets requests that join a waiting portfolio ' + 'run share it without counting against the limit',
      async () => {
        const same = await Promise.all(Array.from({ length: 6 }, () => portfolio(40)));
        expect(same.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
        expect(new Set(same.map((r) => JSON.stringify(r.body))).size).toBe(1);
      },
    );
  },
);

describe('the service as users run it (compiled worker threads) against LEDGER_KPI_WORKERS=0', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-workers-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = (workers: number) => ({
    ...envWithout('DATABASE_URL'),
    LEDGER_DATA_DIR: dataDir,
    LEDGER_ADMIN_KEY: ADMIN_KEY,
    LOG_LEVEL: 'warn',
    LEDGER_KPI_WORKERS: String(workers),
  });
  const scenario = loadGolden('scenario-a');

  /**
   * The golden scenario (EUR), posted by its partners, and a partnership in USD: a portfolio of two programs.
   */
  async function seed(url: string): Promise<void> {
    const send = async (key: string, path: string, body: unknown) => {
      const res = await call(url, key, 'POST', path, body);
      if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    const keys: Record<string, string> = {};
    for (const org of scenario.organizations) {
      await send(ADMIN_KEY, '/v1/organizations', org);
      keys[org.orgId] = (await send(ADMIN_KEY, '/v1/api-keys', { role: 'partner', orgId: org.orgId }))
        .key as string;
    }
    const { partnershipId, partnerOrgIds } = scenario.partnership;
    await send(keys[partnerOrgIds[1]], '/v1/partnerships', scenario.partnership);
    for (const { postedBy, ...event } of scenario.events)
      await send(keys[postedBy], `/v1/partnerships/${partnershipId}/events`, event);
    await send(keys[partnerOrgIds[0]], '/v1/partnerships', {
      ...scenario.partnership,
      partnershipId: 'in-usd',
      currency: 'USD',
    });
    await send(keys[partnerOrgIds[0]], '/v1/partnerships/in-usd/events', {
      events: Array.from({ length: 60 }, (_, n) => ev(n)),
    });
  }

  /** Every expensive answer of the seeded ledger, with explicit asOf (so both runs ask the same). */
  async function answers(url: string): Promise<Body[]> {
    // Series and portfolios read the projected facts: both runs must see every event applied.
    for (let lag = -1; lag !== 0; await new Promise((r) => setTimeout(r, 50))) {
      lag = ((await call(url, ADMIN_KEY, 'GET', '/v1/projections')).body.items as { lag: number }[])[0].lag;
    }
    const pid = scenario.partnership.partnershipId;
    const paths = [
      ...[5, 20, 37].map((p) => `/v1/partnerships/${pid}/kpis?atPosition=${p}&asOf=2026-06-30T00:00:00Z`),
      `/v1/partnerships/${pid}/kpis/win_rate/series?period=month&to=2026-06-30T00:00:00Z`,
      `/v1/partnerships/${pid}/kpis/program_costs/series?period=week&to=2026-06-30T00:00:00Z`,
      '/v1/kpis?asOf=2026-06-30T00:00:00Z',
      '/v1/kpis?asOf=2026-03-31T00:00:00Z&category=financial',
    ];
    return Promise.all(
      paths.map(async (path) => {
        const res = await call(url, ADMIN_KEY, 'GET', path);
        expect([path, res.status]).toEqual([path, 200]);
        return res.body;
      }),
    );
  }

  it(
    'gives byte-identical answers (snapshotHash included) computed in worker threads and on the event loop',
    async () => {
      const inline = await startService(env(0));
      let onLoop: Body[];
      try {
        await seed(inline.url);
        onLoop = await answers(inline.url);
      } finally {
        expect(await stopService(inline)).toBe(0);
      }
      const pooled = await startService(env(2));
      try {
        const inWorkers = await answers(pooled.url);
        expect(JSON.stringify(inWorkers)).toBe(JSON.stringify(onLoop));
        expect(inWorkers.slice(0, 3).map((s) => s.snapshotHash)).toEqual(
          onLoop.slice(0, 3).map((s) => s.snapshotHash),
        );
        const metrics = await fetch(`${pooled.url}/metrics`, {
          headers: { Authorization: `Bearer ${ADMIN_KEY}` },
        }).then((r) => r.text());
        expect(metrics).toMatch(/^ledger_kpi_tasks_total\{kind="replay",where="worker"\} 3$/m);
        expect(metrics).toMatch(/^ledger_kpi_tasks_total\{kind="series",where="worker"\} 2$/m);
        expect(metrics).toMatch(/^ledger_kpi_tasks_total\{kind="portfolio",where="worker"\} 2$/m);
      } finally {
        expect(await stopService(pooled)).toBe(0);
      }
    },
    3 * START_TIMEOUT_MS,
  );
});
