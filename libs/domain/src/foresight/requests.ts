import { z } from 'zod';
import { parseBody } from '../charter/requests';
import { ValidationFailed } from '../errors';
import { oneOf } from '../events/fields';
import {
  FORECAST_METHODS,
  FORECAST_PERIODS,
  FORESIGHT_SCHEMAS,
  forecastHorizon,
  forecastKpiId,
  scenarioName,
} from './events';

/**
 * The bodies of the scenario and forecast routes, parsed at the edge (as charter/requests.ts): every
 * problem reported with its path (`assumptions.newDealsPct`), nothing else read from the body.
 */
const DEFINITION = FORESIGHT_SCHEMAS['scenario.defined'];

/** The fields a caller names, under the event's own field rules (forecastKpiId, forecastHorizon). */
const RECORDING = z.strictObject({
  kpiId: forecastKpiId(),
  period: oneOf(FORECAST_PERIODS),
  horizon: forecastHorizon(),
  method: oneOf(FORECAST_METHODS).optional(),
  scenario: scenarioName().optional(),
});

export type ScenarioDefinitionRequest = z.infer<typeof DEFINITION>;

export type ForecastRecording = Omit<z.infer<typeof RECORDING>, 'method' | 'scenario'> &
  ({ readonly method: (typeof FORECAST_METHODS)[number] } | { readonly scenario: string });

export const parseScenarioDefinition = (body: unknown): ScenarioDefinitionRequest =>
  parseBody(DEFINITION, body);

/**
 * `POST …/forecasts`: kpiId, period and horizon, and exactly one of method and scenario (a forecast is
 * made by a method or projected by a scenario, and the recorded event says which).
 */
export function parseForecastRecording(body: unknown): ForecastRecording {
  const { method, scenario, ...rest } = parseBody(RECORDING, body);
  if (method !== undefined && scenario !== undefined)
    throw new ValidationFailed([
      { path: 'scenario', message: 'name either a method or a scenario, not both' },
    ]);
  if (method !== undefined) return { ...rest, method };
  if (scenario !== undefined) return { ...rest, scenario };
  const message = `is required unless a scenario is named: one of ${FORECAST_METHODS.join(', ')}`;
  throw new ValidationFailed([{ path: 'method', message }]);
}
