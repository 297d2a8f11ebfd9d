import { D, Dec, dec, round2 } from '../numbers';
import { byKey } from './order';
import { KpiResult, View } from './view';

/**
 * Impact adds up only within one dimension, metric and unit. The breakdown holds every such group
 * (`social/trees planted/count`); the value is their sum when there is exactly one group, else null,
 * since sums across units mean nothing.
 */
export function impact(v: View): KpiResult[] {
  const groups = new Map<string, Dec>();
  for (const r of v.records('impact.recorded')) {
    const key = `${String(r.data.dimension)}/${String(r.data.metric)}/${String(r.data.unit)}`;
    groups.set(key, (groups.get(key) ?? new D(0)).plus(dec(Number(r.data.value))));
  }
  const sorted = byKey(groups);
  return [
    {
      kpiId: 'impact_total',
      value: sorted.length === 1 ? round2(sorted[0][1]) : null,
      ...(sorted.length > 0 ? { breakdown: Object.fromEntries(sorted.map(([k, s]) => [k, round2(s)])) } : {}),
    },
  ];
}
