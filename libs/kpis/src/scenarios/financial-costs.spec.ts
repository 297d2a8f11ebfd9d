import { CO, Ledger, NW, entry, v } from './ledger';

/**
 * Program costs, savings and acquisition cost in Q1 2026, with targets:
 *   cost.incurred: mdf 1200.00, salaries 3000.00, mdf 300.50, tools 99.50 (= 4600.00 by February),
 *                  co_development 400.00 on 2026-03-15, other 0.01 on 2026-03-20
 *   cost.saved: 250.25 (2026-02-01), 749.75 (2026-03-01)
 *   customer.acquired partner: c-1, c-2, c-1 again, c-4; direct: c-3  → 3 distinct partner customers
 *   target.set cac_direct {target 2000, baseline 4000} on 2026-01-02, then {target 2500, baseline 6000} on
 *   2026-03-01
 *   target.set program_costs {target 5000} (lower is better), cost_savings {target 800}, cac_partner {target
 *   1500}
 */
function costLedger(): Ledger {
  const l = new Ledger({ startedAt: '2026-01-01T00:00:00Z' });
  l.add('target.set', '2026-01-02T00:00:00Z', { kpiId: 'cac_direct', target: 2000, baseline: 4000 });
  l.add('target.set', '2026-01-02T00:00:00Z', { kpiId: 'program_costs', target: 5000 });
  l.add('target.set', '2026-01-02T00:00:00Z', { kpiId: 'cost_savings', target: 800 });
  l.add('target.set', '2026-01-02T00:00:00Z', { kpiId: 'cac_partner', target: 1500 });
  l.add('cost.incurred', '2026-01-05T00:00:00Z', { amount: '1200.00', category: 'mdf' });
  l.add('cost.incurred', '2026-01-20T00:00:00Z', { amount: '3000.00', category: 'salaries' }, CO);
  l.add('cost.incurred', '2026-02-03T00:00:00Z', { amount: '300.50', category: 'mdf' }, CO);
  l.add('cost.incurred', '2026-02-10T00:00:00Z', { amount: '99.50', category: 'tools' });
  l.add('cost.saved', '2026-02-01T00:00:00Z', { amount: '250.25', category: 'licences' });
  l.add('cost.saved', '2026-03-01T00:00:00Z', { amount: '749.75', category: 'travel' }, CO);
  l.add('customer.acquired', '2026-01-10T00:00:00Z', { customerId: 'c-1', channel: 'partner' }, CO);
  l.add('customer.acquired', '2026-01-12T00:00:00Z', { customerId: 'c-2', channel: 'partner' }, CO);
  l.add('customer.acquired', '2026-02-01T00:00:00Z', { customerId: 'c-1', channel: 'partner' }, NW);
  l.add('customer.acquired', '2026-02-05T00:00:00Z', { customerId: 'c-3', channel: 'direct' }, NW);
  l.add('customer.acquired', '2026-02-20T00:00:00Z', { customerId: 'c-4', channel: 'partner' }, CO);
  l.add('target.set', '2026-03-01T00:00:00Z', { kpiId: 'cac_direct', target: 2500, baseline: 6000 });
  l.add('cost.incurred', '2026-03-15T00:00:00Z', { amount: '400.00', category: 'co_development' });
  l.add('cost.incurred', '2026-03-20T00:00:00Z', { amount: '0.01', category: 'other' });
  return l;
}

