import { z } from 'zod';
import { KPI_CATEGORIES } from '../kpi-catalogue/types';
import { RANGES, identifier, number, oneOf, text } from '../events/fields';

/**
 * The charter document of API.md ("Charter"): how a partnership measures and governs itself. This file
 * is its shape; what depends on the partnership (member orgs, which KPI ids exist, which fields are
 * numeric) is checked by validate.ts, and what is left out gets its default from withDefaults().
 *
 * Constraints: every field optional; unknown fields refused (what partners approve is exactly what is
 * hashed and kept); at most 20 objectives; windows in whole days 1–730.
 */
export const ATTRIBUTION_MODELS = [
  'first_touch',
  'last_touch',
  'linear',
  'time_decay',
  'position_based',
] as const;
export type AttributionModelName = (typeof ATTRIBUTION_MODELS)[number];
export const CHAIR_ROTATIONS = ['quarter', 'half', 'year'] as const;
export const AGGREGATES = ['count', 'sum', 'mean', 'latest'] as const;
export const DIRECTIONS = ['higher_is_better', 'lower_is_better'] as const;
export const CUSTOM_KPI_ID = /^x_[a-z0-9_]{1,60}$/;

const wholeDays = (min: number, max: number) =>
  number(min, max).refine(Number.isInteger, 'must be a whole number of days');
const kpiId = () => z.string({ error: 'must be a KPI id' }).min(1, 'must be a KPI id');
const list = <T extends z.ZodTypeAny>(item: T, max: number) =>
  z.array(item, { error: 'must be an array' }).max(max, `must have at most ${max} entries`);
const orgMap = <T extends z.ZodTypeAny>(value: T) =>
  z.record(z.string(), value, { error: 'must be an object keyed by organization id' });

const objective = z.strictObject({
  objectiveId: identifier(),
  title: text(200),
  kpiIds: list(kpiId(), 50),
});

const scorecardEntry = z.strictObject({
  kpiId: kpiId(),
  target: number(...RANGES.target).optional(),
  baseline: number(...RANGES.target).optional(),
  weight: z
    .number({ error: 'must be a number' })
    .gt(0, 'must be greater than 0')
    .max(1000, 'must be at most 1000')
    .optional(),
  owners: orgMap(text(200)).optional(),
});

const attribution = z.strictObject({
  model: oneOf(ATTRIBUTION_MODELS).optional(),
  windowDays: wholeDays(1, 730).optional(),
  halfLifeDays: number(0.01, 730).optional(),
});

const expectation = z.strictObject({
  type: z.string({ error: 'must be an event type' }),
  every: oneOf(['month', 'quarter']),
  fromEachPartner: z.boolean({ error: 'must be true or false' }),
});

const scalar = z.union([z.string().max(200), z.number(), z.boolean()], {
  error: 'must be a string, number or boolean',
});

const customKpi = z.strictObject({
  kpiId: z
    .string({ error: 'must be a custom KPI id' })
    .regex(CUSTOM_KPI_ID, 'must start with "x_" followed by lower-case letters, digits or _ (2–62 chars)'),
  category: oneOf(KPI_CATEGORIES),
  name: text(200),
  eventType: z.string({ error: 'must be an event type' }),
  aggregate: oneOf(AGGREGATES),
  field: identifier().optional(),
  where: z.record(z.string(), scalar, { error: 'must be an object of field: value' }).optional(),
  unit: text(32),
  direction: oneOf(DIRECTIONS),
  period: z.boolean({ error: 'must be true or false' }),
});

export const CHARTER_SCHEMA = z.strictObject({
  objectives: list(objective, 20).optional(),
  scorecard: list(scorecardEntry, 100).optional(),
  priorities: orgMap(list(kpiId(), 50)).optional(),
  attribution: attribution.optional(),
  dealProtectionDays: wholeDays(0, 730).optional(),
  chairRotation: oneOf(CHAIR_ROTATIONS).optional(),
  dataQuality: z
    .strictObject({
      expected: list(expectation, 50).optional(),
      lateAfterDays: wholeDays(0, 365).optional(),
    })
    .optional(),
  customKpis: list(customKpi, 50).optional(),
  disputeSlaDays: wholeDays(1, 365).optional(),
});

/** A charter exactly as proposed: what the definitionHash is taken over. */
export type CharterDocument = z.infer<typeof CHARTER_SCHEMA>;
export type CustomKpi = z.infer<typeof customKpi>;
export type ScorecardEntry = z.infer<typeof scorecardEntry>;

/** A charter with every default filled in: what figures are computed under. */
export interface Charter {
  readonly objectives: NonNullable<CharterDocument['objectives']>;
  readonly scorecard: readonly (ScorecardEntry & { readonly weight: number })[];
  readonly priorities: Readonly<Record<string, readonly string[]>>;
  readonly attribution: {
    readonly model: AttributionModelName;
    readonly windowDays: number;
    readonly halfLifeDays: number;
  };
  readonly dealProtectionDays: number;
  readonly chairRotation: (typeof CHAIR_ROTATIONS)[number];
  readonly dataQuality: {
    readonly expected: NonNullable<NonNullable<CharterDocument['dataQuality']>['expected']>;
    readonly lateAfterDays: number;
  };
  readonly customKpis: readonly CustomKpi[];
  readonly disputeSlaDays: number;
}

/** Version 0: every field at its default (API.md). */
export const DEFAULT_CHARTER: Charter = withDefaults({});

export function withDefaults(doc: CharterDocument): Charter {
  return {
    objectives: doc.objectives ?? [],
    scorecard: (doc.scorecard ?? []).map((s) => ({ ...s, weight: s.weight ?? 1 })),
    priorities: doc.priorities ?? {},
    attribution: {
      model: doc.attribution?.model ?? 'linear',
      windowDays: doc.attribution?.windowDays ?? 180,
      halfLifeDays: doc.attribution?.halfLifeDays ?? 7,
    },
    dealProtectionDays: doc.dealProtectionDays ?? 0,
    chairRotation: doc.chairRotation ?? 'quarter',
    dataQuality: {
      expected: doc.dataQuality?.expected ?? [],
      lateAfterDays: doc.dataQuality?.lateAfterDays ?? 7,
    },
    customKpis: doc.customKpis ?? [],
    disputeSlaDays: doc.disputeSlaDays ?? 14,
  };
}
