import { Map as IMap } from 'immutable';
import { DomainEvent, DomainEventOf } from '../events/event';
import { GOVERNANCE_SCHEMAS, GovernanceType } from './events';
import { CharterDocument } from './document';
import { Disputes, applyDispute } from '../disputes/fold';

/**
 * A partnership's governance: its charter proposals and adopted versions, its reviews and their
 * actions. One fold (applyGovernance) serves the decider, the read routes and the KPI facts, over the
 * governance events in ledger order; each entry keeps the ledger position it was recorded at (absent
 * while an event is being decided, before it has one).
 *
 * Guarantees: pure; the same events give the same governance everywhere; an event that does not apply
 * (an approval of an unknown proposal, which the decider never lets in) changes nothing.
 */
export type GovernanceEvent = Extract<DomainEvent, { type: GovernanceType }>;

export function isGovernanceEvent(e: DomainEvent): e is GovernanceEvent {
  return Object.hasOwn(GOVERNANCE_SCHEMAS, e.type);
}
export type Stamped = GovernanceEvent & { readonly position?: number };

export interface Approval {
  readonly orgId: string;
  readonly at: string;
  readonly signed: boolean;
}

export type ProposalState = 'open' | 'adopted' | 'rejected' | 'withdrawn' | 'superseded';

export interface Proposal {
  readonly proposalId: string;
  readonly proposedBy: string;
  readonly proposedAt: string;
  readonly position?: number;
  readonly baseVersion: number;
  readonly charter: CharterDocument;
  readonly definitionHash: string;
  readonly effectiveFrom?: string;
  readonly rationale?: string;
  readonly approvals: readonly Approval[];
  /** How it closed, unless it is open (or superseded, which is derived: see proposalState). */
  readonly closed?: { readonly state: 'adopted' | 'rejected' | 'withdrawn'; readonly reason?: string };
}

export interface AdoptedVersion {
  readonly version: number;
  readonly proposalId: string;
  readonly definitionHash: string;
  readonly effectiveFrom: string;
  readonly adoptedAt: string;
  readonly position?: number;
}

export interface ActionItem {
  readonly actionId: string;
  readonly reviewId: string;
  readonly title: string;
  readonly ownerOrgId: string;
  readonly dueDate: string;
  readonly completed?: { readonly at: string; readonly by: string; readonly note?: string };
}

export interface Review {
  readonly reviewId: string;
  readonly periodStart: string;
  readonly summary: string;
  readonly snapshotHash?: string;
  readonly heldBy: string;
  readonly heldAt: string;
  readonly position?: number;
  readonly actionIds: readonly string[];
}

export interface Governance {
  readonly proposals: IMap<string, Proposal>;
  /** Adopted versions in order: versions[i].version === i + 1. */
  readonly versions: readonly AdoptedVersion[];
  readonly reviews: readonly Review[];
  readonly actions: IMap<string, ActionItem>;
  /** Disputes of events and figures (disputes/fold.ts). */
  readonly disputes: Disputes;
  /** Every governance event folded, in order: the governance at an earlier position is a fold of a prefix. */
  readonly log: readonly Stamped[];
}

export function emptyGovernance(): Governance {
  return { proposals: IMap(), versions: [], reviews: [], actions: IMap(), disputes: IMap(), log: [] };
}

export function latestVersion(g: Governance): number {
  return g.versions.length;
}

/** Open proposals based on an older version than the latest adopted one are superseded. */
export function proposalState(g: Governance, p: Proposal): ProposalState {
  if (p.closed) return p.closed.state;
  return p.baseVersion < latestVersion(g) ? 'superseded' : 'open';
}

export function applyGovernance(g: Governance, e: Stamped): Governance {
  return { ...applyOne(g, e), log: [...g.log, e] };
}

