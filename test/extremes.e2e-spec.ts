import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { KPI_CATALOGUE } from '@ledger/domain';
import { ADMIN_KEY, Fixtures, TestLedger, bearer, testBackends, unique, useLedger } from './support/ledger';
import { ROOT } from './support/process';

/**
 * One partner posting the largest numbers the ledger accepts must not break anyone's KPIs: the
 * partnership's snapshot, every series, the portfolio and the auditor's offline replay all answer.
 * Numbers beyond the documented ranges are refused with the field and the range.
 */
const MAX_MONEY = '999999999999999.99';
const exec = promisify(execFile);

describe.each(testBackends())('numbers at the edges of their ranges on %s', (backend) => {
  let ledger: TestLedger;
  let fx: Fixtures;
  useLedger(backend, (l, f) => {
    ledger = l;
    fx = f;
  });

  const post = (key: string, pid: string, type: string, data: Record<string, unknown>) =>
    ledger.http
      .post(`/v1/partnerships/${pid}/events`)
      .set(bearer(key))
      .send({ eventId: randomUUID(), type, occurredAt: '2026-02-01T00:00:00Z', data });

  it(
    'answers every KPI, series, the portfolio and the ' + 'offline replay after the largest accepted amounts',
    async () => {
      const w = await fx.world(unique('extreme'));
      const other = await fx.world(unique('extreme-other'));
      for (const pid of [w.partnershipId, other.partnershipId]) {
        const key = pid === w.partnershipId ? w.keys.a : other.keys.a;
        for (let i = 0; i < 3; i += 1)
          await post(key, pid, 'cost.incurred', { amount: MAX_MONEY, category: 'mdf' }).expect(201);
        for (const value of [1e12, 1e12])
          await post(key, pid, 'impact.recorded', {
            dimension: 'social',
            metric: 'm',
            value,
            unit: 'u',
          }).expect(201);
        await post(key, pid, 'resource.allocated', { hours: 0.01, kind: 'eng' }).expect(201);
        await post(key, pid, 'resource.utilized', { hours: 1_000_000, kind: 'eng' }).expect(201);
      }
      const asOf = '2026-03-31T23:59:59Z';
      const last = (await ledger.http.get('/v1/ledger/head').set(bearer(ADMIN_KEY)).expect(200)).body
        .treeSize;
      const snap = await ledger.http
        .get(`/v1/partnerships/${w.partnershipId}/kpis`)
        .query({ asOf, minPosition: last })
        .set(bearer(w.keys.b))
        .expect(200);
      const kpi = (id: string) =>
        Object.values(snap.body.categories as Record<string, { kpiId: string }[]>)
          .flat()
          .find((k) => k.kpiId === id);
      expect(kpi('program_costs')).toMatchObject({
        value: '2999999999999999.97',
        breakdown: { mdf: '2999999999999999.97' },
      });
      expect(kpi('impact_total')).toMatchObject({ value: 2e12 });
      // 1 000 000 h utilized of 0.01 h allocated: 10⁸ × 100 %
      expect(kpi('resource_utilization')).toMatchObject({ value: 1e10 });
      for (const { kpiId } of KPI_CATALOGUE) {
        await ledger.http
          .get(`/v1/partnerships/${w.partnershipId}/kpis/${kpiId}/series`)
          .query({ period: 'month', from: '2026-01-01T00:00:00Z', to: asOf })
          .set(bearer(w.keys.a))
          .expect(200);
      }
      const portfolio = await ledger.http
        .get('/v1/kpis')
        .query({ asOf, category: 'financial' })
        .set(bearer(w.keys.governance))
        .expect(200);
      const eur = portfolio.body.totals.find((t: { currency: string }) => t.currency === 'EUR');
      const programCosts = eur.categories.financial.find(
        (k: { kpiId: string }) => k.kpiId === 'program_costs',
      );
      // Both partnerships' costs pooled: 2 × 2 999 999 999 999 999.97
      expect(programCosts.value).toBe('5999999999999999.94');

      const dir = mkdtempSync(join(tmpdir(), 'ledger-extremes-'));
      try {
        await ledger.app.listen(0, '127.0.0.1');
        const url = (await ledger.app.getUrl()).replace('[::1]', '127.0.0.1');
        const cli = (args: string[]) =>
          exec(process.execPath, [join(ROOT, 'apps/ledger-cli/bin/ledger.mjs'), ...args], { cwd: ROOT });
        await cli(['export', '--url', url, '--key', w.keys.a, '--out', join(dir, 'a.ndjson')]);
        const offline = JSON.parse(
          (
            await cli([
              'kpis',
              '--export',
              join(dir, 'a.ndjson'),
              '--partnership',
              w.partnershipId,
              '--asOf',
              asOf,
            ])
          ).stdout,
        );
        expect(offline.snapshotHash).toBe(snap.body.snapshotHash);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    120_000,
  );

  it.each([
    [
      'impact.recorded',
      { dimension: 'social', metric: 'm', value: 1.7e308, unit: 'u' },
      'data.value',
      'must be at most 1000000000000',
    ],
    ['resource.allocated', { hours: 1e-300, kind: 'eng' }, 'data.hours', 'must be at least 0.01'],
    ['resource.utilized', { hours: 1e300, kind: 'eng' }, 'data.hours', 'must be at most 1000000'],
    ['target.set', { kpiId: 'roi', target: -1e16 }, 'data.target', 'must be at least -1000000000000000'],
    [
      'engagement.logged',
      { activity: 'training', durationMinutes: 1e9 },
      'data.durationMinutes',
      'must be at most 525600',
    ],
    [
      'cost.incurred',
      { amount: '1000000000000000.00', category: 'mdf' },
      'data.amount',
      expect.stringContaining('decimal string'),
    ],
  ])('refuses %s beyond its range, naming the field and the range', async (type, data, path, message) => {
    const w = await fx.world(unique('range'));
    const res = await post(w.keys.a, w.partnershipId, type, data).expect(400);
    expect(res.body.errors).toEqual([{ path, message }]);
    const events = await ledger.http
      .get(`/v1/partnerships/${w.partnershipId}/events`)
      .set(bearer(w.keys.a))
      .expect(200);
    expect(events.body.items).toHaveLength(1);
  });
});
