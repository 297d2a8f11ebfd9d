import { isDeepStrictEqual } from 'node:util';
import { RuleViolation, ValidationFailed } from '../errors';
import { DomainEventOf, assertNever } from '../events/event';
import { ProgramState, modelInForce } from './fold';

export type ProgramCommand =
  | { readonly type: 'SetScoringModel'; readonly event: DomainEventOf<'scoring_model.set'> }
  | { readonly type: 'AssessOrganization'; readonly event: DomainEventOf<'organization.assessed'> };

export type ProgramEvent = DomainEventOf<'scoring_model.set'> | DomainEventOf<'organization.assessed'>;

/**
 * decide(command, state) → events for the program stream. Pure: the clock and ids come in the command's
 * event; the caller appends what it returns at the version `state` was folded at (and decides again on
 * a version conflict).
 *
 * Constraints:
 * - a scoring model equal to the latest one adds nothing (PUT is idempotent): `[]`;
 * - an assessment needs a model in force at its occurredAt (409 `no_scoring_model`), and every score it
 *   gives must name an `assessment` criterion of that model (400 on `scores.<criterionId>`): a score
 *   nobody can use is a mistake, and a `kpi` criterion's value is the KPI's, never assessed.
 */
export function decideProgram(command: ProgramCommand, state: ProgramState): readonly ProgramEvent[] {
  switch (command.type) {
    case 'SetScoringModel': {
      const latest = state.models.at(-1);
      return latest && isDeepStrictEqual(latest.model, command.event.data) ? [] : [command.event];
    }
    case 'AssessOrganization':
      checkAssessment(command.event, state);
      return [command.event];
    default:
      return assertNever(command);
  }
}

function checkAssessment(e: DomainEventOf<'organization.assessed'>, state: ProgramState): void {
  const inForce = modelInForce(state, Date.parse(e.occurredAt));
  if (!inForce)
    throw new RuleViolation(
      'no_scoring_model',
      'there is no scoring model to assess against yet: set one with PUT /v1/program/scoring-model',
    );
  const { modelVersion, model } = inForce;
  const criteria = new Map(model.model.criteria.map((c) => [c.criterionId, c]));
  const errors = Object.keys(e.data.scores).flatMap((id) => {
    const c = criteria.get(id);
    if (c?.source === 'assessment') return [];
    const message = c
      ? `is a kpi criterion (its value is the KPI ${c.kpiId ?? ''}), not assessed`
      : `is not a criterion of the scoring model in force (version ${modelVersion}): ` +
        `one of ${
          [...criteria.values()]
            .filter((x) => x.source === 'assessment')
            .map((x) => x.criterionId)
            .join(', ') || '(none)'
        }`;
    return [{ path: `scores.${id}`, message }];
  });
  if (errors.length > 0) throw new ValidationFailed(errors);
}
