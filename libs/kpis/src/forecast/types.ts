import { KpiNumber } from '../numbers';

/**
 * The vocabulary of forecasts (API.md, "Forecasts and scenarios"; Hyndman & Athanasopoulos, *Forecasting:
 * Principles and Practice*, 3rd ed., §5.5 and §8.1–8.2).
 */

/** The methods in the order `auto` breaks AICc ties by (API.md): the simpler one wins a tie. */
export const FORECAST_METHODS = ['naive', 'seasonal_naive', 'mean', 'drift', 'linear', 'holt'] as const;
export type ForecastMethod = (typeof FORECAST_METHODS)[number];
export type RequestedMethod = ForecastMethod | 'auto';

export const FORECAST_PERIODS = ['month', 'quarter'] as const;
export type ForecastPeriod = (typeof FORECAST_PERIODS)[number];

/** Horizon bounds (API.md: 1–12 periods ahead). */
export const MIN_HORIZON = 1;
export const MAX_HORIZON = 12;
/** Fewer points than this is a 400 whatever the method (API.md). */
export const MIN_HISTORY = 2;

/** The seasonal period m of §5.2's seasonal naive method: a year of the series' periods. */
export const SEASON: Readonly<Record<ForecastPeriod, number>> = { quarter: 4, month: 12 };

/**
 * The fewest points a method is fitted on (API.md: seasonal naive 2m, Holt 6, linear 4, others 2).
 * `auto` considers only the methods with enough points; a method asked by name with fewer is a 400.
 */
export function minPoints(method: ForecastMethod, period: ForecastPeriod): number {
  switch (method) {
    case 'seasonal_naive':
      return 2 * SEASON[period];
    case 'holt':
      return 6;
    case 'linear':
      return 4;
    case 'naive':
    case 'mean':
    case 'drift':
      return 2;
  }
}

/** Normal quantiles of the 80 % and 95 % intervals (§5.5, Table 5.1), as API.md gives them. */
export const NORMAL_QUANTILES: Quantiles = { q80: 1.2816, q95: 1.96 };

export interface Quantiles {
  readonly q80: number;
  readonly q95: number;
}

/**
 * What a method chose from the history, as the answer shows it and inputHash covers it: Holt's smoothing
 * parameters (β* as §8.2 writes it; the ETS variance uses β = αβ*), seasonal naive's m, nothing otherwise.
 */
export type ForecastParams =
  | Readonly<Record<string, never>>
  | { readonly m: number }
  | { readonly alpha: number; readonly betaStar: number };

/**
 * A method fitted to a history: the one-step residuals' sum of squares and counts (API.md's N and K),
 * the point forecast h steps ahead, and the interval's spread.
 *
 * Guarantees: the standard deviation of the h-step forecast is σ̂ × scale(h) with σ̂ = √(SSE/(N − K)), and
 * scale(h) never decreases as h grows (forecast.ts asserts it on every answer); scale(1) ≥ 1.
 * Constraints: N − K ≥ 1 (the fit is only built with enough points for σ̂ to exist).
 */
export interface Fit {
  readonly method: ForecastMethod;
  readonly params: ForecastParams;
  readonly sse: number;
  /** N: how many one-step residuals exist. */
  readonly n: number;
  /** K: how many parameters were estimated. */
  readonly k: number;
  readonly point: (h: number) => number;
  readonly scale: (h: number) => number;
  /** The interval multipliers: normal, or Student-t for the linear trend. */
  readonly quantiles: Quantiles;
}

/** One observed period: its start (ISO-8601, UTC) and the KPI's value as a number (money in major units). */
export interface HistoryPoint {
  readonly periodStart: string;
  readonly value: number;
}

export interface ForecastRequest {
  readonly kpiId: string;
  /** Validated: `month` or `quarter`. */
  readonly period: string;
  /** Validated: `auto` or one of FORECAST_METHODS. */
  readonly method: string;
  /** Validated: an integer from 1 to 12. */
  readonly horizon: number;
  /**
   * The complete periods, oldest first (API.md: the `window=period` series, nulls left out, at most 36).
   * Constraints: finite values; period starts strictly increasing, each the start of its period.
   */
  readonly history: readonly HistoryPoint[];
  /** A money KPI: values are major units in, decimal strings ("1234.50") out, rounded half-up to the cent. */
  readonly money: boolean;
}

export interface RenderedPoint {
  readonly periodStart: string;
  readonly value: KpiNumber;
}

export interface ForecastPoint {
  readonly periodStart: string;
  readonly value: KpiNumber;
  readonly lower80: KpiNumber;
  readonly upper80: KpiNumber;
  readonly lower95: KpiNumber;
  readonly upper95: KpiNumber;
}

/** The forecast answer of API.md. */
export interface Forecast {
  readonly kpiId: string;
  readonly period: ForecastPeriod;
  /** The method that made the points: the one asked, or the one `auto` chose. */
  readonly method: ForecastMethod;
  readonly params: ForecastParams;
  readonly history: readonly RenderedPoint[];
  readonly points: readonly ForecastPoint[];
  readonly residualSd: KpiNumber;
  readonly inputHash: string;
}
