import { Injectable } from '@nestjs/common';
import { NotFound, parseScenarioDefinition } from '@ledger/domain';
import { KpiFacts, ScenarioDefinition, scenarioAnswer, scenarioOf } from '@ledger/kpis';
import { Caller, recorderOf } from '../auth/caller';
import { GovernanceWrite } from '../charter/governance-write';
import { PartnershipAccess } from '../partnerships/partnership-access';
import { ForesightFacts } from './foresight-facts';
import { ProjectionDto, ProjectionQuery, ScenarioDto } from './scenarios.dto';

/**
 * Scenarios (API.md, "Forecasts and scenarios"): a member's definition written as `scenario.defined`
 * through the one governance write path, and a scenario's projection from the partnership's facts by the
 * pure driver model (libs/kpis/src/foresight).
 *
 * Constraints: only members and admin define (the route's roles, PartnershipAccess for membership); a
 * bad body is a 400 naming the field and nothing is appended; an unknown name is a 404.
 */
@Injectable()
export class Scenarios {
  constructor(
    private readonly access: PartnershipAccess,
    private readonly governance: GovernanceWrite,
    private readonly facts: ForesightFacts,
  ) {}

  async define(caller: Caller, partnershipId: string, body: unknown, now: Date): Promise<ScenarioDto> {
    await this.access.profile(caller, partnershipId);
    const data = parseScenarioDefinition(body);
    const { events } = await this.governance.record(caller, partnershipId, 'scenario.defined', data, now);
    const [{ eventId, position }] = events;
    return { ...data, eventId, position, definedBy: recorderOf(caller), definedAt: now.toISOString() };
  }

  async projection(
    caller: Caller,
    partnershipId: string,
    name: string,
    query: ProjectionQuery,
    now: Date,
  ): Promise<ProjectionDto> {
    const profile = await this.access.profile(caller, partnershipId);
    const facts = await this.facts.forRead(partnershipId, query);
    const { period, horizon } = query;
    const asOf = Date.parse(query.asOf ?? now.toISOString());
    const question = { partnershipId, currency: profile.currency, name, period, horizon, asOf };
    return scenarioAnswer(facts, question) ?? notFound(name);
  }
}

/** The scenario of that name known in these facts (their governance log), or a 404. */
export function scenarioNamed(facts: KpiFacts, name: string): ScenarioDefinition {
  return scenarioOf(facts.governance, name) ?? notFound(name);
}

function notFound(name: string): never {
  throw new NotFound(
    'scenario_not_found',
    `there is no scenario ${name}: define it with POST …/scenarios (predefined: baseline, stress, upside)`,
  );
}
