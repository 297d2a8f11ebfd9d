import { createHash } from 'node:crypto';
import { KPI_CATEGORIES, KpiCategory } from '@ledger/domain';
import { canonicalJson } from '@ledger/verification';
import { CATEGORY_KPIS } from './compute/categories';
import { customKpis } from './compute/custom';
import { KpiValue, decorate, healthScore } from './compute/decorate';
import { View, viewAt } from './compute/view';
import { KpiFacts } from './facts/types';
import { Period, periodOf } from './periods';

export type { KpiValue } from './compute/decorate';

export type KpiCategories = Partial<Record<KpiCategory, KpiValue[]>>;

export interface KpiSnapshot {
  readonly partnershipId: string;
  readonly currency: string;
  readonly asOf: string;
  readonly position: number;
  readonly categories: KpiCategories;
  /** The charter the figures were computed under, when a version ≥ 1 or a what-if governs them. */
  readonly charter?: CharterRef;
  /** Present when the answer is a what-if: as if the proposal were adopted at its effectiveFrom. */
  readonly whatIf?: { readonly proposalId: string; readonly definitionHash: string };
  readonly snapshotHash: string;
}

export interface CharterRef {
  readonly version: number | null;
  readonly definitionHash: string | null;
}

export interface SnapshotRequest {
  readonly partnershipId: string;
  readonly currency: string;
  /** Business time, ISO-8601 (normalized to UTC milliseconds in the answer). */
  readonly asOf: string;
  /** The ledger position the facts reflect. */
  readonly position: number;
  /** Only these categories (all when absent). */
  readonly categories?: readonly KpiCategory[];
  /** The period "period" KPIs measure; default the quarter containing asOf. */
  readonly period?: Period;
  /** A proposal to answer under, as if adopted at its effectiveFrom (API.md, what-if). */
  readonly whatIf?: string;
}

/**
 * The KPI snapshot of a partnership: every KPI of the catalogue computed from the facts at `asOf`, with
 * targets, status and health_score, and the SHA-256 of the RFC 8785 canonical JSON of
 * {partnershipId, asOf, position, categories}. Pure: the same facts give the same bytes everywhere.
 */
export function computeSnapshot(facts: KpiFacts, request: SnapshotRequest): KpiSnapshot {
  return snapshotOfView(viewFor(facts, request), request);
}

/** The facts as they stood at the request's asOf, for its period: what snapshotOfView computes from. */
export function viewFor(facts: KpiFacts, request: Pick<SnapshotRequest, 'asOf' | 'period' | 'whatIf'>): View {
  const asOfMs = Date.parse(request.asOf);
  return viewAt(facts, asOfMs, request.period ?? periodOf('quarter', asOfMs), undefined, request.whatIf);
}

/** The snapshot of a view made for the same asOf and period (viewFor, or pooledView of such views). */
export function snapshotOfView(view: View, request: SnapshotRequest): KpiSnapshot {
  const asOfMs = Date.parse(request.asOf);
  const wanted = request.categories ?? KPI_CATEGORIES;
  const all = computeAll(view, wanted);
  const categories: KpiCategories = Object.fromEntries(
    KPI_CATEGORIES.filter((c) => wanted.includes(c)).map((c) => [c, all[c]]),
  );
  const asOf = new Date(asOfMs).toISOString();
  const charter = charterRefOf(view);
  const hashed = {
    partnershipId: request.partnershipId,
    asOf,
    position: request.position,
    categories,
    ...(charter ? { charter } : {}),
  };
  const whatIf = view.charter.version === null ? whatIfOf(view) : undefined;
  return {
    ...hashed,
    currency: request.currency,
    ...(whatIf ? { whatIf } : {}),
    snapshotHash: snapshotHashOf(hashed),
  };
}

/**
 * The charter a view's figures are computed under, as KPI answers name it: absent under version 0, so
 * a partnership without a charter hashes the v1 object, unchanged (API.md).
 */
export function charterRefOf(view: View): CharterRef | undefined {
  const { version, definitionHash } = view.charter;
  return version === 0 ? undefined : { version, definitionHash };
}

function whatIfOf(view: View) {
  const { proposalId, definitionHash } = view.charter;
  return proposalId && definitionHash ? { proposalId, definitionHash } : undefined;
}

export function snapshotHashOf(body: {
  partnershipId: string;
  asOf: string;
  position: number;
  categories: KpiCategories;
  charter?: CharterRef;
}): string {
  return createHash('sha256').update(canonicalJson(body), 'utf8').digest('hex');
}

/**
 * The KPIs of the wanted categories; all of them when `relationship` is wanted, since its health_score
 * reads every category's status. A category is computed alike whichever others are (none reads another).
 */
function computeAll(view: View, wanted: readonly KpiCategory[]): Partial<Record<KpiCategory, KpiValue[]>> {
  const computing = wanted.includes('relationship') ? KPI_CATEGORIES : wanted;
  const computed = computing.map((c) => [
    c,
    [...CATEGORY_KPIS[c](view), ...customKpis(view, c)].map((r) => decorate(view, r)),
  ]);
  const out = Object.fromEntries(computed) as Partial<Record<KpiCategory, KpiValue[]>>;
  if (out.relationship) {
    const all = out as Record<KpiCategory, KpiValue[]>;
    out.relationship.push(decorate(view, { kpiId: 'health_score', value: healthScore(view, all) }));
  }
  return out;
}
