import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ForecastRecording, ValidationFailed, parseForecastRecording } from '@ledger/domain';
import { KpiFacts, RequestedMethod, SCENARIO_KPI, projectScenario } from '@ledger/kpis';
import { Caller } from '../auth/caller';
import { GovernanceWrite } from '../charter/governance-write';
import { KpiQueries } from '../kpis/kpi-queries';
import { PartnershipAccess } from '../partnerships/partnership-access';
import { ForesightFacts } from './foresight-facts';
import { ForecastActuals } from './forecast-actuals';
import { ForecastsQuery, RecordedForecastStepDto, RecordedForecastsDto } from './forecasts.dto';
import { scenarioNamed } from './scenarios';

type Made = Pick<RecordedForecastStepDto, 'points' | 'inputHash'> & { readonly madeBy?: string };

/**
 * Forecast vs actual (API.md, "Forecasts and scenarios"): a forecast made now and written as
 * `forecast.recorded`, and the recorded ones judged against what happened.
 *
 * Guarantees:
 * - a method's forecast is the forecast route's answer (KpiQueries.forecast) at asOf = the request's
 *   moment, so the two routes give the same points and inputHash; a scenario's is its projection's
 *   revenue at that moment, with the projection's inputHash;
 * - what is recorded is a ledger event: never changed, never retracted (the decider answers 409), so a
 *   revision is a new forecast beside the old one;
 * - the facts read are the partnership's up to its last acknowledged event (ForesightFacts.settle).
 * Constraints: 400 for a bad body, too few points of history (`history`), a scenario with a KPI other
 * than joint_revenue or without the drivers to project; 404 for an unknown KPI or scenario.
 */
@Injectable()
export class RecordedForecasts {
  constructor(
    private readonly access: PartnershipAccess,
    private readonly governance: GovernanceWrite,
    private readonly kpis: KpiQueries,
    private readonly facts: ForesightFacts,
    private readonly actuals: ForecastActuals,
  ) {}

  async record(caller: Caller, partnershipId: string, body: unknown, now: Date) {
    await this.access.profile(caller, partnershipId);
    const request = parseForecastRecording(body);
    await this.facts.settle(caller, partnershipId);
    const made =
      'method' in request
        ? await this.byMethod(caller, partnershipId, request, request.method, now)
        : this.byScenario(await this.facts.forRead(partnershipId, {}), request, request.scenario, now);
    const { kpiId, period, horizon } = request;
    const how = 'method' in request ? { method: request.method } : { scenario: request.scenario };
    const data = {
      forecastId: randomUUID(),
      kpiId,
      period,
      horizon,
      ...how,
      asOf: now.toISOString(),
      ...made,
    };
    const { events } = await this.governance.record(caller, partnershipId, 'forecast.recorded', data, now);
    const [{ eventId, position }] = events;
    return { ...data, eventId, position } satisfies RecordedForecastStepDto;
  }

  async list(caller: Caller, partnershipId: string, query: ForecastsQuery, now: Date) {
    const profile = await this.access.profile(caller, partnershipId);
    const facts = await this.facts.forRead(partnershipId, query);
    const asOf = Date.parse(query.asOf ?? now.toISOString());
    const items = await this.actuals.judge(facts, { partnershipId, currency: profile.currency, asOf });
    const answer = { partnershipId, asOf: new Date(asOf).toISOString(), position: facts.position, items };
    return answer satisfies RecordedForecastsDto;
  }

  private async byMethod(
    caller: Caller,
    partnershipId: string,
    { kpiId, period, horizon }: ForecastRecording,
    method: RequestedMethod,
    now: Date,
  ): Promise<Made> {
    const query = { period, horizon, method, asOf: now.toISOString() };
    const forecast = await this.kpis.forecast(caller, partnershipId, kpiId, query, now);
    return { madeBy: forecast.method, points: [...forecast.points], inputHash: forecast.inputHash };
  }

  private byScenario(facts: KpiFacts, request: ForecastRecording, name: string, now: Date): Made {
    if (request.kpiId !== SCENARIO_KPI) {
      const message = `must be ${SCENARIO_KPI} with a scenario: a scenario projects partner revenue`;
      throw new ValidationFailed([{ path: 'kpiId', message }]);
    }
    const { assumptions } = scenarioNamed(facts, name);
    const { period, horizon } = request;
    const projected = projectScenario(facts, { name, period, horizon, asOf: now.getTime(), assumptions });
    const points = projected.scenario.map(({ periodStart, revenue }) => ({ periodStart, value: revenue }));
    if (points.some((p) => p.value === null)) {
      const message =
        `a scenario needs partner deals closed and won in the last 4 complete ${period}s to project ` +
        'revenue; there are none';
      throw new ValidationFailed([{ path: 'history', message }]);
    }
    return { points, inputHash: projected.inputHash };
  }
}
