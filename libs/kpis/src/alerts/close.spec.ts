import { applyEvent } from '../facts/fold';
import { KpiFacts, emptyFacts, kpiEventOf } from '../facts/types';
import { advanceAlerts, needsFacts } from './advance';
import { foldAlertEvent } from './fold';
import { emptyAlertState, noChanges } from './state';
import { Alert, AlertInput, AlertState } from './types';

/**
 * Month closes worked by hand. A partnership formed on 2026-02-01 wins one partner-sourced deal a month,
 * February to July, of 10, 11, 12, 11, 10 and 30 thousand (the contract's example series); org-a reports
 * a cost every month on the 20th; org-b reports February's on 5 March and March's on 20 May. The charter
 * (version 1, from 2026-02-01) expects a cost every month from each partner.
 */
const day = (m: number, d: number) => Date.UTC(2026, m - 1, d);
const iso = (t: number) => new Date(t).toISOString();
const FORMED: Omit<AlertInput, 'position'> = {
  eventId: 'formed',
  type: 'partnership.formed',
  occurredAt: day(2, 1),
  recordedAt: day(2, 1),
  recordedBy: 'org-a',
  data: {
    name: 'P',
    type: 'reseller',
    partnerOrgIds: ['org-a', 'org-b'],
    currency: 'EUR',
    startedAt: iso(day(2, 1)),
  },
};

function history(): AlertInput[] {
  const list: Omit<AlertInput, 'position'>[] = [FORMED];
  const at = (t: number, by: string, eventId: string, type: string, data: Record<string, unknown>) =>
    list.push({ eventId, type, occurredAt: t, recordedAt: t, recordedBy: by, data });
  [10, 11, 12, 11, 10, 30].forEach((k, i) => {
    const amount = `${k}000.00`;
    const source = 'partner_sourced';
    at(day(i + 2, 15), 'org-a', `reg-${i}`, 'deal.registered', {
      dealId: `D${i}`,
      customerId: 'C',
      amount,
      source,
    });
    at(day(i + 2, 15), 'org-a', `won-${i}`, 'deal.won', { dealId: `D${i}`, amount });
    at(day(i + 2, 20), 'org-a', `cost-a-${i}`, 'cost.incurred', { amount: '10.00', category: 'mdf' });
  });
  list.push({ ...cost('cost-b-feb', day(2, 10)), recordedAt: day(3, 5) });
  list.push({ ...cost('cost-b-mar', day(3, 10)), recordedAt: day(5, 20) });
  list.sort((a, b) => a.recordedAt - b.recordedAt);
  return list.map((e, i) => ({ ...e, position: i + 1 }));
}

function cost(eventId: string, occurredAt: number): Omit<AlertInput, 'position'> {
  const data = { amount: '10.00', category: 'mdf' };
  return { eventId, type: 'cost.incurred', occurredAt, recordedAt: occurredAt, recordedBy: 'org-b', data };
}

const CHARTER = {
  version: 1,
  from: day(2, 1),
  lateAfterDays: 7,
  disputeSlaDays: 14,
  expected: [{ type: 'cost.incurred', every: 'month' as const, fromEachPartner: true }],
};

function alertsUntil(now: number): Alert[] {
  let state: AlertState = { ...emptyAlertState('p-1'), charters: [CHARTER] };
  let facts: KpiFacts = emptyFacts();
  const alerts = new Map<string, Alert>();
  const changes = noChanges();
  for (const e of history()) {
    const before = facts;
    facts = applyEvent(facts, kpiEventOf({ ...e, occurredAt: iso(e.occurredAt) })).facts;
    state = foldAlertEvent(state, e, { before, after: facts }, changes);
  }
  advanceAlerts(state, now, needsFacts(state, now) ? facts : undefined, changes);
  for (const a of changes.raised.values()) alerts.set(a.alertId, a);
  for (const [id, clearedAt] of changes.cleared) alerts.set(id, { ...alerts.get(id)!, clearedAt });
  return [...alerts.values()].sort(
    (a, b) => a.raisedAt.localeCompare(b.raisedAt) || a.kind.localeCompare(b.kind),
  );
}

describe('month closes', () => {
  it('raises missing data, late data and the anomalous month at the closes that judge them', () => {
    const brief = (a: Alert) => [a.kind, a.subject, a.raisedAt, a.position, a.clearedAt ?? null];
    const missingB = (month: number) => ({
      type: 'cost.incurred',
      every: 'month',
      periodStart: iso(day(month, 1)),
      orgId: 'org-b',
    });
    // Positions: formation 1; each month m (Feb = 0) adds registered and won on the 15th and org-a's cost on
    // the 20th (3 events); org-b's February cost (5 March) is 5, its March cost (20 May) is 15.
    expect(alertsUntil(day(8, 2)).map(brief)).toEqual([
      ['missing_data', missingB(2), '2026-03-01T00:00:00.000Z', 4, '2026-03-05T00:00:00.000Z'],
      ['missing_data', missingB(3), '2026-04-01T00:00:00.000Z', 8, '2026-05-20T00:00:00.000Z'],
      ['missing_data', missingB(4), '2026-05-01T00:00:00.000Z', 11, null],
      [
        'late_data',
        { orgId: 'org-b', periodStart: iso(day(3, 1)) },
        '2026-05-20T00:00:00.000Z',
        15,
        '2026-06-01T00:00:00.000Z',
      ],
      ['missing_data', missingB(5), '2026-06-01T00:00:00.000Z', 15, null],
      ['missing_data', missingB(6), '2026-07-01T00:00:00.000Z', 18, null],
      [
        'anomaly',
        { kpiId: 'joint_revenue', periodStart: iso(day(7, 1)) },
        '2026-08-01T00:00:00.000Z',
        21,
        null,
      ],
      ['missing_data', missingB(7), '2026-08-01T00:00:00.000Z', 21, null],
    ]);
  });
});
