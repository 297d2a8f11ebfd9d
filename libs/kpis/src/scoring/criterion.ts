import { KPI_CATALOGUE, ScoringModel } from '@ledger/domain';
import { D, Dec, KpiNumber, dec, round2 } from '../numbers';
import { BreakdownEntry } from './types';

export type Criterion = ScoringModel['criteria'][number];

const MONEY_KPIS = new Set(KPI_CATALOGUE.filter((k) => k.unit.startsWith('money')).map((k) => k.kpiId));

/**
 * An org's value of a KPI over its partnerships: each partnership's whole figure, money summed (a
 * decimal string), any other unit averaged (half-up to 2 decimals, like every KPI value); partnerships
 * without data (null) left out; null when none has data.
 */
export function orgKpiValue(kpiId: string, values: readonly KpiNumber[]): KpiNumber {
  const known = values.filter((v): v is number | string => v !== null).map(dec);
  if (known.length === 0) return null;
  const sum = known.reduce<Dec>((a, b) => a.plus(b), new D(0));
  return MONEY_KPIS.has(kpiId) ? sum.toFixed(2) : round2(sum.div(known.length));
}

/** clamp((x − min)/(max − min), 0, 1), exact (min < max is the model's constraint). */
export function normalize(c: Criterion, x: number | string): Dec {
  const n = dec(x)
    .minus(dec(c.min))
    .div(dec(c.max).minus(dec(c.min)));
  return D.min(D.max(n, 0), 1);
}

/** A criterion's breakdown entry and its share of both sums (Σ weight × normalized, Σ weight). */
export interface Scored {
  readonly entry: BreakdownEntry;
  readonly earned: Dec;
  readonly weighed: Dec;
  readonly missing: boolean;
}

/**
 * One criterion of one org. `x` undefined: no value, so it counts 0 and is missing; `leftOut`: a KPI
 * criterion of a prospect, outside both sums (normalized null) and missing.
 */
export function scoreCriterion(c: Criterion, x: KpiNumber | undefined, leftOut: boolean): Scored {
  const base = { criterionId: c.criterionId, weight: c.weight };
  if (leftOut) {
    const entry = { ...base, value: null, normalized: null };
    return { entry, earned: new D(0), weighed: new D(0), missing: true };
  }
  if (x === undefined || x === null) {
    const entry = { ...base, value: null, normalized: 0 };
    return { entry, earned: new D(0), weighed: dec(c.weight), missing: true };
  }
  const n = normalize(c, x);
  const entry = { ...base, value: x, normalized: n.toDecimalPlaces(4, D.ROUND_HALF_UP).toNumber() + 0 };
  return { entry, earned: n.times(dec(c.weight)), weighed: dec(c.weight), missing: false };
}
