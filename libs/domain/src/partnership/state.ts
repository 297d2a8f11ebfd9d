import { Map as IMap, Set as ISet } from 'immutable';
import { EventType } from '../events/schemas';

/**
 * The state the partnership decider needs to enforce the business rules, and nothing more. It is a
 * pure fold over the partnership's events (`evolve`), held in persistent (immutable) maps so that a
 * batch can be decided against a working copy and thrown away on failure at no cost.
 */
export interface PartnershipProfile {
  readonly name: string;
  readonly type: string;
  readonly partnerOrgIds: readonly string[];
  readonly currency: string;
  readonly startedAt: string;
  readonly objectives?: readonly unknown[];
}

/** What one event did to the decider state, so that retracting it can undo exactly that. */
export interface LedgerEntry {
  readonly type: EventType;
  /** The deal, milestone or escalation id the event is about, where it has one. */
  readonly key?: string;
}

export type Deal =
  | { readonly status: 'registered'; readonly registeredBy: string }
  | { readonly status: 'won' | 'lost'; readonly registeredBy: string; readonly closedBy: string };

export type Milestone =
  | { readonly status: 'planned'; readonly plannedBy: string }
  | { readonly status: 'hit'; readonly plannedBy: string; readonly hitBy: string };

export type Escalation =
  | { readonly status: 'raised'; readonly raisedBy: string }
  | { readonly status: 'acknowledged'; readonly raisedBy: string; readonly acknowledgedBy: string }
  | { readonly status: 'resolved'; readonly raisedBy: string; readonly acknowledgedBy?: string; readonly resolvedBy: string };

interface Formed {
  readonly version: number;
  readonly profile: PartnershipProfile;
  /** Every event of the partnership by id (retracted ones included). */
  readonly ledger: IMap<string, LedgerEntry>;
  readonly retracted: ISet<string>;
  readonly deals: IMap<string, Deal>;
  readonly milestones: IMap<string, Milestone>;
  readonly escalations: IMap<string, Escalation>;
}

export interface ActivePartnership extends Formed {
  readonly status: 'active';
}

export interface EndedPartnership extends Formed {
  readonly status: 'ended';
  readonly ended: { readonly eventId: string; readonly endedAt: string; readonly reason: string };
}

export type PartnershipState = { readonly status: 'none'; readonly version: 0 } | ActivePartnership | EndedPartnership;
export type FormedPartnership = ActivePartnership | EndedPartnership;

export function initialState(): PartnershipState {
  return { status: 'none', version: 0 };
}
