import { CO, Ledger, NW, entry, v } from './ledger';

/**
 * Partner pipeline, leads and customers over the first half of 2026:
 *   P1 partner_sourced   registered 2026-01-01, won 2026-01-11 (10 days) for 12000.00
 *   P2 partner_influenced registered 2026-02-01, won 2026-03-03 (30 days) for 18000.00
 *   P3 partner_sourced   registered 2026-02-10, lost 2026-03-01
 *   P4 partner_sourced   registered 2026-03-01 for 7000.00, open
 *   P5 partner_influenced registered 2026-04-01 for 3000.50, open
 *   P6 direct            registered 2026-04-02 for 9999.00, open (not partner pipeline)
 *   P7 partner_sourced   registered 2026-04-10 for 4000.00, won 2026-05-20 (40 days) for 4000.00
 */
function performanceLedger(): Ledger {
  const l = new Ledger({ startedAt: '2026-01-01T00:00:00Z' });
  const reg = (at: string, dealId: string, amount: string, source: string) =>
    l.add('deal.registered', at, { dealId, customerId: `c-${dealId}`, amount, source }, CO);
  reg('2026-01-01T00:00:00Z', 'P1', '10000.00', 'partner_sourced');
  reg('2026-02-01T00:00:00Z', 'P2', '20000.00', 'partner_influenced');
  reg('2026-02-10T00:00:00Z', 'P3', '5000.00', 'partner_sourced');
  reg('2026-03-01T00:00:00Z', 'P4', '7000.00', 'partner_sourced');
  reg('2026-04-01T00:00:00Z', 'P5', '3000.50', 'partner_influenced');
  reg('2026-04-02T00:00:00Z', 'P6', '9999.00', 'direct');
  reg('2026-04-10T00:00:00Z', 'P7', '4000.00', 'partner_sourced');
  l.add('deal.won', '2026-01-11T00:00:00Z', { dealId: 'P1', amount: '12000.00' });
  l.add('deal.lost', '2026-03-01T00:00:00Z', { dealId: 'P3' });
  l.add('deal.won', '2026-03-03T00:00:00Z', { dealId: 'P2', amount: '18000.00' });
  l.add('deal.won', '2026-05-20T00:00:00Z', { dealId: 'P7', amount: '4000.00' });

  // customers: c-1 in Q1; c-2, c-3 and c-2 again in Q2; c-4 direct; c-5 after 2026-05-15
  l.add('customer.acquired', '2026-01-05T00:00:00Z', { customerId: 'c-1', channel: 'partner' }, CO);
  l.add('customer.acquired', '2026-04-03T00:00:00Z', { customerId: 'c-2', channel: 'partner' }, CO);
  l.add('customer.acquired', '2026-04-20T00:00:00Z', { customerId: 'c-3', channel: 'partner' }, NW);
  l.add('customer.acquired', '2026-04-25T00:00:00Z', { customerId: 'c-4', channel: 'direct' }, NW);
  l.add('customer.acquired', '2026-05-01T00:00:00Z', { customerId: 'c-2', channel: 'partner' }, NW);
  l.add('customer.acquired', '2026-05-20T00:00:00Z', { customerId: 'c-5', channel: 'partner' }, CO);

  // leads: L1 generated twice; L2 unqualified; L4/L5 direct; L9 converted but never generated
  l.add('lead.generated', '2026-01-03T00:00:00Z', { leadId: 'L1', channel: 'partner', qualified: true }, CO);
  l.add('lead.generated', '2026-01-04T00:00:00Z', { leadId: 'L1', channel: 'partner', qualified: true }, NW);
  l.add('lead.generated', '2026-01-05T00:00:00Z', { leadId: 'L2', channel: 'partner', qualified: false }, CO);
  l.add('lead.generated', '2026-01-06T00:00:00Z', { leadId: 'L3', channel: 'partner', qualified: true }, CO);
  l.add('lead.generated', '2026-01-07T00:00:00Z', { leadId: 'L4', channel: 'direct', qualified: true }, NW);
  l.add('lead.generated', '2026-01-08T00:00:00Z', { leadId: 'L5', channel: 'direct', qualified: false }, NW);
  l.add('lead.converted', '2026-02-01T00:00:00Z', { leadId: 'L1', dealId: 'P2' }, CO);
  l.add('lead.converted', '2026-02-02T00:00:00Z', { leadId: 'L1' }, NW);
  l.add('lead.converted', '2026-02-03T00:00:00Z', { leadId: 'L4' }, NW);
  l.add('lead.converted', '2026-02-04T00:00:00Z', { leadId: 'L9' }, NW);
  l.add('lead.converted', '2026-05-30T00:00:00Z', { leadId: 'L3' }, CO);
  return l;
}

