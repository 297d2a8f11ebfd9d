import { createHash } from 'node:crypto';
import { Assumptions } from '@ledger/domain';
import { canonicalJson } from '@ledger/verification';
import { KpiFacts } from '../facts/types';
import { D, Dec, money, round2 } from '../numbers';
import { periodOf, previousPeriod } from '../periods';
import { historyPeriods } from '../forecast/history';
import { periodStartsAfter } from '../forecast/forecast';
import { ForecastPeriod } from '../forecast/types';
import { checkParameters } from '../forecast/validate';
import { BASELINE_PERIODS, Drivers, baselineDrivers, driversPerPeriod } from './drivers';
import { applyAssumptions, revenueOf } from './scenarios';

/**
 * A scenario's projection (API.md, "Forecasts and scenarios", `GET …/scenarios/:name/projection`):
 * partner revenue = new deals × win rate × deal size for each of `horizon` periods, under the baseline
 * drivers and under the scenario's.
 *
 * Guarantees:
 * - the drivers' history is the last BASELINE_PERIODS complete periods at asOf that start on or after
 *   the partnership's start (the forecast's history periods, historyPeriods): a period before the start
 *   would count 0 new deals that no one could have registered;
 * - the projected periods are the `horizon` periods after the last complete period at asOf, as the
 *   forecast route's points follow its history (whatever the history holds);
 * - one rounding, at the end: revenue and deal size half-up to the cent (decimal strings), new deals
 *   half-up to 2 decimals, win rate (a fraction 0–1) half-up to 4 decimals (a percentage's 2);
 * - a driver that no period gives (no partner deal closed, or won, in the history) is null, and so is
 *   every revenue that needs it; new deals is null only without any complete period;
 * - inputHash = SHA-256 (hex) of the RFC 8785 canonical JSON of {kpiId: joint_revenue, period,
 *   scenario, assumptions, history, horizon} as answered: what a recorded scenario forecast carries.
 * Constraints: period month or quarter, horizon 1–12 (400, ValidationFailed, as the forecast route).
 */
export interface ProjectionRequest {
  readonly name: string;
  readonly period: string;
  readonly horizon: number;
  readonly asOf: number;
  readonly assumptions: Assumptions;
}

/** What a scenario projects: partner revenue, the KPI a scenario forecast is judged against. */
export const SCENARIO_KPI = 'joint_revenue';

export interface RenderedDrivers {
  readonly newDeals: number | null;
  readonly winRate: number | null;
  readonly dealSize: string | null;
}

export interface Projection {
  readonly period: ForecastPeriod;
  readonly horizon: number;
  readonly assumptions: Assumptions;
  /** The baseline drivers (means over the history). */
  readonly drivers: RenderedDrivers;
  /** The drivers under the scenario's assumptions. */
  readonly scenarioDrivers: RenderedDrivers;
  /** Each history period's own drivers, oldest first. */
  readonly history: readonly (RenderedDrivers & { readonly periodStart: string })[];
  readonly baseline: readonly { readonly periodStart: string; readonly revenue: string | null }[];
  readonly scenario: readonly { readonly periodStart: string; readonly revenue: string | null }[];
  readonly inputHash: string;
}

export function projectScenario(facts: KpiFacts, request: ProjectionRequest): Projection {
  checkParameters({ period: request.period, horizon: request.horizon, method: 'auto' });
  const period = request.period as ForecastPeriod;
  const { asOf, horizon, assumptions } = request;
  const periods = historyPeriods(period, facts.profile?.startedAt ?? null, asOf).slice(-BASELINE_PERIODS);
  const perPeriod = driversPerPeriod(facts, periods);
  const base = baselineDrivers(perPeriod);
  const scenario = applyAssumptions(base, assumptions);
  const history = perPeriod.map((p) => ({ periodStart: iso(p.period.start), ...render(p) }));
  const starts = periodStartsAfter(iso(lastComplete(period, asOf)), period, horizon);
  const revenue = (d: Drivers) =>
    starts.map((periodStart) => ({ periodStart, revenue: money(revenueOf(d)) }));
  const hashed = { kpiId: SCENARIO_KPI, period, scenario: request.name, assumptions, history, horizon };
  return {
    period,
    horizon,
    assumptions,
    drivers: render(base),
    scenarioDrivers: render(scenario),
    history,
    baseline: revenue(base),
    scenario: revenue(scenario),
    inputHash: createHash('sha256').update(canonicalJson(hashed), 'utf8').digest('hex'),
  };
}

/** The start of the last period complete at asOf (its end at or before asOf). */
function lastComplete(period: ForecastPeriod, asOf: number): number {
  const current = periodOf(period, asOf);
  return (current.end > asOf ? previousPeriod(current) : current).start;
}

function render(d: {
  readonly newDeals: Dec | number | null;
  readonly winRate: Dec | null;
  readonly dealSize: Dec | null;
}): RenderedDrivers {
  const newDeals = d.newDeals === null ? null : round2(new D(d.newDeals.toString()));
  const winRate = d.winRate === null ? null : d.winRate.toDecimalPlaces(4, D.ROUND_HALF_UP).toNumber() + 0;
  return { newDeals, winRate, dealSize: money(d.dealSize) };
}

const iso = (ms: number) => new Date(ms).toISOString();
