import fc from 'fast-check';
import { KPI_CATALOGUE, KpiCategory } from '@ledger/domain';
import { DEFAULT_ANOMALY_KPIS, anomalyMonths, foldFacts, periodOf, viewFor } from '@ledger/kpis';
import { history, kpiEventsOf } from '@ledger/kpis/testing/arbitrary';
import { LedgerConfig, loadConfig } from '../../config/config';
import { LedgerMetrics } from '../../metrics/metrics';
import { PortfolioPart, SeriesTask } from './kpi-tasks';
import { KpiWorkers } from './kpi-workers';

/**
 * Worker threads against the event loop on the same inputs. Real: piscina, worker threads, structured
 * clone, the worker entry (under jest, ts-worker.cjs compiling kpi-worker.ts). Faked: nothing; the
 * inputs are random partnership histories (fast-check), not read from a database.
 */
const withWorkers = (n: number): LedgerConfig => loadConfig({ LEDGER_KPI_WORKERS: String(n) });

describe('KPI answers computed in worker threads', () => {
  const threads = new KpiWorkers(withWorkers(2), new LedgerMetrics());
  const inProcess = new KpiWorkers(withWorkers(0), new LedgerMetrics());
  afterAll(() => threads.onApplicationShutdown());

  const asOfDay = fc
    .integer({ min: 0, max: 450 })
    .map((d) => new Date(Date.UTC(2025, 9, 1 + d, 12)).toISOString());

  it('give an atPosition replay the same bytes and snapshotHash as the event loop', async () => {
    await fc.assert(
      fc.asyncProperty(history(60), asOfDay, fc.nat(), async (posted, asOf, cut) => {
        const events = kpiEventsOf(posted);
        const request = { partnershipId: 'p', currency: 'EUR', asOf, atPosition: 1 + (cut % events.length) };
        const [worker, local] = await Promise.all([
          threads.replay(events, request),
          inProcess.replay(events, request),
        ]);
        expect(worker).toEqual(local);
        expect(worker.snapshotHash).toBe(local.snapshotHash);
      }),
      { numRuns: 40 },
    );
  });

  it('give a series the same points as the event loop, for every kind of period and window', async () => {
    await fc.assert(
      fc.asyncProperty(
        history(60),
        fc.constantFrom('week', 'month', 'quarter'),
        fc.constantFrom(...KPI_CATALOGUE),
        fc.constantFrom('cumulative', 'period'),
        async (posted, kind, def, window) => {
          const facts = foldFacts(kpiEventsOf(posted));
          const to = Date.UTC(2026, 11, 31);
          const periods = [];
          for (let p = periodOf(kind, Date.UTC(2025, 9, 1)); p.start <= to; p = periodOf(kind, p.end + 1))
            periods.push(p);
          const task: SeriesTask = {
            partnershipId: 'p',
            currency: 'EUR',
            kpiId: def.kpiId,
            category: def.category,
            periods,
            to,
            window,
          };
          const [worker, local] = await Promise.all([
            threads.series(facts, task),
            inProcess.series(facts, task),
          ]);
          expect(worker).toEqual(local);
          expect(worker).toHaveLength(periods.length);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('give the data-quality anomalies’ month values the same as the event loop', async () => {
    const kpis = KPI_CATALOGUE.filter((k) => DEFAULT_ANOMALY_KPIS.includes(k.kpiId));
    await fc.assert(
      fc.asyncProperty(history(60), asOfDay, async (posted, asOf) => {
        const facts = foldFacts(kpiEventsOf(posted));
        const months = anomalyMonths(Date.UTC(2025, 9, 1), Date.parse(asOf));
        const task = { partnershipId: 'p', currency: 'EUR', months, kpis };
        const [worker, local] = await Promise.all([
          threads.months(facts, task),
          inProcess.months(facts, task),
        ]);
        expect(worker).toEqual(local);
        expect(worker).toHaveLength(months.length);
      }),
      { numRuns: 20 },
    );
  });

  it(
    'give a portfolio (item snapshotHashes and program ' +
      'totals per currency) the same bytes as the event loop',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(history(30), { minLength: 1, maxLength: 4 }),
          asOfDay,
          fc.boolean(),
          async (histories, asOf, oneCategory) => {
            const categories = oneCategory ? (['financial'] as const) : undefined;
            const parts: PortfolioPart[] = histories.map((h, i) => {
              const facts = foldFacts(kpiEventsOf(h));
              const currency = i % 2 ? 'USD' : 'EUR';
              const request = {
                partnershipId: `p${i}`,
                currency,
                asOf,
                position: facts.position,
                ...(categories ? { categories } : {}),
              };
              return { view: viewFor(facts, request), request, name: `P${i}`, status: 'active' };
            });
            const [worker, local] = await Promise.all([
              threads.portfolio(parts, asOf, categories),
              inProcess.portfolio(parts, asOf, categories),
            ]);
            expect(worker).toEqual(local);
            expect(worker.items.map((i) => i.snapshotHash)).toEqual(local.items.map((i) => i.snapshotHash));
            expect(worker.totals.map((t) => t.currency)).toEqual(
              histories.length > 1 ? ['EUR', 'USD'] : ['EUR'],
            );
          },
        ),
        { numRuns: 25 },
      );
    },
  );

  it('gives a failure inside the thread to its caller, and the pool goes on', async () => {
    const task: SeriesTask = {
      partnershipId: 'p',
      currency: 'EUR',
      kpiId: 'roi',
      // A task no request can make (the API checks the KPI): a category that does not exist throws inside.
      category: 'no_such_category' as KpiCategory,
      periods: [periodOf('month', 0)],
      to: 0,
      window: 'cumulative',
    };
    const facts = foldFacts(kpiEventsOf([]));
    await expect(threads.series(facts, task)).rejects.toThrow();
    const request = { partnershipId: 'p', currency: 'EUR', asOf: '2026-01-01T00:00:00.000Z' };
    await expect(threads.replay(kpiEventsOf([]), request)).resolves.toMatchObject({ position: 1 });
  });
});
