import { Assumptions, Stamped } from '@ledger/domain';
import { D, Dec, dec } from '../numbers';
import { Drivers } from './drivers';

/**
 * Scenarios (API.md, "Forecasts and scenarios"): named assumptions on the three drivers, on the record
 * as `scenario.defined` events, and how they transform the baseline drivers.
 *
 * Guarantees:
 * - `baseline`, `stress` and `upside` exist from the start with API.md's assumptions; a definition of
 *   one of those names replaces it from the definition's position on, like any other name;
 * - the definition that applies is the latest of that name in ledger order among the events given (the
 *   caller gives the governance log as it stood at atPosition); business time plays no part: a
 *   definition is an assumption about the future, not a fact of a period;
 * - the transforms are exact: new deals × (1 + newDealsPct/100), win rate + winRatePp/100 clamped to
 *   0–1, deal size × (1 + dealSizePct/100); a null driver stays null.
 * Constraints: every assumption within ±100 (the event's schema; a RangeError here otherwise).
 */

export const PREDEFINED_SCENARIOS: Readonly<Record<string, Assumptions>> = {
  baseline: { newDealsPct: 0, winRatePp: 0, dealSizePct: 0 },
  stress: { newDealsPct: -20, winRatePp: -10, dealSizePct: -10 },
  upside: { newDealsPct: 15, winRatePp: 5, dealSizePct: 10 },
};

export interface ScenarioDefinition {
  readonly name: string;
  readonly assumptions: Assumptions;
  readonly description?: string;
  /** The event that defined it; absent for a predefined scenario no member has redefined. */
  readonly definedBy?: { readonly eventId: string; readonly position: number | null; readonly orgId: string };
  readonly definedAt?: string;
}

/** The scenario of that name as the log defines it, or the predefined one; undefined when neither. */
export function scenarioOf(log: readonly Stamped[], name: string): ScenarioDefinition | undefined {
  for (let i = log.length - 1; i >= 0; i--) {
    const e = log[i];
    if (e.type !== 'scenario.defined' || e.data.name !== name) continue;
    return {
      name,
      assumptions: e.data.assumptions,
      ...(e.data.description !== undefined ? { description: e.data.description } : {}),
      definedBy: { eventId: e.eventId, position: e.position ?? null, orgId: e.recordedBy },
      definedAt: e.occurredAt,
    };
  }
  const predefined = Object.hasOwn(PREDEFINED_SCENARIOS, name) ? PREDEFINED_SCENARIOS[name] : undefined;
  return predefined && { name, assumptions: predefined };
}

/** The drivers under a scenario's assumptions. */
export function applyAssumptions(d: Drivers, a: Assumptions): Drivers {
  const factor = (pct: number) => dec(within100(pct)).div(100).plus(1);
  const winRate = d.winRate?.plus(dec(within100(a.winRatePp)).div(100)) ?? null;
  return {
    newDeals: d.newDeals?.times(factor(a.newDealsPct)) ?? null,
    winRate: winRate && D.min(1, D.max(0, winRate)),
    dealSize: d.dealSize?.times(factor(a.dealSizePct)) ?? null,
  };
}

/** Partner revenue of one period (minor units): the product of the drivers, null if any is null. */
export function revenueOf(d: Drivers): Dec | null {
  if (d.newDeals === null || d.winRate === null || d.dealSize === null) return null;
  return d.newDeals.times(d.winRate).times(d.dealSize);
}

function within100(value: number): number {
  if (!Number.isFinite(value) || value < -100 || value > 100)
    throw new RangeError(`an assumption must be within ±100, not ${value}`);
  return value;
}
