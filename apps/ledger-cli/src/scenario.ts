import { ScenarioAnswer, foldFacts, kpiEventOf, scenarioAnswer } from '@ledger/kpis';
import { CliError } from './client';
import { readExport } from './export';

export interface ScenarioOptions {
  readonly name: string;
  readonly period?: string;
  /** As typed: the library says what is wrong with it (`horizon: must be an integer from 1 to 12`). */
  readonly horizon?: string;
  readonly asOf: string;
  readonly atPosition?: number;
}

/**
 * `ledger scenario`: a scenario's projection recomputed offline from an export by the code the server
 * runs (scenarioAnswer over the partnership's facts folded up to atPosition, whose governance log holds
 * the scenario definitions), so it prints the server's bytes for the same query.
 * Constraints: an unknown scenario name fails (exit 2) as the route's 404 does; a bad period or horizon
 * with the API's 400 messages.
 */
export async function offlineScenario(
  file: string,
  partnershipId: string,
  options: ScenarioOptions,
): Promise<ScenarioAnswer> {
  const { atPosition } = options;
  const events = (await readExport(file)).filter(
    (e) => e.partnershipId === partnershipId && (atPosition === undefined || e.position <= atPosition),
  );
  const formed = events.find((e) => e.type === 'partnership.formed');
  if (!formed)
    throw new CliError(`${file} holds no partnership.formed of ${partnershipId} (at that position)`);
  const question = {
    partnershipId,
    currency: String(formed.data.currency),
    name: options.name,
    period: options.period,
    horizon: options.horizon === undefined ? undefined : Number(options.horizon),
    asOf: Date.parse(options.asOf),
  };
  const answer = scenarioAnswer(foldFacts(events.map(kpiEventOf)), question);
  if (!answer)
    throw new CliError(`there is no scenario ${options.name} (predefined: baseline, stress, upside)`);
  return answer;
}
