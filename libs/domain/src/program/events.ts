import { z } from 'zod';
import { KPI_IDS } from '../kpi-catalogue';
import { number, oneOf, orgId, text } from '../events/fields';

/**
 * The program's events (API.md, "Partner scoring and tiering"): the scoring model and the assessments
 * of organizations, kept in the reserved stream `program` so they are in the Merkle tree and in every
 * export like any partnership's events. Written by their routes (admin, governance), never posted to
 * `…/events`.
 *
 * Constraints: criterion ids are unique, min < max, a `kpi` criterion names a catalogue KPI and an
 * `assessment` criterion none; tier names and thresholds are unique, thresholds within 0–100.
 */
export const PROGRAM_STREAM = 'program';
export const CRITERION_SOURCES = ['assessment', 'kpi'] as const;
const BOUND = 1e15;

export const criterionId = () =>
  z
    .string({ error: (i) => (i.input === undefined ? 'is required' : 'must be a string') })
    .regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be 1–64 lower-case letters, digits or _, starting with a letter');

const criterion = z
  .strictObject({
    criterionId: criterionId(),
    weight: number(0, 1e6).refine((w) => w > 0, 'must be greater than 0'),
    source: oneOf(CRITERION_SOURCES),
    kpiId: z
      .enum(KPI_IDS as [string, ...string[]], {
        error: (i) =>
          i.input === undefined ? 'is required' : 'must be a KPI id of the catalogue (GET /v1/kpi-catalogue)',
      })
      .optional(),
    min: number(-BOUND, BOUND),
    max: number(-BOUND, BOUND),
  })
  .superRefine((c, ctx) => {
    if (c.max <= c.min) ctx.addIssue({ code: 'custom', path: ['max'], message: 'must be greater than min' });
    if (c.source === 'kpi' && c.kpiId === undefined)
      ctx.addIssue({ code: 'custom', path: ['kpiId'], message: 'is required when source is kpi' });
    if (c.source === 'assessment' && c.kpiId !== undefined)
      ctx.addIssue({ code: 'custom', path: ['kpiId'], message: 'is only for source kpi' });
  });

const tier = z.strictObject({ tier: text(64), minScore: number(0, 100) });

const scoringModel = z
  .strictObject({
    criteria: z.array(criterion, { error: 'must be an array' }).min(1, 'must not be empty').max(50),
    tiers: z.array(tier, { error: 'must be an array' }).min(1, 'must not be empty').max(20),
  })
  .superRefine((m, ctx) => {
    duplicates(m.criteria.map((c) => c.criterionId)).forEach((i) =>
      ctx.addIssue({ code: 'custom', path: ['criteria', i, 'criterionId'], message: 'must be unique' }),
    );
    duplicates(m.tiers.map((t) => t.tier)).forEach((i) =>
      ctx.addIssue({ code: 'custom', path: ['tiers', i, 'tier'], message: 'must be unique' }),
    );
    duplicates(m.tiers.map((t) => String(t.minScore))).forEach((i) =>
      ctx.addIssue({ code: 'custom', path: ['tiers', i, 'minScore'], message: 'must be unique' }),
    );
  });

/** Indexes of the entries that repeat an earlier one. */
function duplicates(values: readonly string[]): number[] {
  return values.flatMap((v, i) => (values.indexOf(v) < i ? [i] : []));
}

const scores = z
  .record(criterionId(), number(-BOUND, BOUND), { error: 'must be an object of criterionId: number' })
  .refine((s) => Object.keys(s).length > 0, 'must score at least one criterion')
  .refine((s) => Object.keys(s).length <= 50, 'must score at most 50 criteria');

export const PROGRAM_SCHEMAS = {
  'scoring_model.set': scoringModel,
  'organization.assessed': z.strictObject({ orgId: orgId(), scores, notes: text().optional() }),
} as const;

export type ProgramType = keyof typeof PROGRAM_SCHEMAS;
export const PROGRAM_TYPES = Object.keys(PROGRAM_SCHEMAS) as ProgramType[];
export type ScoringModel = z.infer<(typeof PROGRAM_SCHEMAS)['scoring_model.set']>;

export const PROGRAM_ROUTES: Record<ProgramType, string> = {
  'scoring_model.set': 'PUT /v1/program/scoring-model',
  'organization.assessed': 'POST /v1/organizations/:orgId/assessments',
};
