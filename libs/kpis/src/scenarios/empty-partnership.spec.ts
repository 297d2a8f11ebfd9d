import { KPI_CATEGORIES, KPI_CATALOGUE } from '@ledger/domain';
import { KpiSnapshot } from '../snapshot';
import { CO, Ledger, entry, values } from './ledger';

/**
 * A partnership with only partnership.formed (2026-01-01T00:00Z), read on 2026-04-01T00:00Z: every ratio and
 * mean is null, every count 0 and every sum "0.00"; longevity runs (90 days).
 */
const EXPECTED: Record<string, number | string | null> = {
  joint_revenue: '0.00',
  attributed_revenue: '0.00',
  revenue_growth_rate: null,
  partner_revenue_share: null,
  avg_deal_size: null,
  program_costs: '0.00',
  roi: null,
  cost_savings: '0.00',
  cac_partner: null,
  cac_direct: null,
  cac_reduction: null,
  revenue_growth_yoy: null,
  qualified_leads: 0,
  conversion_rate: null,
  sales_cycle_days: null,
  win_rate: null,
  pipeline_value: '0.00',
  pipeline_velocity: null,
  customer_acquisition: 0,
  partner_attach_rate: null,
  lead_to_deal_days: null,
  milestone_on_time_rate: null,
  milestone_slip_days: null,
  overdue_milestones: 0,
  escalation_response_hours: null,
  escalation_resolution_hours: null,
  open_escalations: 0,
  uptime: null,
  resource_utilization: null,
  deals_closed: 0,
  joint_activities: 0,
  cycle_time_reduction: null,
  customer_nps: null,
  customer_csat: null,
  referrals: 0,
  churn_rate: null,
  solutions_launched: 0,
  time_to_market_days: null,
  ip_filed: 0,
  markets_entered: 0,
  market_share_change: null,
  brand_awareness_change: null,
  partner_nps: null,
  mutual_value: null,
  longevity_days: 90, // 31 + 28 + 31 days
  engagement_rate: 0, // 0 engagements / 12 weeks
  escalation_frequency: 0, // 0 escalations / 3
  partner_csat: null,
  reporting_balance: null, // partnership.formed is not counted
  health_score: null,
  impact_total: null, // no group at all: "the sum when there is exactly one group, else null"
};

const EXPECTED_BREAKDOWNS: Record<string, Record<string, number | string | null>> = {
  joint_revenue: { northwind: '0.00', contoso: '0.00', sourced: '0.00', influenced: '0.00' },
  attributed_revenue: { northwind: '0.00', contoso: '0.00', unattributed: '0.00' },
  avg_deal_size: { partner: null, sourced: null, influenced: null, direct: null },
  program_costs: {},
  conversion_rate: { partner: null, direct: null },
  sales_cycle_days: { partner: null, sourced: null, influenced: null, direct: null },
  win_rate: { partner: null, sourced: null, influenced: null, direct: null },
  lead_to_deal_days: { partner: null, direct: null },
  open_escalations: { low: 0, medium: 0, high: 0, critical: 0 },
  ip_filed: { patent: 0, trademark: 0, other: 0 },
  markets_entered: { geography: 0, vertical: 0, segment: 0, channel: 0 },
};

const MONEY = /^-?\d+\.\d{2}$/;

function everyNumber(s: KpiSnapshot): unknown[] {
  return Object.values(s.categories)
    .flat()
    .flatMap((k) => [k!.value, ...Object.values(k!.breakdown ?? {})]);
}

