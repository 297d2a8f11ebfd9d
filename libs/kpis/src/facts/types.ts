import { Map as IMap } from 'immutable';

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

export type Source = 'partner_sourced' | 'partner_influenced' | 'direct';

export interface DealFact {
  readonly source: Source;
  /** The org that registered it: data.registeredBy, else the poster. */
  readonly registeredBy: string;
  /** Registered amount, minor units. */
  readonly amount: bigint;
  readonly registeredAt: number;
  readonly registeredEvent: string;
  readonly close?: { readonly status: 'won' | 'lost'; readonly amount?: bigint; readonly at: number; readonly eventId: string };
}

export interface MilestoneFact {
  /** The deadline in ms: a due date counts until the end of its UTC day. */
  readonly deadline: number;
  readonly plannedAt: number;
  readonly plannedEvent: string;
  readonly hit?: { readonly at: number; readonly eventId: string };
}

export interface EscalationFact {
  readonly severity: string;
  readonly raisedAt: number;
  readonly raisedEvent: string;
  readonly acknowledged?: { readonly at: number; readonly eventId: string };
  readonly resolved?: { readonly at: number; readonly eventId: string };
}

export interface RecordFact {
  readonly type: string;
  readonly at: number;
  readonly position: number;
  readonly recordedBy: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export type Cause =
  | { readonly kind: 'deal' | 'milestone' | 'escalation'; readonly key: string }
  | { readonly kind: 'ended' };

/** The slice of a ledger event that KPIs read. */
export interface KpiEvent {
  readonly eventId: string;
  readonly type: string;
  readonly position: number;
  readonly occurredAt: string;
  readonly recordedBy: string;
  readonly data: Readonly<Record<string, unknown>>;
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
    position: 0,
    events: 0,
    latestAt: Number.NEGATIVE_INFINITY,
  };
}
