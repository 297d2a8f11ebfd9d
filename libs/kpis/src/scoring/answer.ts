import { KPI_CATALOGUE, KpiCategory, ProgramState, modelInForce } from '@ledger/domain';
import { KpiFacts } from '../facts/types';
import { computeSnapshot } from '../snapshot';
import { previousQuarterEnd, scoreProgram, withPreviousTiers } from './score';
import { PartnerScore, PartnershipFigures } from './types';

/** `GET /v1/partner-scores` (API.md, "Partner scoring and tiering"), with the model's tiers. */
export interface PartnerScoresAnswer {
  readonly asOf: string;
  readonly position: number;
  readonly modelVersion: number;
  /** The tiers of the model in force at asOf, highest minScore first (an extension of API.md). */
  readonly tiers: readonly { readonly tier: string; readonly minScore: number }[];
  readonly items: readonly PartnerScore[];
}

/** What an answer needs computed beside the program: the partnerships' figures at these instants. */
export interface ScoringNeeds {
  /** asOf, and the last instant of the previous quarter (previousTier). */
  readonly instants: readonly [number, number];
  /** The KPIs the models in force at those instants name, sorted. */
  readonly kpiIds: readonly string[];
}

const CATEGORY = new Map(KPI_CATALOGUE.map((k) => [k.kpiId, k.category]));

/**
 * The partner scores at business time `at` in the ledger as it stood at `position`, in two steps so a
 * server can fetch figures in between: scoringNeeds (undefined before any model is in force: the answer
 * is then empty), then partnerScoresAnswer over each partnership's figures at those instants
 * (partnershipFigures). The server and `ledger partner-scores` both answer with them, so an export
 * replayed offline prints the server's bytes.
 *
 * Guarantees: pure; previousTier is scored at the end of the previous quarter under the model in force
 * then, with the figures of the same position.
 */
export function scoringNeeds(program: ProgramState, at: number, position: number): ScoringNeeds | undefined {
  const before = previousQuarterEnd(at);
  const models = [modelInForce(program, at, position), modelInForce(program, before, position)];
  if (!models[0]) return undefined;
  const kpiIds = new Set(models.flatMap((m) => m?.model.model.criteria.flatMap((c) => c.kpiId ?? []) ?? []));
  return { instants: [at, before], kpiIds: [...kpiIds].sort() };
}

export function partnerScoresAnswer(
  program: ProgramState,
  at: number,
  position: number,
  figures?: readonly [readonly PartnershipFigures[], readonly PartnershipFigures[]],
): PartnerScoresAnswer {
  const asOf = new Date(at).toISOString();
  const inForce = modelInForce(program, at, position);
  if (!inForce || !figures) return { asOf, position, modelVersion: 0, tiers: [], items: [] };
  const [now, then] = figures;
  const current = scoreProgram({ program, at, position, partnerships: now });
  const previous = scoreProgram({ program, at: previousQuarterEnd(at), position, partnerships: then });
  return {
    asOf,
    position,
    modelVersion: current.modelVersion,
    tiers: [...inForce.model.model.tiers].sort((x, y) => y.minScore - x.minScore),
    items: withPreviousTiers(current, previous),
  };
}

/**
 * A partnership's whole figure of each KPI wanted at instant `at`: its KPI snapshot (the computation of
 * `GET …/kpis`, only the categories those KPIs belong to). Constraints: the facts have a profile and the
 * KPIs are of the catalogue (the model's schema).
 */
export function partnershipFigures(
  partnershipId: string,
  facts: KpiFacts,
  at: number,
  kpiIds: readonly string[],
): PartnershipFigures {
  const profile = facts.profile!;
  const categories = [...new Set(kpiIds.map((id) => CATEGORY.get(id)!))].sort() as KpiCategory[];
  const request = {
    partnershipId,
    currency: profile.currency,
    asOf: new Date(at).toISOString(),
    position: facts.position,
    categories,
  };
  const values = Object.values(computeSnapshot(facts, request).categories).flat();
  const kpis = Object.fromEntries(
    kpiIds.map((id) => [id, values.find((v) => v.kpiId === id)?.value ?? null]),
  );
  return { partnershipId, partnerOrgIds: profile.partnerOrgIds, startedAt: profile.startedAt, kpis };
}
