import { View } from './view';
import { history } from './windowing';

export interface TargetFact {
  readonly target: number;
  readonly baseline?: number;
  readonly dueBy?: string;
}

/**
 * The latest `target.set` for a KPI at asOf (business time, then ledger order), if any.
 * Guarantees: a target set before a window's `since` still counts: it is a setting, not a measured event.
 */
export function latestTarget(v: View, kpiId: string): TargetFact | undefined {
  const sets = history(v, 'target.set').filter((r) => r.data.kpiId === kpiId);
  const last = sets.at(-1);
  if (!last) return undefined;
  const { target, baseline, dueBy } = last.data as { target: number; baseline?: number; dueBy?: string };
  return {
    target,
    ...(baseline !== undefined ? { baseline } : {}),
    ...(dueBy !== undefined ? { dueBy } : {}),
  };
}
