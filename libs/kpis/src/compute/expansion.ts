import { MARKET_DIMENSIONS } from '@ledger/domain';
import { Dec, dec, mean, round2 } from '../numbers';
import { quarterLabel } from '../periods';
import { scores } from './customer';
import { byKey } from './order';
import { KpiResult, View } from './view';

export function expansion(v: View): KpiResult[] {
  const entered = new Map<string, string>();
  for (const r of v.records('market.entered'))
    entered.set(`${String(r.data.dimension)}\u0000${String(r.data.market)}`, String(r.data.dimension));
  const byDimension = Object.fromEntries(
    MARKET_DIMENSIONS.map((d) => [d, [...entered.values()].filter((x) => x === d).length]),
  );
  const changes = shareChanges(v);
  return [
    { kpiId: 'markets_entered', value: entered.size, breakdown: byDimension },
    {
      kpiId: 'market_share_change',
      value: round2(mean([...changes.values()])),
      ...(changes.size > 0
        ? { breakdown: Object.fromEntries([...changes].map(([m, c]) => [m, round2(c)])) }
        : {}),
    },
    { kpiId: 'brand_awareness_change', value: round2(awarenessChange(v)) },
  ];
}

/** Per market: latest sharePct − first sharePct (business time). */
function shareChanges(v: View): Map<string, Dec> {
  const first = new Map<string, number>();
  const last = new Map<string, number>();
  for (const r of v.records('market_share.reported')) {
    const market = String(r.data.market);
    if (!first.has(market)) first.set(market, Number(r.data.sharePct));
    last.set(market, Number(r.data.sharePct));
  }
  return new Map(byKey(first).map(([m, f]) => [m, dec(last.get(m)!).minus(dec(f))]));
}

/** Mean brand_awareness score of the latest quarter with answers − that of the first. */
function awarenessChange(v: View): Dec | null {
  const byQuarter = new Map<string, Dec[]>();
  for (const r of scores(v, 'brand_awareness')) {
    const q = quarterLabel(r.at);
    byQuarter.set(q, [...(byQuarter.get(q) ?? []), dec(Number(r.data.score))]);
  }
  const quarters = [...byQuarter.keys()].sort();
  if (quarters.length === 0) return null;
  return mean(byQuarter.get(quarters.at(-1)!)!)!.minus(mean(byQuarter.get(quarters[0])!)!);
}
