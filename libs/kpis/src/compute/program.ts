import { mean, percent, round2 } from '../numbers';
import { periodOf } from '../periods';
import { longevity } from './relationship';
import { View } from './view';

/**
 * What a program of partnerships shows that no one partnership's KPIs do (portfolio totals): figures of
 * the set of partnerships, not of their pooled events.
 */
export interface ProgramFigures {
  /** Mean longevity_days over the partnerships started by asOf; null when none. */
  readonly avg_longevity_days: number | null;
  /**
   * Partnerships ended in the quarter containing asOf (up to asOf) / partnerships active at its start
   * × 100; null when none was active at its start.
   */
  readonly partnership_churn_rate: number | null;
}

/**
 * The program figures of the partnerships' views (each at the same asOf).
 *
 * Guarantees: a partnership counts as active at the quarter's start when it started at or before that
 * instant and had not ended by it; only those partnerships count in the numerator too (one started and
 * ended within the quarter churned from nothing), so the rate stays within 0–100. Exact decimals, rounded
 * half-up to 2 decimals once.
 */
export function programFigures(views: readonly View[]): ProgramFigures {
  if (views.length === 0) return { avg_longevity_days: null, partnership_churn_rate: null };
  const asOf = views[0].asOf;
  const quarterStart = periodOf('quarter', asOf).start;
  const lives = views.flatMap((v) => longevity(v) ?? []);
  const endOf = (v: View) => v.facts.ended?.at ?? Number.POSITIVE_INFINITY;
  const active = views.filter(
    (v) => v.facts.profile !== undefined && v.facts.profile.startedAt <= quarterStart,
  );
  const atStart = active.filter((v) => endOf(v) > quarterStart);
  const ended = atStart.filter((v) => endOf(v) <= asOf);
  return {
    avg_longevity_days: round2(mean(lives)),
    partnership_churn_rate: round2(percent(ended.length, atStart.length)),
  };
}
