import { View } from './view';
import { history } from './windowing';

export interface TargetFact {
  readonly target?: number;
  readonly baseline?: number;
  readonly dueBy?: string;
  /** The KPI's weight in health_score: the scorecard's under a charter, else 1. */
  readonly weight: number;
}

/**
 * A KPI's target and baseline at asOf. While a charter version ≥ 1 (or a what-if) governs the view they
 * come from its scorecard only (API.md: `target.set` is refused then, and older ones no longer count);
 * otherwise from the latest `target.set` (business time, then ledger order).
 * Guarantees: a target set before a window's `since` still counts: it is a setting, not a measured event.
 */
export function latestTarget(v: View, kpiId: string): TargetFact | undefined {
  if (v.charter.version !== 0) {
    const entry = v.charter.charter.scorecard.find((s) => s.kpiId === kpiId);
    if (!entry) return undefined;
    const { target, baseline, weight } = entry;
    return {
      ...(target !== undefined ? { target } : {}),
      ...(baseline !== undefined ? { baseline } : {}),
      weight,
    };
  }
  const last = history(v, 'target.set')
    .filter((r) => r.data.kpiId === kpiId)
    .at(-1);
  if (!last) return undefined;
  const { target, baseline, dueBy } = last.data as { target: number; baseline?: number; dueBy?: string };
  return {
    target,
    ...(baseline !== undefined ? { baseline } : {}),
    ...(dueBy !== undefined ? { dueBy } : {}),
    weight: 1,
  };
}
