import { CHAIR_ROTATIONS, Charter, DEFAULT_CHARTER, withDefaults } from './document';
import { Governance, Proposal } from './governance';

/**
 * Which charter governs a business instant, and who chairs then (API.md, "Charter").
 *
 * Guarantees: the version in force at t is the highest adopted version whose effectiveFrom ≤ t (the
 * governance given holds only adoptions known at the ledger position asked for); version 0, every field
 * at its default, before any. A what-if puts one proposal in force from its effectiveFrom (or, when it
 * names none, from when it was proposed: the earliest it could have been adopted) above every version.
 */
export interface CharterInForce {
  /** null for a what-if: the proposal has no version. */
  readonly version: number | null;
  readonly definitionHash: string | null;
  readonly effectiveFrom: string | null;
  readonly charter: Charter;
  readonly proposalId?: string;
}

export const VERSION_ZERO: CharterInForce = {
  version: 0,
  definitionHash: null,
  effectiveFrom: null,
  charter: DEFAULT_CHARTER,
};

export function charterInForce(g: Governance, t: number, whatIf?: Proposal): CharterInForce {
  if (whatIf && Date.parse(whatIfFrom(whatIf)) <= t) {
    return {
      version: null,
      definitionHash: whatIf.definitionHash,
      effectiveFrom: whatIfFrom(whatIf),
      charter: withDefaults(whatIf.charter),
      proposalId: whatIf.proposalId,
    };
  }
  const adopted = g.versions.filter((v) => Date.parse(v.effectiveFrom) <= t).at(-1);
  if (!adopted) return VERSION_ZERO;
  const proposal = g.proposals.get(adopted.proposalId)!;
  return {
    version: adopted.version,
    definitionHash: adopted.definitionHash,
    effectiveFrom: adopted.effectiveFrom,
    charter: withDefaults(proposal.charter),
    proposalId: adopted.proposalId,
  };
}

export function whatIfFrom(p: Proposal): string {
  return p.effectiveFrom ?? p.proposedAt;
}

export interface Chair {
  readonly orgId: string;
  readonly periodStart: string;
  readonly periodEnd: string;
}

const MONTHS: Record<(typeof CHAIR_ROTATIONS)[number], number> = { quarter: 3, half: 6, year: 12 };

/**
 * The chair at t: the members sorted by orgId take turns, one per rotation period (that of the charter
 * in force at t), starting with the first in the period containing the first adopted version's
 * effectiveFrom. No chair before that period, or before any version is adopted.
 */
export function chairAt(g: Governance, members: readonly string[], t: number): Chair | null {
  const first = g.versions.length === 0 ? null : Date.parse(g.versions[0].effectiveFrom);
  if (first === null || members.length === 0) return null;
  const length = MONTHS[charterInForce(g, t).charter.chairRotation];
  const turn = Math.floor(monthIndex(t) / length) - Math.floor(monthIndex(first) / length);
  if (turn < 0) return null;
  const sorted = [...members].sort();
  const startMonth = Math.floor(monthIndex(t) / length) * length;
  return {
    orgId: sorted[turn % sorted.length],
    periodStart: new Date(monthStart(startMonth)).toISOString(),
    periodEnd: new Date(monthStart(startMonth + length) - 1).toISOString(),
  };
}

/** Months since January of year 0, in UTC. */
function monthIndex(t: number): number {
  const d = new Date(t);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

function monthStart(index: number): number {
  const d = new Date(0);
  d.setUTCFullYear(Math.floor(index / 12), index % 12, 1); // Date.UTC would read years 0–99 as 19xx
  return d.getTime();
}
