import { CO, Ledger, NW, entry, v } from './ledger';

/**
 * Resources, closed deals, joint activities and cycle time in H1 2026.
 *   resource.allocated 100 h (eng) + 60.5 h (pm); resource.utilized 80 h (eng) + 40.25 h (pm)
 *   D1 partner registered 2026-01-01, won 2026-02-01 (31 days)
 *   D2 partner registered 2026-02-15, won 2026-04-10 (54 days)
 *   D3 direct  registered 2026-02-20, won 2026-04-12
 *   D4 partner registered 2026-03-01, won 2026-04-20 (50 days)
 *   D5 partner registered 2026-03-05, lost 2026-04-25
 *   engagement.logged 03-15 (Q1), 04-02, 04-20, 05-10; solution.launched (occurredAt) 04-05
 *   target.set sales_cycle_days {target 30, baseline 50} on 2026-01-02
 */
function productivityLedger(): Ledger {
  const l = new Ledger({ startedAt: '2026-01-01T00:00:00Z' });
  l.add('target.set', '2026-01-02T00:00:00Z', { kpiId: 'sales_cycle_days', target: 30, baseline: 50 });
  l.add('resource.allocated', '2026-01-05T00:00:00Z', { hours: 100, kind: 'eng' });
  l.add('resource.allocated', '2026-01-06T00:00:00Z', { hours: 60.5, kind: 'pm' }, CO);
  l.add('resource.utilized', '2026-02-01T00:00:00Z', { hours: 80, kind: 'eng' });
  l.add('resource.utilized', '2026-02-02T00:00:00Z', { hours: 40.25, kind: 'pm' }, CO);
  const reg = (at: string, dealId: string, source: string) =>
    l.add('deal.registered', at, { dealId, customerId: `c-${dealId}`, amount: '1000.00', source }, CO);
  reg('2026-01-01T00:00:00Z', 'D1', 'partner_sourced');
  reg('2026-02-15T00:00:00Z', 'D2', 'partner_influenced');
  reg('2026-02-20T00:00:00Z', 'D3', 'direct');
  reg('2026-03-01T00:00:00Z', 'D4', 'partner_sourced');
  reg('2026-03-05T00:00:00Z', 'D5', 'partner_sourced');
  l.add('deal.won', '2026-02-01T00:00:00Z', { dealId: 'D1', amount: '1000.00' });
  l.add('deal.won', '2026-04-10T00:00:00Z', { dealId: 'D2', amount: '1000.00' });
  l.add('deal.won', '2026-04-12T00:00:00Z', { dealId: 'D3', amount: '1000.00' });
  l.add('deal.won', '2026-04-20T00:00:00Z', { dealId: 'D4', amount: '1000.00' });
  l.add('deal.lost', '2026-04-25T00:00:00Z', { dealId: 'D5' });
  l.add('engagement.logged', '2026-03-15T00:00:00Z', { activity: 'joint_planning', durationMinutes: 60 });
  l.add('engagement.logged', '2026-04-02T00:00:00Z', { activity: 'business_review' }, CO);
  l.add('solution.launched', '2026-04-05T00:00:00Z', {
    solutionId: 'S1',
    name: 'Joint analytics',
    conceivedAt: '2026-01-01',
  });
  l.add('engagement.logged', '2026-04-20T00:00:00Z', { activity: 'co_selling' }, CO);
  l.add('engagement.logged', '2026-05-10T00:00:00Z', { activity: 'training' });
  return l;
}

describe('productivity: utilization, deals closed, joint activities and cycle time in H1 2026', () => {
  const ledger = productivityLedger();

  it('resource_utilization: (80 + 40.25) / (100 + 60.5) × 100 = 74.9221… → 74.92', () => {
    expect(v(ledger.kpis('2026-03-01T00:00:00Z'), 'resource_utilization')).toBe(74.92);
  });

  it(
    'resource_utilization before any utilization is 0 ' + '(hours allocated), and null before any allocation',
    () => {
      expect(v(ledger.kpis('2026-01-10T00:00:00Z'), 'resource_utilization')).toBe(0);
      expect(v(ledger.kpis('2026-01-04T00:00:00Z'), 'resource_utilization')).toBeNull();
    },
  );

  describe('on 2026-05-01 (Q2)', () => {
    const s = ledger.kpis('2026-05-01T00:00:00Z');

    it('deals_closed: partner deals won in Q2: D2, D4 (D3 is direct, D5 lost, D1 won in Q1) → 2', () => {
      expect(v(s, 'deals_closed')).toBe(2);
    });

    it(
      'joint_activities: engagements of 04-02 and 04-20 + the ' +
        'solution launched 04-05 → 3 (05-10 is after asOf, 03-15 in Q1)',
      () => {
        expect(v(s, 'joint_activities')).toBe(3);
      },
    );

    it('cycle_time_reduction: partner cycle (31 + 54 + 50) / 3 = 45 days; (50 − 45) / 50 × 100 = 10', () => {
      expect(v(s, 'sales_cycle_days.partner')).toBe(45);
      expect(v(s, 'cycle_time_reduction')).toBe(10);
    });

    it('sales_cycle_days carries the target and baseline; 45 > 30 with lower is better is off_track', () => {
      expect(entry(s, 'sales_cycle_days')).toMatchObject({ target: 30, baseline: 50, status: 'off_track' });
    });
  });

  describe('at the end of Q1', () => {
    const s = ledger.kpis('2026-03-31T23:59:59.999Z');

    it('deals_closed: D1 only → 1; joint_activities: the engagement of 03-15 → 1', () => {
      expect(v(s, 'deals_closed')).toBe(1);
      expect(v(s, 'joint_activities')).toBe(1);
    });

    it('cycle_time_reduction: (50 − 31) / 50 × 100 = 38', () => {
      expect(v(s, 'cycle_time_reduction')).toBe(38);
    });
  });

  it('deals_closed on 2026-04-15 counts D2 only', () => {
    expect(v(ledger.kpis('2026-04-15T00:00:00Z'), 'deals_closed')).toBe(1);
  });

  it('cycle_time_reduction is null before any partner deal is won, although a baseline is set', () => {
    expect(v(ledger.kpis('2026-01-15T00:00:00Z'), 'cycle_time_reduction')).toBeNull();
  });

  it(
    'cycle_time_reduction is null without a baseline, ' + 'and follows the baseline of the latest target.set',
    () => {
      const l = new Ledger({ startedAt: '2026-01-01T00:00:00Z' });
      l.add('target.set', '2026-01-02T00:00:00Z', { kpiId: 'sales_cycle_days', target: 20 });
      l.add(
        'deal.registered',
        '2026-01-05T00:00:00Z',
        { dealId: 'X', customerId: 'c-x', amount: '500.00', source: 'partner_sourced' },
        CO,
      );
      l.add('deal.won', '2026-01-17T12:00:00Z', { dealId: 'X', amount: '500.00' }, NW); // 12.5 days
      l.add('target.set', '2026-02-01T00:00:00Z', { kpiId: 'sales_cycle_days', target: 20, baseline: 40 });
      expect(v(l.kpis('2026-01-31T00:00:00Z'), 'cycle_time_reduction')).toBeNull();
      expect(v(l.kpis('2026-02-02T00:00:00Z'), 'cycle_time_reduction')).toBe(68.75); // (40 − 12.5) / 40 × 100
      // the KPI's own status: 12.5 ≤ 20 is on_track (lower is better)
      expect(v(l.kpis('2026-02-02T00:00:00Z'), 'sales_cycle_days.status')).toBe('on_track');
    },
  );
});
