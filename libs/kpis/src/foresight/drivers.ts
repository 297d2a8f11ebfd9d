import { D, Dec, mean, ratio } from '../numbers';
import { DealFact, KpiFacts } from '../facts/types';
import { Period, contains } from '../periods';

/**
 * The drivers of partner revenue (API.md, "Forecasts and scenarios": revenue = new partner deals ×
 * partner win rate × partner average deal size), per complete period and as a baseline.
 *
 * Guarantees:
 * - pure: a function of the facts (retracted events already left no fact) and the periods;
 * - exact decimals (numbers.ts): nothing is rounded here, only where an answer renders it;
 * - a partner deal is one registered with source `partner_sourced` or `partner_influenced` (KPIS.md).
 * Constraints: the periods are complete at the asOf asked (the caller's choice), so every fact that
 * falls in one happened by asOf and no filtering by business time is needed.
 */

/** How many complete periods the baseline averages (API.md). */
export const BASELINE_PERIODS = 4;

export interface PeriodDrivers {
  readonly period: Period;
  /** Partner deals registered in the period: a count, 0 when none (never null). */
  readonly newDeals: number;
  /** won / (won + lost) of the partner deals closed in the period, 0–1; null when none closed. */
  readonly winRate: Dec | null;
  /** The mean won amount (minor units) of the partner deals won in the period; null when none won. */
  readonly dealSize: Dec | null;
}

/** Driver values of the model: null where no period gave one. */
export interface Drivers {
  readonly newDeals: Dec | null;
  readonly winRate: Dec | null;
  /** Minor units (cents). */
  readonly dealSize: Dec | null;
}

const isPartner = (d: DealFact) => d.source === 'partner_sourced' || d.source === 'partner_influenced';

/** Each period's drivers from the partnership's deals. */
export function driversPerPeriod(facts: KpiFacts, periods: readonly Period[]): PeriodDrivers[] {
  const partner = [...facts.deals.values()].filter(isPartner);
  return periods.map((period) => {
    const closed = partner.filter((d) => d.close !== undefined && contains(period, d.close.at));
    const won = closed.filter((d) => d.close!.status === 'won');
    return {
      period,
      newDeals: partner.filter((d) => contains(period, d.registeredAt)).length,
      winRate: ratio(won.length, closed.length),
      // The won amount, as avg_deal_size reads it (deal.won's final amount).
      dealSize: mean(won.map((d) => d.close!.amount ?? 0n)),
    };
  });
}

/**
 * The baseline: each driver's mean over the periods given (the last BASELINE_PERIODS complete ones),
 * the periods where it is null left out; null when it is null in every one (or there is none).
 */
export function baselineDrivers(perPeriod: readonly PeriodDrivers[]): Drivers {
  const known = (values: readonly (Dec | null)[]) => mean(values.filter((v): v is Dec => v !== null));
  return {
    newDeals: known(perPeriod.map((p) => new D(p.newDeals))),
    winRate: known(perPeriod.map((p) => p.winRate)),
    dealSize: known(perPeriod.map((p) => p.dealSize)),
  };
}
