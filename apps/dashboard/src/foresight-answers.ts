import { get } from './api';
import type { Figure } from './format';
import type { Clocks } from './route';

/**
 * The answers behind the foresight views (API.md v1.1, "Forecasts and scenarios", "Partner scoring and
 * tiering"), typed as the contract writes them. Money comes as decimal strings and is shown as sent.
 */
export const FORECAST_METHODS = [
  'auto',
  'naive',
  'seasonal_naive',
  'mean',
  'drift',
  'linear',
  'holt',
] as const;
export type ForecastMethod = (typeof FORECAST_METHODS)[number];
export const FORECAST_PERIODS = ['month', 'quarter'] as const;
export type ForecastPeriod = (typeof FORECAST_PERIODS)[number];

export interface ForecastPoint {
  readonly periodStart: string;
  readonly value: Figure;
  readonly lower80: Figure;
  readonly upper80: Figure;
  readonly lower95: Figure;
  readonly upper95: Figure;
}

/** GET …/kpis/:kpiId/forecast: `method` is the one that made the points (what `auto` chose). */
export interface Forecast {
  readonly kpiId: string;
  readonly period: ForecastPeriod;
  readonly method: string;
  readonly params: { readonly alpha?: number; readonly betaStar?: number; readonly m?: number };
  readonly history: readonly { readonly periodStart: string; readonly value: Figure }[];
  readonly points: readonly ForecastPoint[];
  readonly residualSd: number | string;
  readonly inputHash: string;
}

/** A recorded forecast's period: `actual` and `error` (actual − forecast) once it has ended by asOf. */
export interface RecordedPoint extends Partial<ForecastPoint> {
  readonly periodStart: string;
  readonly value: Figure;
  readonly actual?: Figure;
  readonly error?: Figure;
}

/** Over the ended periods: every field null before any has ended. */
export interface Accuracy {
  readonly mape: number | null;
  readonly bias: number | string | null;
  readonly coverage80: number | null;
}

/**
 * GET …/forecasts: each forecast as recorded (forecast.recorded), judged against the actuals. It was
 * made by a method (`madeBy`: what `auto` chose) or else by a scenario.
 */
export type RecordedForecast = {
  readonly forecastId: string;
  readonly eventId: string;
  readonly position: number;
  readonly kpiId: string;
  readonly period: ForecastPeriod;
  readonly horizon: number;
  readonly madeBy?: string;
  readonly asOf: string;
  readonly points: readonly RecordedPoint[];
  readonly inputHash: string;
  readonly recordedBy: string;
  readonly accuracy: Accuracy;
} & (
  | { readonly method: string; readonly scenario?: undefined }
  | { readonly scenario: string; readonly method?: undefined }
);

export interface Assumptions {
  readonly newDealsPct: number;
  readonly winRatePp: number;
  readonly dealSizePct: number;
}

/** GET …/scenarios/:name/projection: partner revenue = new deals × win rate × deal size, per period. */
export interface Projection {
  readonly currency: string;
  readonly scenario: readonly { readonly periodStart: string; readonly revenue: Figure }[];
  readonly assumptions: Assumptions;
  readonly drivers: { readonly newDeals: Figure; readonly winRate: Figure; readonly dealSize: Figure };
}

export interface ScoreItem {
  readonly orgId: string;
  readonly score: number;
  readonly tier: string | null;
  /** The tier at the end of the previous quarter, under the model in force then; null: not scored. */
  readonly previousTier: string | null;
  readonly breakdown: readonly {
    readonly criterionId: string;
    readonly value: Figure;
    readonly normalized: number | null;
    readonly weight: number;
  }[];
  readonly missing: readonly string[];
}

/** GET /v1/partner-scores, ranked by score then orgId. */
export interface PartnerScores {
  readonly modelVersion: number;
  readonly asOf: string;
  readonly position: number;
  /** The tiers of the model in force, highest first (the API's extension of the contract). */
  readonly tiers: readonly { readonly tier: string; readonly minScore: number }[];
  readonly items: readonly ScoreItem[];
}

/** The predefined scenarios (API.md), in the order a committee reads them. */
export const SCENARIOS = ['baseline', 'stress', 'upside'] as const;

const path = (id: string) => `/v1/partnerships/${encodeURIComponent(id)}`;

export const forecast = (
  id: string,
  kpiId: string,
  question: { period: ForecastPeriod; method: ForecastMethod },
  clocks: Clocks,
) => get<Forecast>(`${path(id)}/kpis/${encodeURIComponent(kpiId)}/forecast`, { ...question, ...clocks });

/**
 * The forecasts made by asOf and known at atPosition, judged against the periods ended by asOf (API.md
 * names asOf; the route takes atPosition too, as every read of figures does).
 */
export const recordedForecasts = (id: string, clocks: Clocks) =>
  get<{ items: readonly RecordedForecast[] }>(`${path(id)}/forecasts`, { ...clocks });

/**
 * API.md names period and horizon; the route also takes the two clocks (the drivers are those of the
 * last 4 complete quarters at asOf, the scenario's definition the latest known at atPosition).
 */
export const projection = (id: string, name: string, clocks: Clocks) =>
  get<Projection>(`${path(id)}/scenarios/${encodeURIComponent(name)}/projection`, {
    period: 'quarter',
    horizon: 4,
    ...clocks,
  });

export const partnerScores = (clocks: Clocks) => get<PartnerScores>('/v1/partner-scores', { ...clocks });
