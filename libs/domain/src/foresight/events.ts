import { z } from 'zod';
import { dateOrTimestamp, identifier, number, oneOf, sha256, text, timestamp } from '../events/fields';

/**
 * The foresight events (API.md, "Forecasts and scenarios"): a scenario's assumptions and a recorded
 * forecast, each written by its route, never posted to `…/events`. Being ledger events, neither can be
 * revised after the fact: a scenario is redefined by a newer definition of its name, a forecast is
 * recorded again under a new id, and both old ones stay in the ledger.
 *
 * Constraints: every assumption is within ±100 (percent, or percentage points for the win rate); a
 * recorded forecast names a method or a scenario, never both.
 */
export const FORECAST_METHODS = [
  'auto',
  'naive',
  'mean',
  'drift',
  'linear',
  'holt',
  'seasonal_naive',
] as const;
export const FORECAST_PERIODS = ['month', 'quarter'] as const;

/** A scenario's name: it is a path segment of `…/scenarios/:name/projection`. */
export const SCENARIO_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const scenarioName = () =>
  z
    .string({ error: (i) => (i.input === undefined ? 'is required' : 'must be a string') })
    .regex(SCENARIO_NAME, 'must be 1–64 lower-case letters, digits, _ or -, starting with a letter or digit');

const assumption = () => number(-100, 100);

export const ASSUMPTIONS = z.strictObject(
  { newDealsPct: assumption(), winRatePp: assumption(), dealSizePct: assumption() },
  { error: (i) => (i.input === undefined ? 'is required' : 'must be an object') },
);
export type Assumptions = z.infer<typeof ASSUMPTIONS>;

/** A KPI of the catalogue or a custom KPI of the charter (checked by the route against the charter). */
export const forecastKpiId = () =>
  z
    .string({ error: (i) => (i.input === undefined ? 'is required' : 'must be a string') })
    .regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be a KPI id (GET /v1/kpi-catalogue)');

const HORIZON = 'must be an integer from 1 to 12';
/** How many periods ahead a forecast goes. */
export const forecastHorizon = () =>
  z
    .number({ error: (i) => (i.input === undefined ? 'is required' : HORIZON) })
    .int(HORIZON)
    .min(1, HORIZON)
    .max(12, HORIZON);

/** A figure as the forecast route gives it: a number, a decimal string (money), or null. */
const figure = () => z.union([z.number(), z.string().max(64), z.null()]);

const recordedPoint = z.strictObject({
  periodStart: dateOrTimestamp(),
  value: figure(),
  lower80: figure().optional(),
  upper80: figure().optional(),
  lower95: figure().optional(),
  upper95: figure().optional(),
});

const forecastRecorded = z
  .strictObject({
    forecastId: identifier(),
    kpiId: forecastKpiId(),
    period: oneOf(FORECAST_PERIODS),
    horizon: forecastHorizon(),
    method: oneOf(FORECAST_METHODS).optional(),
    scenario: scenarioName().optional(),
    /** The business time the forecast was made at: its history ends with the last period complete then. */
    asOf: timestamp(),
    /** The method that made the points (what `auto` chose), and its parameters. */
    madeBy: z.string().max(64).optional(),
    points: z.array(recordedPoint).min(1).max(12),
    inputHash: sha256(),
  })
  .superRefine((d, ctx) => {
    if ((d.method === undefined) === (d.scenario === undefined)) {
      const message = 'name either a method or a scenario';
      ctx.addIssue({ code: 'custom', path: ['method'], message });
    }
  });

export const FORESIGHT_SCHEMAS = {
  'scenario.defined': z.strictObject({
    name: scenarioName(),
    description: text().optional(),
    assumptions: ASSUMPTIONS,
  }),
  'forecast.recorded': forecastRecorded,
} as const;

export type ForesightType = keyof typeof FORESIGHT_SCHEMAS;

export const FORESIGHT_ROUTES: Record<ForesightType, string> = {
  'scenario.defined': 'POST /v1/partnerships/:id/scenarios',
  'forecast.recorded': 'POST /v1/partnerships/:id/forecasts',
};
