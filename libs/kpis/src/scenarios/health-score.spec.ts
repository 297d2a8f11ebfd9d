import { CO, Ledger, NW, entry, v } from './ledger';

/**
 * Targets in several categories, the status of each targeted KPI and the health score (Q1 2026).
 *   target.set on 2026-01-02: roi 50, program_costs 1000 (lower is better), win_rate 60, uptime 99.9,
 *   engagement_rate 0.25
 *   a target.set program_costs 5000 posted later but happened earlier (2026-01-01T06:00): not the latest
 *   target.set customer_csat 4 on 2026-04-01 (no csat answers at all)
 *   W1 partner registered 01-05, won 02-05 for 3000.00; W2 partner registered 01-10, lost 02-10
 *   cost.incurred 800.00 (01-15), 400.00 (02-20); uptime 99.95 (01-31)
 *   engagement.logged 02-01 12:00, 02-15, 03-01
 */
function healthLedger(): Ledger {
  const l = new Ledger({ startedAt: '2026-01-01T00:00:00Z' });
  const target = (at: string, kpiId: string, t: number) => l.add('target.set', at, { kpiId, target: t });
  target('2026-01-02T00:00:00Z', 'roi', 50);
  target('2026-01-02T00:00:00Z', 'program_costs', 1000);
  target('2026-01-02T00:00:00Z', 'win_rate', 60);
  target('2026-01-02T00:00:00Z', 'uptime', 99.9);
  target('2026-01-02T00:00:00Z', 'engagement_rate', 0.25);
  target('2026-01-01T06:00:00Z', 'program_costs', 5000);
  l.add(
    'deal.registered',
    '2026-01-05T00:00:00Z',
    { dealId: 'W1', customerId: 'c-1', amount: '5000.00', source: 'partner_sourced' },
    CO,
  );
  l.add(
    'deal.registered',
    '2026-01-10T00:00:00Z',
    { dealId: 'W2', customerId: 'c-2', amount: '2000.00', source: 'partner_influenced' },
    CO,
  );
  l.add('cost.incurred', '2026-01-15T00:00:00Z', { amount: '800.00', category: 'mdf' });
  l.add('uptime.reported', '2026-01-31T00:00:00Z', { period: '2026-01', uptimePct: 99.95 });
  l.add('engagement.logged', '2026-02-01T12:00:00Z', { activity: 'joint_planning' }, CO);
  l.add('deal.won', '2026-02-05T00:00:00Z', { dealId: 'W1', amount: '3000.00' });
  l.add('deal.lost', '2026-02-10T00:00:00Z', { dealId: 'W2' });
  l.add('engagement.logged', '2026-02-15T00:00:00Z', { activity: 'business_review' }, CO);
  l.add('cost.incurred', '2026-02-20T00:00:00Z', { amount: '400.00', category: 'tools' }, NW);
  l.add('engagement.logged', '2026-03-01T00:00:00Z', { activity: 'training' });
  target('2026-04-01T00:00:00Z', 'customer_csat', 4);
  return l;
}

