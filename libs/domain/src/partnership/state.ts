import { Map as IMap, Set as ISet } from 'immutable';
import { EventType } from '../events/schemas';
import { Governance } from '../charter/governance';
import { Entities, EntityCause } from '../history/entities';

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
  /** The deal, milestone or escalation the event is a step of, where it is one. */
  readonly cause?: EntityCause;
  /** The lead or customer the event records, where it is one. */
  readonly key?: string;
  /** Who recorded it (an orgId or `admin`): only they may retract it (`not_recorder`). */
  readonly recordedBy: string;
}

/**
 * Subjects that may be recorded several times (a lead generated twice, a customer acquired twice): the
 * events that record each one and when they occurred, so retracting one of them leaves the others.
 */
export type Occurrences = IMap<string, IMap<string, string>>;

interface Formed extends Entities {
  readonly version: number;
  /** The ledger position of the last event folded, where the fold was given positions (from the store). */
  readonly position?: number;
  readonly profile: PartnershipProfile;
  /** Every event of the partnership by id (retracted ones included). */
  readonly ledger: IMap<string, LedgerEntry>;
  readonly retracted: ISet<string>;
  /** leadId → the lead.generated events of it (eventId → occurredAt). */
  readonly leads: Occurrences;
  /** customerId → the customer.acquired events of it (eventId → occurredAt). */
  readonly customers: Occurrences;
  /** Charter proposals and versions, reviews and actions (charter/governance.ts). */
  readonly governance: Governance;
}

export interface ActivePartnership extends Formed {
  readonly status: 'active';
}

export interface EndedPartnership extends Formed {
  readonly status: 'ended';
  readonly ended: { readonly eventId: string; readonly endedAt: string; readonly reason: string };
}

export type PartnershipState =
  { readonly status: 'none'; readonly version: 0 } | ActivePartnership | EndedPartnership;
export type FormedPartnership = ActivePartnership | EndedPartnership;

export function initialState(): PartnershipState {
  return { status: 'none', version: 0 };
}