describe('performance: partner pipeline, leads and customers in H1 2026', () => {
  const ledger = performanceLedger();

  describe('on 2026-05-15 (P7 still open)', () => {
    const s = ledger.kpis('2026-05-15T00:00:00Z');

    it(
      'pipeline_value: registered amounts of the open partner ' +
        'deals P4 + P5 + P7 = 7000.00 + 3000.50 + 4000.00',
      () => {
        expect(v(s, 'pipeline_value')).toBe('14000.50');
      },
    );

    it('pipeline_velocity: 3 open × (2 won / 3 closed) × 15000 avg / 20 days mean cycle = 1500', () => {
      expect(v(s, 'win_rate.partner')).toBe(66.67);
      expect(v(s, 'sales_cycle_days.partner')).toBe(20); // (10 + 30) / 2
      expect(v(s, 'pipeline_velocity')).toBe(1500);
    });

    it(
      'customer_acquisition: distinct partner customers ' + 'acquired in Q2 up to asOf: c-2 (twice), c-3 → 2',
      () => {
        expect(v(s, 'customer_acquisition')).toBe(2);
      },
    );

    it('qualified_leads: distinct partner leads with qualified = true: L1 (generated twice), L3 → 2', () => {
      expect(v(s, 'qualified_leads')).toBe(2);
    });

    it(
      'conversion_rate: distinct converted L1, L4 of 5 generated = 40; ' +
        'partner 1/3, direct 1/2; L9 (never generated) ignored',
      () => {
        expect(v(s, 'conversion_rate')).toBe(40);
        expect(entry(s, 'conversion_rate').breakdown).toStrictEqual({ partner: 33.33, direct: 50 });
      },
    );
  });

  describe('on 2026-05-21 (P7 won after 40 days)', () => {
    const s = ledger.kpis('2026-05-21T00:00:00Z');

    it('pipeline_value: P4 + P5 = 10000.50', () => {
      expect(v(s, 'pipeline_value')).toBe('10000.50');
    });

    it('pipeline_velocity: 2 open × 3/4 × (34000 / 3) / (80 / 3 days) = 17000 / 26.666… = 637.5', () => {
      expect(v(s, 'pipeline_velocity')).toBe(637.5);
    });

    it('customer_acquisition: c-2, c-3, c-5 → 3', () => {
      expect(v(s, 'customer_acquisition')).toBe(3);
    });
  });

  it('customer_acquisition only counts the quarter of asOf: at the end of Q1 only c-1', () => {
    const s = ledger.kpis('2026-03-31T23:59:59.999Z');
    expect(v(s, 'customer_acquisition')).toBe(1);
    // the quarter of asOf starts empty: c-1 (Q1) does not count on 2026-04-02
    expect(v(ledger.kpis('2026-04-02T00:00:00Z'), 'customer_acquisition')).toBe(0);
  });

  it(
    'conversion_rate after L3 converts on 2026-05-30: ' + '3/5 = 60; partner 2/3 = 66.67; direct 1/2 = 50',
    () => {
      const s = ledger.kpis('2026-06-01T00:00:00Z');
      expect(v(s, 'conversion_rate')).toBe(60);
      expect(entry(s, 'conversion_rate').breakdown).toStrictEqual({ partner: 66.67, direct: 50 });
    },
  );

  it(
    'qualified_leads counts a lead generated again with qualified: ' +
      'true (distinct leadIds generated partner + qualified)',
    () => {
      const l = new Ledger({ startedAt: '2026-01-01T00:00:00Z' });
      l.add(
        'lead.generated',
        '2026-01-10T00:00:00Z',
        { leadId: 'L6', channel: 'partner', qualified: false },
        CO,
      );
      l.add(
        'lead.generated',
        '2026-01-20T00:00:00Z',
        { leadId: 'L6', channel: 'partner', qualified: true },
        CO,
      );
      expect(v(l.kpis('2026-01-15T00:00:00Z'), 'qualified_leads')).toBe(0);
      // SEMANTICS: "distinct leadIds generated with channel partner and qualified: true": L6 now has such a
      // generation
      expect(v(l.kpis('2026-01-25T00:00:00Z'), 'qualified_leads')).toBe(1);
    },
  );

  it(
    'pipeline_velocity is null without a won partner deal ' +
      '(no cycle time), pipeline_value still sums open deals',
    () => {
      const s = ledger.kpis('2026-01-05T00:00:00Z');
      expect(v(s, 'pipeline_value')).toBe('10000.00'); // P1 open
      expect(v(s, 'pipeline_velocity')).toBeNull();
    },
  );

  it('pipeline_velocity with every partner deal won is 0 (no open deals), not null', () => {
    const s = ledger.kpis('2026-01-20T00:00:00Z'); // P1 won after 10 days, nothing open
    expect(v(s, 'pipeline_value')).toBe('0.00');
    expect(v(s, 'pipeline_velocity')).toBe(0); // 0 × 1 × 12000 / 10
  });
});