describe('health-score: targets, status and the balanced scorecard in Q1 2026', () => {
  const ledger = healthLedger();

  it('is null while no target is set (and no KPI carries a status)', () => {
    const s = ledger.kpis('2026-01-01T03:00:00Z');
    expect(v(s, 'health_score')).toBeNull();
    const withStatus = Object.values(s.categories)
      .flat()
      .filter((k) => k!.status !== undefined);
    expect(withStatus).toHaveLength(0);
  });

  describe('on 2026-02-01', () => {
    const s = ledger.kpis('2026-02-01T00:00:00Z');

    it(
      'program_costs 800.00 ≤ 1000 is on_track (lower is better); ' +
        'the late-posted earlier target 5000 is not the latest',
      () => {
        expect(entry(s, 'program_costs')).toMatchObject({
          value: '800.00',
          target: 1000,
          status: 'on_track',
        });
      },
    );

    it(
      'roi (0 − 800) / 800 × 100 = −100 < 50 is off_track; ' + 'win_rate null (no closed deal) is off_track',
      () => {
        expect(entry(s, 'roi')).toMatchObject({ value: -100, target: 50, status: 'off_track' });
        expect(entry(s, 'win_rate')).toMatchObject({ value: null, target: 60, status: 'off_track' });
      },
    );

    it(
      'uptime 99.95 ≥ 99.9 on_track; engagement_rate 0 < ' +
        '0.25 off_track (the 02-01 engagement is at 12:00)',
      () => {
        expect(entry(s, 'uptime')).toMatchObject({ value: 99.95, status: 'on_track' });
        expect(entry(s, 'engagement_rate')).toMatchObject({ value: 0, status: 'off_track' });
      },
    );

    it(
      'health_score: mean of financial 1/2, performance 0/1, ' +
        'operational 1/1, relationship 0/1 = (0.5 + 0 + 1 + 0) / 4 × 100 = 37.5',
      () => {
        expect(v(s, 'health_score')).toBe(37.5);
      },
    );
  });

  describe('on 2026-03-31', () => {
    const s = ledger.kpis('2026-03-31T00:00:00Z');

    it(
      'program_costs 1200.00 > 1000 turns off_track; ' +
        'roi (3000 − 1200) / 1200 × 100 = 150 ≥ 50 turns on_track',
      () => {
        expect(entry(s, 'program_costs')).toMatchObject({ value: '1200.00', status: 'off_track' });
        expect(entry(s, 'roi')).toMatchObject({ value: 150, status: 'on_track' });
      },
    );

    it(
      'win_rate 1 / 2 × 100 = 50 < 60 off_track; ' +
        'engagement_rate 3 / 12 = 0.25, exactly the target, on_track',
      () => {
        expect(entry(s, 'win_rate')).toMatchObject({ value: 50, status: 'off_track' });
        expect(entry(s, 'engagement_rate')).toMatchObject({ value: 0.25, status: 'on_track' });
      },
    );

    it('health_score: (1/2 + 0/1 + 1/1 + 1/1) / 4 × 100 = 62.5', () => {
      expect(v(s, 'health_score')).toBe(62.5);
    });
  });

  it(
    'on 2026-04-02 a targeted customer_csat without answers is ' +
      'off_track and adds a category: (0.5 + 0 + 1 + 1 + 0) / 5 × 100 = 50',
    () => {
      const s = ledger.kpis('2026-04-02T00:00:00Z');
      expect(entry(s, 'customer_csat')).toMatchObject({ value: null, target: 4, status: 'off_track' });
      expect(v(s, 'health_score')).toBe(50);
    },
  );

  it('every targeted KPI on track gives 100; every one off track gives 0 (not null)', () => {
    const l = new Ledger({ startedAt: '2026-01-01T00:00:00Z' });
    l.add('target.set', '2026-01-02T00:00:00Z', { kpiId: 'referrals', target: 1 });
    l.add('target.set', '2026-01-02T00:00:00Z', { kpiId: 'open_escalations', target: 0 });
    l.add(
      'escalation.raised',
      '2026-01-10T00:00:00Z',
      { escalationId: 'E', severity: 'high', summary: 'x' },
      CO,
    );
    l.add('customer.referred', '2026-01-20T00:00:00Z', { customerId: 'c-1' }, CO);
    l.add('escalation.resolved', '2026-01-25T00:00:00Z', { escalationId: 'E' });
    expect(v(l.kpis('2026-01-15T00:00:00Z'), 'health_score')).toBe(0); // referrals 0 < 1, open 1 > 0
    expect(v(l.kpis('2026-01-21T00:00:00Z'), 'health_score')).toBe(50); // customer 1/1, operational 0/1
    expect(v(l.kpis('2026-01-26T00:00:00Z'), 'health_score')).toBe(100);
  });
});