describe('financial-costs: program costs, savings and CAC with targets in Q1 2026', () => {
  const ledger = costLedger();

  describe('on 2026-02-28', () => {
    const s = ledger.kpis('2026-02-28T00:00:00Z');

    it(
      'program_costs: 1200.00 + 3000.00 + 300.50 + 99.50 = 4600.00, ' +
        'broken down by the categories present',
      () => {
        expect(v(s, 'program_costs')).toBe('4600.00');
        expect(entry(s, 'program_costs').breakdown).toStrictEqual({
          mdf: '1500.50',
          salaries: '3000.00',
          tools: '99.50',
        });
      },
    );

    it('cost_savings: only the saving of 2026-02-01 so far', () => {
      expect(v(s, 'cost_savings')).toBe('250.25');
    });

    it(
      'cac_partner: 4600.00 / 3 distinct partner customers (c-1 twice, ' +
        'c-3 direct) = 1533.333… → 1533.33',
      () => {
        expect(v(s, 'cac_partner')).toBe('1533.33');
      },
    );

    it('cac_direct is the baseline of the latest target.set for cac_direct, as money', () => {
      expect(v(s, 'cac_direct')).toBe('4000.00');
      // 4000 > 2000, lower is better
      expect(entry(s, 'cac_direct')).toMatchObject({ target: 2000, baseline: 4000, status: 'off_track' });
    });

    it('cac_reduction: (4000 − 1533.333…) / 4000 × 100 = 61.666… → 61.67', () => {
      expect(v(s, 'cac_reduction')).toBe(61.67);
    });

    it('roi without any joint revenue: (0 − 4600) / 4600 × 100 = −100', () => {
      expect(v(s, 'roi')).toBe(-100);
    });

    it(
      'status: program_costs 4600.00 ≤ target 5000 is on_track ' +
        '(lower is better); cost_savings 250.25 < 800 is off_track',
      () => {
        expect(v(s, 'program_costs.status')).toBe('on_track');
        expect(v(s, 'cost_savings.status')).toBe('off_track');
        expect(v(s, 'cac_partner.status')).toBe('off_track'); // 1533.33 > 1500
      },
    );
  });

  describe('on 2026-03-16: a later cac_direct baseline, costs exactly at target', () => {
    const s = ledger.kpis('2026-03-16T00:00:00Z');

    it('program_costs 4600.00 + 400.00 = 5000.00 is exactly the target: on_track', () => {
      expect(v(s, 'program_costs')).toBe('5000.00');
      expect(v(s, 'program_costs.status')).toBe('on_track');
      expect(entry(s, 'program_costs').breakdown).toStrictEqual({
        mdf: '1500.50',
        salaries: '3000.00',
        tools: '99.50',
        co_development: '400.00',
      });
    });

    it('cost_savings 250.25 + 749.75 = 1000.00 ≥ 800: on_track', () => {
      expect(v(s, 'cost_savings')).toBe('1000.00');
      expect(v(s, 'cost_savings.status')).toBe('on_track');
    });

    it(
      'cac_direct follows the latest target.set (baseline 6000); ' +
        'cac_reduction = (6000 − 5000/3) / 6000 × 100 = 72.222… → 72.22',
      () => {
        expect(v(s, 'cac_direct')).toBe('6000.00');
        expect(entry(s, 'cac_direct')).toMatchObject({ target: 2500, baseline: 6000, status: 'off_track' });
        expect(v(s, 'cac_partner')).toBe('1666.67'); // 5000.00 / 3 = 1666.666…
        expect(v(s, 'cac_reduction')).toBe(72.22);
      },
    );
  });

  it('on 2026-03-31 one more cent makes program_costs 5000.01 > 5000: off_track', () => {
    const s = ledger.kpis('2026-03-31T00:00:00Z');
    expect(v(s, 'program_costs')).toBe('5000.01');
    expect(v(s, 'program_costs.status')).toBe('off_track');
    expect(entry(s, 'program_costs').breakdown).toMatchObject({ other: '0.01' });
    expect(v(s, 'cac_partner')).toBe('1666.67'); // 5000.01 / 3 = 1666.67 exactly
    expect(v(s, 'cac_reduction')).toBe(72.22); // (6000 − 1666.67) / 6000 × 100 = 72.2221…
  });

  it(
    'before any partner customer: cac_partner and cac_reduction ' +
      'are null (cac_direct is known), and a null value is off_track',
    () => {
      const s = ledger.kpis('2026-01-09T00:00:00Z');
      expect(v(s, 'program_costs')).toBe('1200.00');
      expect(v(s, 'cac_partner')).toBeNull();
      expect(v(s, 'cac_partner.status')).toBe('off_track');
      expect(v(s, 'cac_direct')).toBe('4000.00');
      expect(v(s, 'cac_reduction')).toBeNull();
    },
  );

  it(
    'without a target.set for cac_direct: ' + 'cac_direct and cac_reduction are null, with no target fields',
    () => {
      const l = new Ledger({ startedAt: '2026-01-01T00:00:00Z' });
      l.add('cost.incurred', '2026-01-05T00:00:00Z', { amount: '900.00', category: 'enablement' });
      l.add('customer.acquired', '2026-01-10T00:00:00Z', { customerId: 'c-1', channel: 'partner' }, CO);
      l.add('customer.acquired', '2026-01-11T00:00:00Z', { customerId: 'c-2', channel: 'partner' }, CO);
      const s = l.kpis('2026-02-01T00:00:00Z');
      expect(v(s, 'cac_partner')).toBe('450.00'); // 900.00 / 2
      expect(v(s, 'cac_direct')).toBeNull();
      expect(v(s, 'cac_reduction')).toBeNull();
      expect(entry(s, 'cac_direct')).not.toHaveProperty('status');
      expect(entry(s, 'cac_direct')).not.toHaveProperty('target');
    },
  );

  it('cac_partner rounds half-up to the cent: 0.05 / 2 customers = 0.025 → 0.03', () => {
    const l = new Ledger({ startedAt: '2026-01-01T00:00:00Z' });
    l.add('cost.incurred', '2026-01-05T00:00:00Z', { amount: '0.05', category: 'other' });
    l.add('customer.acquired', '2026-01-10T00:00:00Z', { customerId: 'c-1', channel: 'partner' }, CO);
    l.add('customer.acquired', '2026-01-11T00:00:00Z', { customerId: 'c-2', channel: 'partner' }, CO);
    expect(v(l.kpis('2026-02-01T00:00:00Z'), 'cac_partner')).toBe('0.03');
  });
});
