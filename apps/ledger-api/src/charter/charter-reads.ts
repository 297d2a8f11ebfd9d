import { Inject, Injectable } from '@nestjs/common';
import {
  DEFAULT_CHARTER,
  FormedPartnership,
  Governance,
  NotFound,
  Proposal,
  changesBetween,
  chairAt,
  charterInForce,
  endOfDateOrTimestamp,
  governanceAt,
  proposalState,
  withDefaults,
} from '@ledger/domain';
import { Caller } from '../auth/caller';
import { assertPositionReached } from '../common/positions';
import { EVENT_STORE } from '../config/tokens';
import { PartnershipAccess } from '../partnerships/partnership-access';
import { LedgerStore } from '../partnerships/partnership-fold';

export interface Clocks {
  readonly asOf?: string;
  readonly atPosition?: number;
}

/** A partnership's governance at a ledger position, and the position it reflects. */
export interface GovernanceAt {
  readonly state: FormedPartnership;
  readonly governance: Governance;
  readonly position: number;
}

/**
 * The charter's read side. The partnership's decider state already folds its governance (the store
 * keeps recent states folded), so every read is consistent with every write acknowledged before it,
 * with no projection lag; a past `atPosition` folds the governance events up to it (governanceAt).
 */
@Injectable()
export class CharterReads {
  constructor(
    private readonly access: PartnershipAccess,
    @Inject(EVENT_STORE) private readonly store: LedgerStore,
  ) {}

  async at(caller: Caller, partnershipId: string, atPosition?: number): Promise<GovernanceAt> {
    const state = await this.access.visible(caller, partnershipId);
    if (atPosition === undefined)
      return { state, governance: state.governance, position: state.position ?? 0 };
    await assertPositionReached(this.store, atPosition, 'atPosition');
    return { state, governance: governanceAt(state.governance.log, atPosition), position: atPosition };
  }

  async charter(caller: Caller, partnershipId: string, clocks: Clocks, now: Date) {
    const { state, governance, position } = await this.at(caller, partnershipId, clocks.atPosition);
    const asOf = Date.parse(clocks.asOf ?? now.toISOString());
    const inForce = charterInForce(governance, asOf);
    return {
      partnershipId,
      asOf: new Date(asOf).toISOString(),
      position,
      version: inForce.version,
      definitionHash: inForce.definitionHash,
      effectiveFrom: inForce.effectiveFrom,
      charter: inForce.charter,
      chair: chairAt(governance, state.profile.partnerOrgIds, asOf),
    };
  }

  async proposals(caller: Caller, partnershipId: string, state: string | undefined, atPosition?: number) {
    const { governance, position } = await this.at(caller, partnershipId, atPosition);
    const items = [...governance.proposals.values()]
      .map((p) => proposalView(governance, p))
      .filter((p) => state === undefined || p.state === state)
      .sort((a, b) => a.proposedAt.localeCompare(b.proposedAt) || a.proposalId.localeCompare(b.proposalId));
    return { partnershipId, position, items };
  }

  async proposal(caller: Caller, partnershipId: string, proposalId: string, atPosition?: number) {
    const { governance } = await this.at(caller, partnershipId, atPosition);
    const p = governance.proposals.get(proposalId);
    if (!p) throw new NotFound('proposal_not_found', `there is no proposal ${proposalId}`);
    return proposalView(governance, p);
  }

  async versions(caller: Caller, partnershipId: string, atPosition?: number) {
    const { governance, position } = await this.at(caller, partnershipId, atPosition);
    const items = governance.versions.map((v) => {
      const p = governance.proposals.get(v.proposalId)!;
      return {
        ...v,
        position: v.position ?? null,
        proposedBy: p.proposedBy,
        approvals: p.approvals,
        rationale: p.rationale ?? null,
      };
    });
    return { partnershipId, position, items };
  }

  async reviews(caller: Caller, partnershipId: string, atPosition?: number) {
    const { governance, position } = await this.at(caller, partnershipId, atPosition);
    const items = governance.reviews.map((r) => ({
      ...r,
      position: r.position ?? null,
      actions: r.actionIds.map((id) => governance.actions.get(id)!),
    }));
    return { partnershipId, position, items };
  }

  async actions(caller: Caller, partnershipId: string, state: string | undefined, clocks: Clocks, now: Date) {
    const { governance, position } = await this.at(caller, partnershipId, clocks.atPosition);
    const asOf = Date.parse(clocks.asOf ?? now.toISOString());
    const items = [...governance.actions.values()]
      .map((a) => {
        const overdue = !a.completed && endOfDateOrTimestamp(a.dueDate)!.getTime() < asOf;
        return { ...a, state: a.completed ? ('done' as const) : ('open' as const), overdue };
      })
      .filter((a) => !state || (state === 'overdue' ? a.overdue : a.state === state))
      .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.actionId.localeCompare(b.actionId));
    return { partnershipId, asOf: new Date(asOf).toISOString(), position, items };
  }
}

/** A proposal as the routes show it: its state, and what it changes against the version it was based on. */
export function proposalView(g: Governance, p: Proposal) {
  const base = p.baseVersion === 0 ? DEFAULT_CHARTER : baseCharter(g, p.baseVersion);
  return {
    proposalId: p.proposalId,
    state: proposalState(g, p),
    proposedBy: p.proposedBy,
    proposedAt: p.proposedAt,
    position: p.position ?? null,
    baseVersion: p.baseVersion,
    definitionHash: p.definitionHash,
    effectiveFrom: p.effectiveFrom ?? null,
    rationale: p.rationale ?? null,
    charter: p.charter,
    approvals: p.approvals,
    changes: changesBetween(base, withDefaults(p.charter)),
  };
}

function baseCharter(g: Governance, version: number) {
  const adopted = g.versions[version - 1];
  return withDefaults(g.proposals.get(adopted.proposalId)!.charter);
}