function applyOne(g: Governance, e: Stamped): Governance {
  const at = e.occurredAt;
  const position = e.position === undefined ? {} : { position: e.position };
  switch (e.type) {
    case 'charter.proposed': {
      if (g.proposals.has(e.data.proposalId)) return g;
      const { proposalId, baseVersion, charter, definitionHash, effectiveFrom, rationale } = e.data;
      const proposal: Proposal = {
        proposalId,
        proposedBy: e.recordedBy,
        proposedAt: at,
        ...position,
        baseVersion,
        charter,
        definitionHash,
        ...(effectiveFrom ? { effectiveFrom } : {}),
        ...(rationale ? { rationale } : {}),
        approvals: e.recordedBy === 'admin' ? [] : [{ orgId: e.recordedBy, at, signed: false }],
      };
      return { ...g, proposals: g.proposals.set(proposalId, proposal) };
    }
    case 'charter.approved':
      return withProposal(g, e.data.proposalId, (p) => ({
        ...p,
        approvals: [...p.approvals, { orgId: e.recordedBy, at, signed: e.data.signature !== undefined }],
      }));
    case 'charter.rejected':
      return withProposal(g, e.data.proposalId, (p) => ({
        ...p,
        closed: { state: 'rejected', reason: e.data.reason },
      }));
    case 'charter.withdrawn':
      return withProposal(g, e.data.proposalId, (p) => ({ ...p, closed: { state: 'withdrawn' } }));
    case 'charter.adopted': {
      const { proposalId, version, definitionHash, effectiveFrom } = e.data;
      if (version !== g.versions.length + 1 || !g.proposals.has(proposalId)) return g;
      const adopted = { version, proposalId, definitionHash, effectiveFrom, adoptedAt: at, ...position };
      const next = withProposal(g, proposalId, (p) => ({ ...p, closed: { state: 'adopted' } }));
      return { ...next, versions: [...g.versions, adopted] };
    }
    case 'review.held':
      return held(g, e, position);
    case 'action.completed':
      return withAction(g, e.data.actionId, (a) => ({
        ...a,
        completed: { at, by: e.recordedBy, ...(e.data.note ? { note: e.data.note } : {}) },
      }));
    case 'dispute.opened':
    case 'dispute.commented':
    case 'dispute.resolution_proposed':
    case 'dispute.resolution_accepted':
    case 'dispute.withdrawn':
    case 'dispute.resolved':
      return { ...g, disputes: applyDispute(g.disputes, e) };
    case 'scenario.defined':
    case 'forecast.recorded':
      return g; // read from the log (foresight reads): nothing the rules of governance depend on
  }
}

function held(g: Governance, e: DomainEventOf<'review.held'>, position: { position?: number }): Governance {
  const { reviewId, periodStart, summary, snapshotHash, actions } = e.data;
  const review: Review = {
    reviewId,
    periodStart,
    summary,
    ...(snapshotHash ? { snapshotHash } : {}),
    heldBy: e.recordedBy,
    heldAt: e.occurredAt,
    ...position,
    actionIds: actions.map((a) => a.actionId),
  };
  const items = actions.reduce(
    (map, a) => (map.has(a.actionId) ? map : map.set(a.actionId, { ...a, reviewId })),
    g.actions,
  );
  return { ...g, reviews: [...g.reviews, review], actions: items };
}

function withProposal(g: Governance, id: string, change: (p: Proposal) => Proposal): Governance {
  const p = g.proposals.get(id);
  return p ? { ...g, proposals: g.proposals.set(id, change(p)) } : g;
}

function withAction(g: Governance, id: string, change: (a: ActionItem) => ActionItem): Governance {
  const a = g.actions.get(id);
  return a ? { ...g, actions: g.actions.set(id, change(a)) } : g;
}

/** The governance as it stood after ledger position `atPosition`, from its stamped events. */
export function governanceAt(log: readonly Stamped[], atPosition = Number.POSITIVE_INFINITY): Governance {
  return log
    .filter((e) => (e.position ?? 0) <= atPosition)
    .reduce<Governance>(applyGovernance, emptyGovernance());
}
