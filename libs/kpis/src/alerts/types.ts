import { Charter } from '@ledger/domain';

export type AlertKind =
  | 'anomaly'
  | 'missing_data'
  | 'late_data'
  | 'dispute_overdue'
  | 'action_overdue'
  | 'milestone_overdue'
  | 'target_off_track';

/** One alert as GET /v1/alerts gives it (API.md, "Alerts"). */
export interface Alert {
  readonly alertId: string;
  readonly partnershipId: string;
  readonly kind: AlertKind;
  readonly subject: Readonly<Record<string, string>>;
  readonly raisedAt: string;
  readonly position: number;
  readonly clearedAt?: string;
}

/** A stored event as the alert fold reads it: the ledger's recordedAt is its knowledge time. */
export interface AlertInput {
  readonly eventId: string;
  readonly position: number;
  readonly type: string;
  readonly occurredAt: number;
  readonly recordedAt: number;
  readonly recordedBy: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/**
 * A condition that becomes true by time alone unless something known before then prevents it: a
 * deadline (`at`) of a milestone, an action or a dispute, or a month close (kind `close`). `knownAt` is when the ledger learned of it (its setter's recordedAt).
 */
export interface Pending {
  readonly kind: AlertKind | 'close';
  readonly key: string;
  readonly at: number;
  readonly knownAt: number;
  readonly setBy: number;
  /** The event whose retraction cancels it (the milestone's plan, the late event). */
  readonly eventId?: string;
  readonly subject: Readonly<Record<string, string>>;
}

/** The settings of one adopted charter version that alerts read. */
export interface CharterSettings {
  readonly version: number;
  readonly from: number;
  readonly lateAfterDays: number;
  readonly disputeSlaDays: number;
  readonly expected: Charter['dataQuality']['expected'];
}

/**
 * What the alert fold keeps for one partnership between events: JSON, stored beside its KPI facts.
 * Guarantees: a pure function of the partnership's events (in position order) and the instants the fold
 * was advanced to; advancing in more or fewer steps gives the same state (property-tested).
 * Constraints: a step consumes the state it is given: `open`, `causes` and `pending` are updated in
 * place (thousands of open alerts would otherwise be copied at every event); structuredClone a state
 * to keep it.
 */
export interface AlertState {
  readonly partnershipId: string;
  /** The last event folded and the knowledge time reached (recordedAt, never moving back). */
  readonly position: number;
  readonly knownAt: number;
  readonly pending: readonly Pending[];
  /** Open alerts by key (kind + subject): what clearing one needs. */
  readonly open: Record<string, OpenAlert>;
  /** The event whose retraction clears an open alert (a milestone's plan): eventId → key. */
  readonly causes: Record<string, string>;
  /** How many alerts of each kind are open (so a step asks in O(1) whether any is). */
  readonly counts: Partial<Record<AlertKind, number>>;
  readonly charters: readonly CharterSettings[];
  /** Whether any KPI was ever given a target (target.set, a scorecard target): else no close looks. */
  readonly targets: boolean;
  /** The next month boundary to close at (ms); null before the partnership was formed. */
  readonly nextClose: number | null;
  readonly startedAt: number | null;
  readonly endedAt: number | null;
  readonly members: readonly string[];
  readonly currency: string;
}

/** An open alert as the state keeps it: its id, when it was raised (ms), and what retraction clears it. */
export interface OpenAlert {
  readonly alertId: string;
  readonly kind: AlertKind;
  readonly raisedAt: number;
  readonly cause?: string;
}

/**
 * What steps of the fold changed: alerts raised (with clearedAt when cleared since), and the clearedAt of
 * alerts raised before, by alertId.
 */
export interface AlertChanges {
  readonly raised: Map<string, Alert>;
  readonly cleared: Map<string, string>;
}
