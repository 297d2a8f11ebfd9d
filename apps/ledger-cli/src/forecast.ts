import {
  Forecast,
  SEASON,
  checkQuestion,
  foldFacts,
  forecastOfSeries,
  historyPeriods,
  kpiEventOf,
  seriesKpi,
  seriesPoints,
} from '@ledger/kpis';
import { CliError } from './client';
import { readExport } from './export';

export interface ForecastOptions {
  readonly kpiId: string;
  readonly period?: string;
  readonly method?: string;
  /** As typed: the library says what is wrong with it (`horizon: must be an integer from 1 to 12`). */
  readonly horizon?: string;
  readonly asOf: string;
  readonly atPosition?: number;
}

/**
 * `ledger forecast`: a KPI's forecast recomputed offline from an export, by the code the server runs: the
 * facts folded up to atPosition, the history's periods (historyPeriods), its series (seriesPoints, which
 * the server runs in a KPI worker) and forecastOfSeries, with the route's defaults (month, auto, a year
 * ahead). So it prints the server's bytes for the same query.
 * Constraints: a bad period, method or horizon, or too few points, fails with the API's 400 messages
 * (exit 2); a kpiId neither in the catalogue nor among the charter's custom KPIs at asOf likewise.
 */
export async function offlineForecast(
  file: string,
  partnershipId: string,
  options: ForecastOptions,
): Promise<Forecast> {
  const period = options.period ?? 'month';
  const question = {
    kpiId: options.kpiId,
    period,
    method: options.method ?? 'auto',
    horizon: options.horizon === undefined ? defaultHorizon(period) : Number(options.horizon),
  };
  const kind = checkQuestion(question);
  const { atPosition } = options;
  const events = (await readExport(file)).filter(
    (e) => e.partnershipId === partnershipId && (atPosition === undefined || e.position <= atPosition),
  );
  const formed = events.find((e) => e.type === 'partnership.formed');
  if (!formed)
    throw new CliError(`${file} holds no partnership.formed of ${partnershipId} (at that position)`);
  const facts = foldFacts(events.map(kpiEventOf));
  const asOf = Date.parse(options.asOf);
  const def = seriesKpi(facts, options.kpiId, asOf);
  if (!def)
    throw new CliError(`there is no KPI ${options.kpiId} in the catalogue or the charter's customKpis`);
  const periods = historyPeriods(kind, facts.profile?.startedAt ?? null, asOf);
  const task = {
    partnershipId,
    currency: String(formed.data.currency),
    kpiId: options.kpiId,
    category: def.category,
    periods,
    to: asOf,
    window: 'period' as const,
  };
  return forecastOfSeries(question, periods.length === 0 ? [] : seriesPoints(facts, task));
}

/** The route's default horizon: a year of the period (an unknown period is refused by checkQuestion). */
function defaultHorizon(period: string): number {
  return period === 'quarter' ? SEASON.quarter : SEASON.month;
}
