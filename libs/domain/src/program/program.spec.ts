import { RuleViolation, ValidationFailed } from '../errors';
import { DomainEventOf } from '../events/event';
import { decideProgram } from './decide';
import { ScoringModel } from './events';
import { ProgramStoredEvent, foldProgram, initialProgram, latestAssessments, modelInForce } from './fold';

/**
 * The program stream's rules and fold (API.md, "Partner scoring and tiering"), on hand-built streams:
 * which model is in force at a business time and a ledger position, which assessment counts, and what
 * the decider refuses.
 */
const MODEL: ScoringModel = {
  criteria: [
    { criterionId: 'fit', weight: 2, source: 'assessment', min: 0, max: 10 },
    { criterionId: 'revenue', weight: 1, source: 'kpi', kpiId: 'joint_revenue', min: 0, max: 1000 },
  ],
  tiers: [{ tier: 'gold', minScore: 70 }],
};
const LENIENT: ScoringModel = { ...MODEL, tiers: [{ tier: 'listed', minScore: 0 }] };
const day = (d: string) => `2026-${d}T00:00:00.000Z`;

function stored(type: string, occurredAt: string, position: number, data: object): ProgramStoredEvent {
  return { eventId: `e${position}`, type, occurredAt, recordedBy: 'admin', data, position };
}
const modelSet = (at: string, position: number, model: ScoringModel) =>
  stored('scoring_model.set', at, position, model);
const assessed = (at: string, position: number, orgId: string, scores: Record<string, number>) =>
  stored('organization.assessed', at, position, { orgId, scores });

function assess(at: string, scores: Record<string, number>): DomainEventOf<'organization.assessed'> {
  return {
    eventId: 'new',
    type: 'organization.assessed',
    occurredAt: at,
    recordedBy: 'admin',
    data: { orgId: 'acme', scores },
  };
}
const set = (model: ScoringModel): DomainEventOf<'scoring_model.set'> => ({
  eventId: 'new',
  type: 'scoring_model.set',
  occurredAt: day('06-01'),
  recordedBy: 'admin',
  data: model,
});

describe('the model in force', () => {
  // Recorded in this order: MODEL (in force from March), LENIENT (from May), then MODEL again
  // back-dated to April (recorded last, but the latest by business time only from April to May).
  const program = foldProgram(initialProgram(), [
    modelSet(day('03-01'), 10, MODEL),
    modelSet(day('05-01'), 11, LENIENT),
    modelSet(day('04-01'), 12, MODEL),
  ]);

  it('is the latest by business time among those known, counted by modelVersion', () => {
    expect(modelInForce(program, Date.parse(day('02-01')))).toBeUndefined();
    expect(modelInForce(program, Date.parse(day('03-15')))).toMatchObject({ modelVersion: 1 });
    const april = modelInForce(program, Date.parse(day('04-15')))!;
    expect([april.modelVersion, april.model.position]).toEqual([2, 12]);
    const june = modelInForce(program, Date.parse(day('06-01')))!;
    expect([june.modelVersion, june.model.model.tiers]).toEqual([3, LENIENT.tiers]);
  });

  it('is cut by ledger position: what was known at position 10 is the first model alone', () => {
    const then = modelInForce(program, Date.parse(day('06-01')), 10)!;
    expect([then.modelVersion, then.model.position]).toEqual([1, 10]);
  });
});

describe('the latest assessment of each criterion', () => {
  const program = foldProgram(initialProgram(), [
    modelSet(day('01-01'), 1, MODEL),
    assessed(day('03-01'), 2, 'acme', { fit: 4 }),
    assessed(day('02-01'), 3, 'acme', { fit: 9 }), // recorded later, but older business time
    assessed(day('03-01'), 4, 'zen', { fit: 5 }),
    assessed(day('03-01'), 5, 'zen', { fit: 7 }), // same business time: the later position wins
  ]);

  it('goes by business time, ties to the later position, and by what was known at a position', () => {
    const now = latestAssessments(program, Date.parse(day('12-31')));
    expect(now.get('acme')).toEqual(new Map([['fit', 4]]));
    expect(now.get('zen')).toEqual(new Map([['fit', 7]]));
    expect(latestAssessments(program, Date.parse(day('02-15'))).get('acme')).toEqual(new Map([['fit', 9]]));
    expect(latestAssessments(program, Date.parse(day('12-31')), 4).get('zen')).toEqual(new Map([['fit', 5]]));
  });
});

describe('the program decider', () => {
  const program = foldProgram(initialProgram(), [modelSet(day('03-01'), 1, MODEL)]);

  it('adds nothing for a model equal to the latest one (PUT is idempotent), and a changed one', () => {
    expect(decideProgram({ type: 'SetScoringModel', event: set(MODEL) }, program)).toEqual([]);
    expect(decideProgram({ type: 'SetScoringModel', event: set(LENIENT) }, program)).toEqual([set(LENIENT)]);
  });

  it('refuses an assessment with no model in force at its business time (409 no_scoring_model)', () => {
    const before = () =>
      decideProgram({ type: 'AssessOrganization', event: assess(day('02-01'), { fit: 3 }) }, program);
    expect(before).toThrow(RuleViolation);
    expect(before).toThrow(expect.objectContaining({ code: 'no_scoring_model' }));
  });

  it('refuses scores of a kpi criterion or of none the model names, naming each (400)', () => {
    const event = assess(day('04-01'), { fit: 3, revenue: 500, reach: 2 });
    let refused: unknown;
    try {
      decideProgram({ type: 'AssessOrganization', event }, program);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(ValidationFailed);
    expect((refused as ValidationFailed).errors).toEqual([
      {
        path: 'scores.revenue',
        message: 'is a kpi criterion (its value is the KPI joint_revenue), not assessed',
      },
      {
        path: 'scores.reach',
        message: 'is not a criterion of the scoring model in force (version 1): one of fit',
      },
    ]);
    const fine = assess(day('04-01'), { fit: 3 });
    expect(decideProgram({ type: 'AssessOrganization', event: fine }, program)).toEqual([fine]);
  });
});
