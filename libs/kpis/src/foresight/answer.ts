import { KpiFacts } from '../facts/types';
import { SEASON } from '../forecast/types';
import { Projection, projectScenario } from './projection';
import { ScenarioDefinition, scenarioOf } from './scenarios';

export interface ScenarioQuestion {
  readonly partnershipId: string;
  readonly currency: string;
  readonly name: string;
  /** Default quarter (API.md's example); month or quarter. */
  readonly period?: string;
  /** Default a year of the period; 1–12. */
  readonly horizon?: number;
  /** Business time (ms). */
  readonly asOf: number;
}

/** Where a scenario's assumptions come from: predefined, or the event that defined them. */
export type ScenarioOrigin =
  | { readonly predefined: true }
  | {
      readonly predefined: false;
      readonly description?: string;
      readonly eventId: string;
      readonly position?: number;
      readonly definedBy: string;
      readonly definedAt?: string;
    };

export interface ScenarioAnswer extends Projection {
  readonly partnershipId: string;
  readonly name: string;
  readonly asOf: string;
  readonly position: number;
  readonly currency: string;
  readonly definition: ScenarioOrigin;
}

/**
 * The answer of `GET …/scenarios/:name/projection` from a partnership's facts (as they stood at the
 * position asked): the scenario the facts' governance log defines under that name (or the predefined
 * one), projected at asOf. The server and `ledger scenario` both answer with it, so an export replayed
 * offline prints the server's bytes.
 *
 * Guarantees: pure; undefined when no scenario of that name is known (the caller's 404).
 * Constraints: a bad period or horizon is a ValidationFailed (400), as the forecast route's.
 */
export function scenarioAnswer(facts: KpiFacts, q: ScenarioQuestion): ScenarioAnswer | undefined {
  const scenario = scenarioOf(facts.governance, q.name);
  if (!scenario) return undefined;
  const period = q.period ?? 'quarter';
  const horizon = q.horizon ?? SEASON[period as keyof typeof SEASON];
  const { assumptions } = scenario;
  const projected = projectScenario(facts, { name: q.name, period, horizon, asOf: q.asOf, assumptions });
  return {
    partnershipId: q.partnershipId,
    name: q.name,
    asOf: new Date(q.asOf).toISOString(),
    position: facts.position,
    currency: q.currency,
    definition: originOf(scenario),
    ...projected,
  };
}

function originOf({ description, definedBy, definedAt }: ScenarioDefinition): ScenarioOrigin {
  if (!definedBy) return { predefined: true };
  const { eventId, position, orgId } = definedBy;
  return {
    predefined: false,
    ...(description !== undefined ? { description } : {}),
    eventId,
    ...(position !== null ? { position } : {}),
    definedBy: orgId,
    ...(definedAt ? { definedAt } : {}),
  };
}
