import { decodeFacts, encodeAll } from '../facts/codec';
import { foldFacts } from '../facts/fold';
import { computeSnapshot } from '../snapshot';
import { CO, Ledger, NW, entry, v } from './ledger';

/**
 * Who recorded what (partnership formed by northwind on 2025-05-01):
 *    1 cost.incurred            northwind 2025-06-01 00:00
 *    2 deal.registered D1       contoso   2025-07-01
 *    3 deal.won D1              northwind 2025-08-01
 *    4 milestone.planned M1     contoso   2025-09-01
 *    5 milestone.hit M1         contoso   2025-10-01
 *    6 escalation.raised E1     northwind 2025-11-01
 *    7 escalation.acknowledged  contoso   2025-11-02
 *    8 escalation.resolved      northwind 2025-11-03
 *    9 survey.answered          contoso   2026-01-10
 *   10 engagement.logged        admin     2026-02-01 (not a member org: not counted)
 *   11 target.set               northwind 2026-02-02
 *   12 engagement.logged        contoso   2026-03-01, retracted by contoso 03-02 (neither counts)
 *   13 deal.touched D1          contoso   2026-03-31 00:00
 *   14 cost.incurred            northwind 2026-04-15
 *   15 partnership.ended        northwind 2026-05-20 (not counted, like partnership.formed)
 */
function balanceLedger(): Ledger {
  const l = new Ledger({ startedAt: '2025-05-01T00:00:00Z' });
  const add = (type: string, day: string, data: Record<string, unknown>, by: string) =>
    l.add(type, `${day}T00:00:00Z`, data, by);
  add('cost.incurred', '2025-06-01', { amount: '10.00', category: 'mdf' }, NW);
  add(
    'deal.registered',
    '2025-07-01',
    { dealId: 'D1', customerId: 'c', amount: '1.00', source: 'direct' },
    CO,
  );
  add('deal.won', '2025-08-01', { dealId: 'D1', amount: '1.00' }, NW);
  add('milestone.planned', '2025-09-01', { milestoneId: 'M1', title: 'm', dueDate: '2025-09-30' }, CO);
  add('milestone.hit', '2025-10-01', { milestoneId: 'M1' }, CO);
  add('escalation.raised', '2025-11-01', { escalationId: 'E1', severity: 'low', summary: 's' }, NW);
  add('escalation.acknowledged', '2025-11-02', { escalationId: 'E1' }, CO);
  add('escalation.resolved', '2025-11-03', { escalationId: 'E1' }, NW);
  add(
    'survey.answered',
    '2026-01-10',
    { surveyId: 's', respondent: 'partner', metric: 'csat', score: 4 },
    CO,
  );
  add('engagement.logged', '2026-02-01', { activity: 'training' }, 'admin');
  add('target.set', '2026-02-02', { kpiId: 'roi', target: 10 }, NW);
  const mistaken = add('engagement.logged', '2026-03-01', { activity: 'training' }, CO);
  l.retract(mistaken, '2026-03-02T00:00:00Z', CO);
  add('deal.touched', '2026-03-31', { dealId: 'D1', orgId: CO, touch: 'demo' }, CO);
  add('cost.incurred', '2026-04-15', { amount: '10.00', category: 'mdf' }, NW);
  add('partnership.ended', '2026-05-20', { reason: 'done' }, NW);
  return l;
}

describe('Given events recorded by both member orgs, by admin, and retracted, over a year', () => {
  const ledger = balanceLedger();

  describe('When reporting_balance is read on 2026-03-31 (window from 2025-03-31, exclusive)', () => {
    const s = ledger.kpis('2026-03-31T00:00:00Z');

    it(
      'Then northwind recorded 5 (1, 3, 6, 8, 11) and contoso 6 (2, 4, 5, 7, 9, 13): ' +
        '5/11 × 2 × 100 = 90.909… → 90.91',
      () => {
        expect(v(s, 'reporting_balance')).toBe(90.91);
      },
    );

    it('Then its breakdown is each org’s share: northwind 5/11 = 45.45 %, contoso 6/11 = 54.55 %', () => {
      expect(entry(s, 'reporting_balance').breakdown).toStrictEqual({ contoso: 54.55, northwind: 45.45 });
    });
  });

  describe('When it is read on 2026-06-01 (window from 2025-06-01 00:00, exclusive)', () => {
    it('Then event 1 falls out as 14 comes in, and the end does not count: still 5 against 6', () => {
      const s = ledger.kpis('2026-06-01T00:00:00Z');
      expect(v(s, 'reporting_balance')).toBe(90.91);
      expect(entry(s, 'reporting_balance').breakdown).toStrictEqual({ contoso: 54.55, northwind: 45.45 });
    });
  });

  describe('When only one org records anything', () => {
    it('Then it is 0: the silent org has a share of 0 %', () => {
      const l = new Ledger({ startedAt: '2026-01-01T00:00:00Z' });
      l.add('cost.incurred', '2026-01-05T00:00:00Z', { amount: '1.00', category: 'mdf' }, NW);
      l.add('engagement.logged', '2026-01-06T00:00:00Z', { activity: 'training' }, NW);
      const s = l.kpis('2026-02-01T00:00:00Z');
      expect(v(s, 'reporting_balance')).toBe(0);
      expect(entry(s, 'reporting_balance').breakdown).toStrictEqual({ contoso: 0, northwind: 100 });
    });
  });

  describe('When nothing but the formation was recorded', () => {
    it('Then it is null, without a breakdown', () => {
      const s = ledger.kpis('2025-05-15T00:00:00Z');
      expect(v(s, 'reporting_balance')).toBeNull();
      expect(entry(s, 'reporting_balance')).not.toHaveProperty('breakdown');
    });
  });

  describe('When the facts were stored before entity steps remembered who recorded them', () => {
    it('Then those steps count for no one: only the records, 1, 11 against 9, 13, give 100', () => {
      const rows = encodeAll(foldFacts(ledger.events)).map(({ key, payload }) => ({
        key,
        payload: JSON.parse(JSON.stringify(payload), (k, value: unknown) =>
          k === 'by' || (k === 'recordedBy' && !key.startsWith('record:')) ? undefined : value,
        ) as unknown,
      }));
      const request = { partnershipId: 'p', currency: 'EUR', asOf: '2026-03-31T00:00:00Z', position: 0 };
      const s = computeSnapshot(decodeFacts(rows), request);
      expect(v(s, 'reporting_balance')).toBe(100);
      expect(entry(s, 'reporting_balance').breakdown).toStrictEqual({ contoso: 50, northwind: 50 });
    });
  });
});
