import { ProgramState, ScoringModel, latestAssessments, modelInForce } from '@ledger/domain';
import { D, Dec, KpiNumber, round2 } from '../numbers';
import { periodOf } from '../periods';
import { orgKpiValue, scoreCriterion } from './criterion';
import { OrgScore, PartnerScore, PartnershipFigures, ProgramScores } from './types';

/**
 * Partner scores (API.md, "Partner scoring and tiering"): pure over the program's state and the
 * partnerships' figures at one instant.
 *
 * Guarantees:
 * - score = Σ weight × clamp((x − min)/(max − min), 0, 1) / Σ weight × 100, in exact decimals, rounded
 *   half-up to 2 decimals once, at the end; a criterion without a value counts 0 and is `missing`;
 * - a prospect (an org in no partnership started by the instant) is scored on assessments alone: its KPI
 *   criteria are outside both sums and `missing`; with nothing left to weigh its score is 0;
 * - the orgs scored are those the ledger names by then: members of a partnership started by the instant
 *   and orgs assessed by then (the organizations table is not the ledger, so it lists no one);
 * - items are ranked by score (highest first), then orgId.
 */
export interface ScoringInput {
  readonly program: ProgramState;
  /** Business time (ms) and ledger time (position) of the answer. */
  readonly at: number;
  readonly position: number;
  /** The partnerships known at `position`; those started after `at` are not counted. */
  readonly partnerships: readonly PartnershipFigures[];
}

export function scoreProgram(input: ScoringInput): ProgramScores {
  const inForce = modelInForce(input.program, input.at, input.position);
  if (!inForce) return { modelVersion: 0, items: [] };
  const model = inForce.model.model;
  const assessed = latestAssessments(input.program, input.at, input.position);
  const started = input.partnerships.filter((p) => p.startedAt <= input.at);
  const orgs = new Set([...started.flatMap((p) => p.partnerOrgIds), ...assessed.keys()]);
  const items = [...orgs].map((orgId) => {
    const theirs = started.filter((p) => p.partnerOrgIds.includes(orgId));
    return scoreOrg(model, orgId, assessed.get(orgId), theirs.length > 0 ? theirs : undefined);
  });
  return { modelVersion: inForce.modelVersion, items: items.sort(ranked) };
}

/** One org: `partnerships` undefined for a prospect. */
export function scoreOrg(
  model: ScoringModel,
  orgId: string,
  assessed: ReadonlyMap<string, number> | undefined,
  partnerships: readonly PartnershipFigures[] | undefined,
): OrgScore {
  const scored = model.criteria.map((c) => {
    if (c.source === 'assessment') return scoreCriterion(c, assessed?.get(c.criterionId), false);
    const kpiId = c.kpiId!; // the model's constraint: a kpi criterion names its KPI
    const x: KpiNumber | undefined =
      partnerships &&
      orgKpiValue(
        kpiId,
        partnerships.map((p) => p.kpis[kpiId] ?? null),
      );
    return scoreCriterion(c, x, partnerships === undefined);
  });
  const earned = scored.reduce<Dec>((a, s) => a.plus(s.earned), new D(0));
  const weighed = scored.reduce<Dec>((a, s) => a.plus(s.weighed), new D(0));
  const score = weighed.isZero() ? 0 : round2(earned.div(weighed).times(100))!;
  return {
    orgId,
    score,
    tier: tierOf(model, score),
    breakdown: scored.map((s) => s.entry),
    missing: scored.filter((s) => s.missing).map((s) => s.entry.criterionId),
  };
}

/** The tier of the highest minScore ≤ the rounded score; null when there is none. */
export function tierOf(model: ScoringModel, score: number): string | null {
  const reached = model.tiers.filter((t) => t.minScore <= score);
  return (
    reached.reduce<(typeof reached)[number] | undefined>(
      (best, t) => (!best || t.minScore > best.minScore ? t : best),
      undefined,
    )?.tier ?? null
  );
}

const ranked = (a: OrgScore, b: OrgScore) =>
  b.score - a.score || (a.orgId < b.orgId ? -1 : a.orgId > b.orgId ? 1 : 0);

/** The last instant (ms) of the quarter before the one that contains `at`: where previousTier is read. */
export function previousQuarterEnd(at: number): number {
  return periodOf('quarter', at).start - 1;
}

/** Each current item with the tier its org had in `previous` (null where it was not scored then). */
export function withPreviousTiers(current: ProgramScores, previous: ProgramScores): PartnerScore[] {
  const before = new Map(previous.items.map((i) => [i.orgId, i.tier]));
  return current.items.map((i) => ({ ...i, previousTier: before.get(i.orgId) ?? null }));
}
