import { CO, Ledger, NW, v } from './ledger';

/**
 * Customer voice and retention in Q1 2026.
 *   customer nps: 10, 9, 8, 7, 6, 0, 10  → promoters 3 (10, 9, 10), passives 2 (8, 7), detractors 2 (6, 0)
 *   partner nps 0 and 1 (must not count for customer_nps)
 *   customer csat: 5, 4, 4, 2; partner csat 1 (must not count)
 *   customer.referred: c-1, c-1 again (with referredBy), c-2
 *   customer.acquired: c-1 partner, c-2 partner, c-3 direct, c-1 again → 3 distinct
 *   customer.churned: c-2, c-2 again → 1 distinct; later c-3
 */
function customerLedger(): Ledger {
  const l = new Ledger({ startedAt: '2026-01-01T00:00:00Z' });
  const answer = (at: string, surveyId: string, respondent: string, metric: string, score: number, by = NW) =>
    l.add('survey.answered', at, { surveyId, respondent, metric, score }, by);
  [10, 9, 8, 7, 6, 0, 10].forEach((score, i) =>
    answer('2026-02-01T00:00:00Z', `nps-c-${i}`, 'customer', 'nps', score, i % 2 ? CO : NW),
  );
  answer('2026-02-01T00:00:00Z', 'nps-p-0', 'partner', 'nps', 0);
  answer('2026-02-01T00:00:00Z', 'nps-p-1', 'partner', 'nps', 1, CO);
  [5, 4, 4, 2].forEach((score, i) =>
    answer('2026-02-02T00:00:00Z', `csat-c-${i}`, 'customer', 'csat', score),
  );
  answer('2026-02-02T00:00:00Z', 'csat-p-0', 'partner', 'csat', 1, CO);
  answer('2026-02-03T00:00:00Z', 'ba-c-0', 'customer', 'brand_awareness', 0);

  l.add('customer.referred', '2026-01-20T00:00:00Z', { customerId: 'c-1' }, CO);
  l.add('customer.referred', '2026-02-20T00:00:00Z', { customerId: 'c-1', referredBy: 'c-9' }, CO);
  l.add('customer.referred', '2026-03-20T00:00:00Z', { customerId: 'c-2' }, NW);

  l.add('customer.acquired', '2026-01-05T00:00:00Z', { customerId: 'c-1', channel: 'partner' }, CO);
  l.add('customer.acquired', '2026-01-06T00:00:00Z', { customerId: 'c-2', channel: 'partner' }, CO);
  l.add('customer.acquired', '2026-01-07T00:00:00Z', { customerId: 'c-3', channel: 'direct' }, NW);
  l.add('customer.acquired', '2026-01-08T00:00:00Z', { customerId: 'c-1', channel: 'partner' }, NW);
  l.add('customer.churned', '2026-02-10T00:00:00Z', { customerId: 'c-2' }, CO);
  l.add('customer.churned', '2026-02-11T00:00:00Z', { customerId: 'c-2' }, NW);
  l.add('customer.churned', '2026-03-10T00:00:00Z', { customerId: 'c-3' }, NW);
  return l;
}

describe('customer: NPS, CSAT, referrals and churn in Q1 2026', () => {
  const ledger = customerLedger();
  const s = ledger.kpis('2026-03-01T00:00:00Z');

  it(
    'customer_nps: 3/7 promoters − 2/7 detractors = 42.857… − 28.571… = 14.2857… → 14.29 (passives ' +
      'and partner answers do not count)',
    () => {
      expect(v(s, 'customer_nps')).toBe(14.29);
    },
  );

  it('customer_csat: (5 + 4 + 4 + 2) / 4 = 3.75, the partner answer left out', () => {
    expect(v(s, 'customer_csat')).toBe(3.75);
  });

  it('partner_nps comes from partner answers only: 0 promoters, 2 detractors → −100', () => {
    expect(v(s, 'partner_nps')).toBe(-100);
  });

  it('referrals counts customer.referred events: 2 by 2026-03-01, 3 by 2026-03-31', () => {
    expect(v(s, 'referrals')).toBe(2);
    expect(v(ledger.kpis('2026-03-31T00:00:00Z'), 'referrals')).toBe(3);
  });

  it(
    'churn_rate: 1 distinct churned (c-2 twice) / 3 ' +
      'distinct acquired (c-1 twice, c-2, c-3) × 100 = 33.33',
    () => {
      expect(v(s, 'churn_rate')).toBe(33.33);
    },
  );

  it('churn_rate after c-3 churns: 2 / 3 × 100 = 66.67', () => {
    expect(v(ledger.kpis('2026-03-31T00:00:00Z'), 'churn_rate')).toBe(66.67);
  });

  it('before any answer or acquisition: nps, csat, churn_rate null; referrals 0', () => {
    const early = ledger.kpis('2026-01-04T00:00:00Z');
    expect(v(early, 'customer_nps')).toBeNull();
    expect(v(early, 'customer_csat')).toBeNull();
    expect(v(early, 'churn_rate')).toBeNull();
    expect(v(early, 'referrals')).toBe(0);
  });

  it('customer_nps with promoters only is 100; two more passives make it 2/4 − 0 = 50', () => {
    const l = new Ledger({ startedAt: '2026-01-01T00:00:00Z' });
    l.add('survey.answered', '2026-01-10T00:00:00Z', {
      surveyId: 'a',
      respondent: 'customer',
      metric: 'nps',
      score: 9,
    });
    l.add('survey.answered', '2026-01-10T00:00:00Z', {
      surveyId: 'b',
      respondent: 'customer',
      metric: 'nps',
      score: 10,
    });
    l.add('survey.answered', '2026-02-10T00:00:00Z', {
      surveyId: 'c',
      respondent: 'customer',
      metric: 'nps',
      score: 7,
    });
    l.add('survey.answered', '2026-02-10T00:00:00Z', {
      surveyId: 'd',
      respondent: 'customer',
      metric: 'nps',
      score: 8,
    });
    expect(v(l.kpis('2026-01-31T00:00:00Z'), 'customer_nps')).toBe(100);
    expect(v(l.kpis('2026-02-28T00:00:00Z'), 'customer_nps')).toBe(50); // 2/4 promoters − 0 detractors
  });

  it('a retracted detractor answer no longer counts: (3 − 1) / 6 × 100 = 33.33', () => {
    const l = customerLedger();
    // score 0
    const detractor = l.events.find((e) => e.type === 'survey.answered' && e.data.surveyId === 'nps-c-5')!;
    l.retract(detractor.eventId, '2026-03-05T00:00:00Z');
    expect(v(l.kpis('2026-03-01T00:00:00Z'), 'customer_nps')).toBe(33.33);
  });
});