describe('empty-partnership: only partnership.formed', () => {
  const ledger = new Ledger({ startedAt: '2026-01-01T00:00:00Z' });
  const s = ledger.kpis('2026-04-01T00:00:00Z');

  it('lists every KPI of the catalogue, each category in catalogue order', () => {
    expect(Object.keys(s.categories)).toStrictEqual([...KPI_CATEGORIES]);
    for (const category of KPI_CATEGORIES) {
      expect(s.categories[category]!.map((k) => k.kpiId)).toStrictEqual(
        KPI_CATALOGUE.filter((k) => k.category === category).map((k) => k.kpiId),
      );
    }
  });

  it('gives null for every ratio and mean, 0 / "0.00" for counts and sums', () => {
    expect(values(s)).toStrictEqual(EXPECTED);
  });

  it(
    'gives zero breakdowns for the KPIs with fixed keys, ' +
      'and no breakdown where there is nothing to break down',
    () => {
      for (const [kpiId, breakdown] of Object.entries(EXPECTED_BREAKDOWNS))
        expect([kpiId, entry(s, kpiId).breakdown]).toStrictEqual([kpiId, breakdown]);
      for (const kpiId of [
        'market_share_change',
        'mutual_value',
        'impact_total',
        'partner_csat',
        'reporting_balance',
      ])
        expect(entry(s, kpiId)).not.toHaveProperty('breakdown');
    },
  );

  it('has no NaN, no Infinity and no malformed money anywhere, and no target or status', () => {
    for (const x of everyNumber(s)) {
      if (x === null) continue;
      if (typeof x === 'number') expect(Number.isFinite(x)).toBe(true);
      else expect(x).toMatch(MONEY);
    }
    expect(JSON.stringify(s)).not.toMatch(/NaN|Infinity/);
    for (const k of Object.values(s.categories).flat()) {
      expect(k).not.toHaveProperty('status');
      expect(k).not.toHaveProperty('target');
    }
  });

  it('every unit matches the catalogue', () => {
    const units = Object.fromEntries(KPI_CATALOGUE.map((k) => [k.kpiId, k.unit]));
    for (const k of Object.values(s.categories).flat())
      expect([k!.kpiId, k!.unit]).toStrictEqual([k!.kpiId, units[k!.kpiId]]);
  });

  it('a partnership whose every event was retracted reads like the empty one', () => {
    const l = new Ledger({ startedAt: '2026-01-01T00:00:00Z' });
    const ids = [
      l.add(
        'deal.registered',
        '2026-01-05T00:00:00Z',
        { dealId: 'A', customerId: 'c', amount: '100.00', source: 'partner_sourced' },
        CO,
      ),
      l.add('cost.incurred', '2026-01-06T00:00:00Z', { amount: '50.00', category: 'mdf' }),
      l.add(
        'survey.answered',
        '2026-01-07T00:00:00Z',
        { surveyId: 's', respondent: 'partner', metric: 'mutual_value', score: 4 },
        CO,
      ),
      l.add('market_share.reported', '2026-01-08T00:00:00Z', { market: 'DACH', sharePct: 3 }),
      l.add('impact.recorded', '2026-01-09T00:00:00Z', {
        dimension: 'social',
        metric: 'trees',
        value: 5,
        unit: 'count',
      }),
      l.add('target.set', '2026-01-10T00:00:00Z', { kpiId: 'roi', target: 10 }),
      l.add(
        'escalation.raised',
        '2026-01-11T00:00:00Z',
        { escalationId: 'E', severity: 'high', summary: 'x' },
        CO,
      ),
      l.add('milestone.planned', '2026-01-12T00:00:00Z', {
        milestoneId: 'M',
        title: 'm',
        dueDate: '2026-01-20',
      }),
      l.add('engagement.logged', '2026-03-20T00:00:00Z', { activity: 'training' }),
    ];
    for (const id of ids) l.retract(id, '2026-03-25T00:00:00Z');
    const r = l.kpis('2026-04-01T00:00:00Z');
    expect(r.categories).toStrictEqual(s.categories);
    expect(r.position).toBe(19); // formed + 9 events + 9 retractions
  });

  it('before startedAt: longevity_days is null too, nothing else changes', () => {
    const before = ledger.kpis('2025-12-31T00:00:00Z');
    expect(values(before)).toStrictEqual({ ...EXPECTED, longevity_days: null });
  });
});
