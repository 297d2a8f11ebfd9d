import { ADMIN_KEY, bearer, Fixtures, TestLedger, testBackends, unique, useLedger } from './support/ledger';

/**
 * Alerts (API.md, "Alerts") as a committee reads them: an overdue milestone the ledger learnt of after
 * its deadline (raised at the deadline, at the plan's position; cleared at the hit's business time), a
 * milestone hit in the same request that planned it (no alert), two late reports of one month by one
 * org (one alert, raised when the first was recorded, at its position; open until the month's close, a
 * retraction notwithstanding), who may see them, and a rebuild that reproduces every field.
 */
const TICK = { LEDGER_ALERT_TICK_MS: '100', LEDGER_ALERT_GRACE_MS: '0' };

interface AlertItem {
  alertId: string;
  partnershipId: string;
  kind: string;
  subject: Record<string, string>;
  raisedAt: string;
  position: number;
  clearedAt?: string;
}

describe.each(testBackends())('alerts on %s', (backend) => {
  let ledger: TestLedger;
  let fixtures: Fixtures;
  useLedger(backend, (l, f) => ((ledger = l), (fixtures = f)), TICK);

  const get = (key: string, path: string) => ledger.http.get(path).set(bearer(key));
  const append = async (key: string, pid: string, events: object[]) => {
    const res = await ledger.http.post(`/v1/partnerships/${pid}/events`).set(bearer(key)).send({ events });
    if (res.status !== 201) throw new Error(`append failed: ${JSON.stringify(res.body)}`);
    return res.body.events as { eventId: string; position: number }[];
  };
  /** The partnership's alerts once `until` holds (the projection and its ticks are asynchronous). */
  const alertsOnce = async (pid: string, until: (items: AlertItem[]) => boolean, query = '') => {
    let items: AlertItem[] = [];
    for (let i = 0; i < 100; i += 1) {
      const res = await get(ADMIN_KEY, `/v1/alerts?partnershipId=${pid}${query}`).expect(200);
      items = res.body.items;
      if (until(items)) return items;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`alerts never settled: ${JSON.stringify(items)}`);
  };

  it('raises and clears each alert once, shows a partner only its own, and a rebuild gives the same', async () => {
    const w = await fixtures.world(unique('alr'));
    const other = await fixtures.world(unique('alr2'));
    const pid = w.partnershipId;
    const plan = (id: string, dueDate: string) => ({
      type: 'milestone.planned',
      occurredAt: '2026-12-01T00:00:00Z',
      data: { milestoneId: id, title: id, dueDate },
    });
    const [m1] = await append(w.keys.a, pid, [
      plan('M1', '2026-03-31'),
      plan('M2', '2026-04-30'),
      { type: 'milestone.hit', occurredAt: '2026-12-02T00:00:00Z', data: { milestoneId: 'M2' } },
    ]);
    const cost = { amount: '10.00', category: 'mdf' };
    const [late] = await append(w.keys.b, pid, [
      { type: 'cost.incurred', occurredAt: '2026-10-15T00:00:00Z', data: cost },
      { type: 'cost.incurred', occurredAt: '2026-10-20T00:00:00Z', data: cost },
    ]);
    const recorded = (await get(ADMIN_KEY, `/v1/partnerships/${pid}/events?limit=100`).expect(200)).body
      .items as {
      eventId: string;
      recordedAt: string;
    }[];
    const lateRecordedAt = recorded.find((e) => e.eventId === late.eventId)!.recordedAt;

    const raised = await alertsOnce(pid, (items) => items.length === 2);
    expect(
      raised.map(({ alertId, ...rest }) => (expect(alertId).toMatch(/^al_[0-9a-f]{32}$/), rest)),
    ).toEqual([
      {
        partnershipId: pid,
        kind: 'late_data',
        subject: { orgId: w.orgs.b, periodStart: '2026-10-01T00:00:00.000Z' },
        raisedAt: lateRecordedAt,
        position: late.position,
      },
      {
        partnershipId: pid,
        kind: 'milestone_overdue',
        subject: { milestoneId: 'M1' },
        raisedAt: '2026-03-31T23:59:59.999Z',
        position: m1.position,
      },
    ]);

    await append(w.keys.a, pid, [
      { type: 'milestone.hit', occurredAt: '2026-12-03T00:00:00Z', data: { milestoneId: 'M1' } },
    ]);
    const reason = 'entered twice';
    await append(w.keys.b, pid, [
      {
        type: 'event.retracted',
        occurredAt: '2026-12-03T00:00:00Z',
        data: { eventId: late.eventId, reason },
      },
    ]);
    const cleared = await alertsOnce(pid, (items) => items.length === 1, '&state=cleared');
    expect(cleared.map((a) => [a.kind, a.clearedAt])).toEqual([
      ['milestone_overdue', '2026-12-03T00:00:00.000Z'],
    ]);
    // A restatement stays on the record until the month's close, even if a report of it is retracted.
    const open = (await get(ADMIN_KEY, `/v1/alerts?partnershipId=${pid}&state=open`).expect(200)).body.items;
    expect(open).toEqual([raised[0]]);
    const all = [...open, ...cleared];

    await get(other.keys.a, `/v1/alerts?partnershipId=${pid}`).expect(404);
    const own = (await get(other.keys.a, '/v1/alerts').expect(200)).body.items as AlertItem[];
    expect(own.filter((a) => a.partnershipId === pid)).toEqual([]);
    expect((await get(w.keys.a, '/v1/alerts').expect(200)).body.items).toEqual(all);
    const bad = await get(w.keys.governance, '/v1/alerts?state=closed').expect(400);
    expect(bad.body.errors[0].path).toBe('state');

    await ledger.http.post('/v1/projections/rebuild').set(bearer(ADMIN_KEY)).expect(202);
    let view = (await get(ADMIN_KEY, '/v1/projections').expect(200)).body.items[0];
    for (let i = 0; i < 200 && view.rebuild?.state !== 'completed'; i += 1) {
      await new Promise((r) => setTimeout(r, 50));
      view = (await get(ADMIN_KEY, '/v1/projections').expect(200)).body.items[0];
    }
    expect(view.rebuild.state).toBe('completed');
    expect((await get(ADMIN_KEY, `/v1/alerts?partnershipId=${pid}`).expect(200)).body.items).toEqual(all);
  });
});
