import { Map as IMap } from 'immutable';
import {
  Deal,
  DomainEvent,
  EntityCause,
  Escalation,
  Milestone,
  Stamped,
  StoredEventLike,
  storedAsDomainEvent,
} from '@ledger/domain';

export type { Source } from '@ledger/domain';

/**
 * KPI facts: what a partnership's events established, folded in ledger order, each fact stamped with the
 * business time (`at`, ms) it happened. Retracted events leave no fact behind. KPIs are computed from
 * facts for any `asOf` by ignoring facts that happened later, so one fold serves every business date.
 *
 * Guarantees: a pure function of the events folded (in position order); folding the same events gives
 * equal facts on every machine; retracting an event removes exactly what it added.
 */
export interface KpiFacts {
  readonly profile?: Profile;
  readonly ended?: { readonly at: number; readonly eventId: string };
  readonly deals: IMap<string, DealFact>;
  readonly milestones: IMap<string, MilestoneFact>;
  readonly escalations: IMap<string, EscalationFact>;
  /** Facts that are one event each (surveys, costs, leads, …), by eventId. */
  readonly records: IMap<string, RecordFact>;
  /** Which deal, milestone or escalation an event changed, so a retraction can undo it. */
  readonly causes: IMap<string, Cause>;
  /**
   * The governance events (charter, reviews, actions) in ledger order with their positions: folded on
   * demand by the domain's one fold (governanceAt), never filtered by business time, since a charter
   * adopted later may be in force from an earlier effectiveFrom.
   */
  readonly governance: readonly Stamped[];
  /** The position of the last event folded (0 before any). */
  readonly position: number;
  /** How many events were folded: equals the partnership's version when none was skipped or repeated. */
  readonly events: number;
  /** The latest business time among the facts: an `asOf` at or after it needs no filtering by time. */
  readonly latestAt: number;
}

export interface Profile {
  readonly startedAt: number;
  readonly currency: string;
  readonly partnerOrgIds: readonly string[];
}

/** The lifecycles are the domain's (history/entities.ts): the same the decider folds. */
export type DealFact = Deal;
export type MilestoneFact = Milestone;
export type EscalationFact = Escalation;

export interface RecordFact {
  readonly type: string;
  readonly at: number;
  readonly position: number;
  readonly recordedBy: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export type Cause = EntityCause | { readonly kind: 'ended' };

/**
 * A ledger event as KPIs read it: a domain event (typed once, where it leaves the store) and its position.
 */
export type KpiEvent = DomainEvent & { readonly position: number };

/** A stored event (from the store, an export, a worker's message) as KPIs read it. */
export function kpiEventOf(e: StoredEventLike & { readonly position: number }): KpiEvent {
  return { ...storedAsDomainEvent(e), position: e.position };
}

/** A key of one stored fact: `deal:A1`, `record:<eventId>`, `profile` … (see codec.ts). */
export type FactKey = string;

export interface Applied {
  readonly facts: KpiFacts;
  /** The facts this event added, changed or removed: what a persistent read model must rewrite. */
  readonly touched: readonly FactKey[];
}

export function emptyFacts(): KpiFacts {
  return {
    deals: IMap(),
    milestones: IMap(),
    escalations: IMap(),
    records: IMap(),
    causes: IMap(),
    governance: [],
    position: 0,
    events: 0,
    latestAt: Number.NEGATIVE_INFINITY,
  };
}
