import { createHash } from 'node:crypto';
import { canonicalJson, definitionHashOf } from '@ledger/verification';
import { decodeFacts, encodeAll } from '../facts/codec';
import { foldFacts } from '../facts/fold';
import { computeSnapshot } from '../snapshot';
import { CO, Ledger, NW } from './ledger';

/**
 * KPIs under a charter (API.md "Charter", KPIS.md v1.1), worked by hand for Q1 2026 (asOf 2026-03-31):
 *   target.set roi 50 on 01-02 (before the charter: it stops counting once the charter is in force)
 *   W1 partner_sourced by contoso 01-05, won 02-05 for 3000.00; W2 partner_influenced by contoso 01-10,
 *   lost 02-10; cost.incurred 800.00 mdf (01-15), 400.00 tools (02-20)
 *   charter proposed 03-01 by northwind, effective from 01-01, approved by contoso and adopted 03-02:
 *     scorecard win_rate 40 (weight 3), pipeline_value 100, program_costs 1000, roi 200, x_mdf 500
 *     x_mdf = Σ cost.incurred amount where category = mdf (financial, lower is better)
 *     x_deals = count of deal.registered in the period (performance)
 * Figures: win_rate 50 ≥ 40 on track; pipeline_value 0.00 < 100 off; program_costs 1200.00 > 1000 off;
 * roi (3000 − 1200) / 1200 = 150 < 200 off; x_mdf 800.00 > 500 off; x_deals 2.
 * health_score: financial 0 of 3 on track → 0; performance weights on track 3 of 4 → 0.75;
 * mean over the two categories → 37.50. Before the adoption (v1 rules): roi 150 ≥ 50 on track → 100.
 */
const CHARTER = {
  scorecard: [
    { kpiId: 'win_rate', target: 40, weight: 3 },
    { kpiId: 'pipeline_value', target: 100 },
    { kpiId: 'program_costs', target: 1000 },
    { kpiId: 'roi', target: 200 },
    { kpiId: 'x_mdf', target: 500 },
  ],
  customKpis: [
    {
      kpiId: 'x_mdf',
      category: 'financial',
      name: 'MDF spend',
      eventType: 'cost.incurred',
      aggregate: 'sum',
      field: 'amount',
      where: { category: 'mdf' },
      unit: 'money',
      direction: 'lower_is_better',
      period: false,
    },
    {
      kpiId: 'x_deals',
      category: 'performance',
      name: 'Deals registered',
      eventType: 'deal.registered',
      aggregate: 'count',
      unit: 'count',
      direction: 'higher_is_better',
      period: true,
    },
  ],
};
const HASH = definitionHashOf(CHARTER);
const ASOF = '2026-03-31T00:00:00Z';

function charterLedger() {
  const l = new Ledger({ startedAt: '2026-01-01T00:00:00Z' });
  l.add('target.set', '2026-01-02T00:00:00Z', { kpiId: 'roi', target: 50 });
  const deal = (dealId: string, at: string, source: string) =>
    l.add('deal.registered', at, { dealId, customerId: `c-${dealId}`, amount: '5000.00', source }, CO);
  deal('W1', '2026-01-05T00:00:00Z', 'partner_sourced');
  deal('W2', '2026-01-10T00:00:00Z', 'partner_influenced');
  l.add('cost.incurred', '2026-01-15T00:00:00Z', { amount: '800.00', category: 'mdf' });
  l.add('deal.won', '2026-02-05T00:00:00Z', { dealId: 'W1', amount: '3000.00' });
  l.add('deal.lost', '2026-02-10T00:00:00Z', { dealId: 'W2' });
  l.add('cost.incurred', '2026-02-20T00:00:00Z', { amount: '400.00', category: 'tools' });
  const beforeCharter = l.head;
  const proposal = {
    proposalId: 'p1',
    baseVersion: 0,
    charter: CHARTER,
    definitionHash: HASH,
    effectiveFrom: '2026-01-01T00:00:00.000Z',
  };
  l.add('charter.proposed', '2026-03-01T00:00:00Z', proposal, NW);
  const proposed = l.head;
  l.add('charter.approved', '2026-03-02T00:00:00Z', { proposalId: 'p1', definitionHash: HASH }, CO);
  const adoption = {
    proposalId: 'p1',
    version: 1,
    definitionHash: HASH,
    effectiveFrom: proposal.effectiveFrom,
  };
  l.add('charter.adopted', '2026-03-02T00:00:00Z', adoption, CO);
  return { l, beforeCharter, proposed };
}

const kpi = (s: ReturnType<Ledger['kpis']>, id: string) =>
  Object.values(s.categories)
    .flat()
    .find((k) => k!.kpiId === id)!;

describe('KPIs under an adopted charter', () => {
  const { l, beforeCharter, proposed } = charterLedger();

  it('Given the charter in force, then targets, status and weights come from its scorecard', () => {
    const s = l.kpis(ASOF);
    expect(kpi(s, 'win_rate')).toMatchObject({ value: 50, target: 40, status: 'on_track' });
    expect(kpi(s, 'pipeline_value')).toMatchObject({ value: '0.00', target: 100, status: 'off_track' });
    expect(kpi(s, 'program_costs')).toMatchObject({ value: '1200.00', target: 1000, status: 'off_track' });
    expect(kpi(s, 'roi')).toMatchObject({ value: 150, target: 200, status: 'off_track' });
    expect(kpi(s, 'health_score').value).toBe(37.5);
  });

  it('Given custom KPIs, then each appears in its category, computed by its definition', () => {
    const s = l.kpis(ASOF);
    expect(s.categories.financial!.at(-1)).toEqual({
      kpiId: 'x_mdf',
      value: '800.00',
      unit: 'money',
      target: 500,
      status: 'off_track',
    });
    expect(s.categories.performance!.at(-1)).toEqual({ kpiId: 'x_deals', value: 2, unit: 'count' });
    // A period KPI counts only its period: nothing was registered in Q2.
    expect(kpi(l.kpis('2026-04-30T00:00:00Z'), 'x_deals').value).toBe(0);
  });

  it('Given a charter, then the answer names it and snapshotHash covers it', () => {
    const s = l.kpis(ASOF);
    expect(s.charter).toEqual({ version: 1, definitionHash: HASH });
    const { partnershipId, asOf, position, categories, charter } = s;
    const body = canonicalJson({ partnershipId, asOf, position, categories, charter });
    expect(s.snapshotHash).toBe(createHash('sha256').update(body, 'utf8').digest('hex'));
  });

  it('Given ledger time before the adoption, then the v1 rules answer: target.set, no charter key', () => {
    const s = l.kpis(ASOF, { atPosition: beforeCharter });
    expect(s.charter).toBeUndefined();
    expect(kpi(s, 'roi')).toMatchObject({ target: 50, status: 'on_track' });
    expect(kpi(s, 'health_score').value).toBe(100);
    expect(s.categories.financial!.some((k) => k.kpiId === 'x_mdf')).toBe(false);
  });

  it('Given only the proposal, when asked what-if, then it answers as adopted, marked, with version null', () => {
    const facts = foldFacts(l.events.filter((e) => e.position <= proposed));
    const request = { partnershipId: l.partnershipId, currency: 'EUR', asOf: ASOF, position: proposed };
    const whatIf = computeSnapshot(facts, { ...request, whatIf: 'p1' });
    const adopted = l.kpis(ASOF);
    expect(whatIf.categories).toEqual(adopted.categories);
    expect(whatIf.charter).toEqual({ version: null, definitionHash: HASH });
    expect(whatIf.whatIf).toEqual({ proposalId: 'p1', definitionHash: HASH });
    expect(whatIf.snapshotHash).not.toBe(computeSnapshot(facts, request).snapshotHash);
  });

  it('replaying to any position gives the charter and KPIs the read model served then', () => {
    for (let n = 1; n <= l.events.length; n++) {
      const known = l.events.slice(0, n);
      const stored = decodeFacts(encodeAll(foldFacts(known)));
      const position = known.at(-1)!.position;
      const served = computeSnapshot(stored, {
        partnershipId: l.partnershipId,
        currency: 'EUR',
        asOf: ASOF,
        position,
      });
      expect(served).toEqual(l.kpis(ASOF, { atPosition: position }));
    }
  });
});
