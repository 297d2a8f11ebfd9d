import { get } from './api';
import type { Figure } from './format';
import type { Clocks } from './route';

/**
 * The answers behind the trust panels (API.md v1.1: "Disputes", "Data quality", "Alerts"), typed as the
 * contract writes them. Where the contract leaves a field's shape open (a dispute's thread, an alert's
 * subject) the type says so and the views show what is there without guessing its meaning.
 */
export type DisputeSubject =
  | { readonly eventId: string; readonly eventType?: string }
  | { readonly kpiId: string; readonly periodStart: string };

export type DisputeState = 'open' | 'resolved' | 'withdrawn';

/** One step of a dispute's thread: opened, commented, proposed, accepted, withdrawn or resolved. */
export interface ThreadEntry {
  readonly kind: string;
  readonly at: string;
  readonly by: string;
  readonly position?: number;
  readonly text?: string;
  readonly outcome?: 'upheld' | 'rejected';
  readonly retract?: boolean;
}

export interface Dispute {
  readonly disputeId: string;
  readonly subject: DisputeSubject;
  readonly reason: string;
  readonly requestedRemedy: 'retract' | 'correct' | 'explain';
  readonly state: DisputeState;
  /** Still open at asOf more than the charter's disputeSlaDays after it was opened. */
  readonly overdue?: boolean;
  readonly overdueAt?: string;
  readonly openedBy: string;
  readonly openedAt: string;
  /** The open resolution proposal, while the dispute is open. */
  readonly proposal?: {
    readonly proposedBy: string;
    readonly outcome: 'upheld' | 'rejected';
    readonly resolution: string;
    readonly retract: boolean;
    readonly acceptedBy?: readonly string[];
  } | null;
  /** How it ended: resolved (with the outcome the members agreed) or withdrawn. */
  readonly closed?: {
    readonly state: 'resolved' | 'withdrawn';
    readonly at: string;
    readonly outcome?: 'upheld' | 'rejected';
    readonly resolution?: string;
  } | null;
  readonly thread?: readonly ThreadEntry[];
}

export interface CompletenessItem {
  readonly type: string;
  readonly orgId?: string;
  readonly periodStart: string;
  readonly expected: number;
  readonly received: number;
}

export interface LateEvent {
  readonly eventId: string;
  readonly position: number;
  readonly type: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly periodEnd: string;
  readonly daysLate: number;
}

export interface Anomaly {
  readonly kpiId: string;
  readonly periodStart: string;
  readonly value: Figure;
  readonly median: Figure;
  readonly deviation: Figure;
  readonly score: number;
  readonly rule: 'mad' | 'meanad';
}

export interface DataQuality {
  readonly partnershipId: string;
  readonly asOf: string;
  readonly position: number;
  readonly score: number | null;
  readonly completeness: { readonly score: number | null; readonly items: readonly CompletenessItem[] };
  readonly timeliness: {
    readonly lagHours: {
      readonly p50: number | null;
      readonly p95: number | null;
      readonly max: number | null;
    };
    readonly late: {
      readonly count: number;
      readonly share: number | null;
      readonly items: readonly LateEvent[];
    };
  };
  readonly balance: readonly { orgId: string; events: number; share: number | null; retracted: number }[];
  readonly anomalies: readonly Anomaly[];
}

export type AlertKind =
  | 'anomaly'
  | 'missing_data'
  | 'late_data'
  | 'dispute_overdue'
  | 'action_overdue'
  | 'milestone_overdue'
  | 'target_off_track';

export interface Alert {
  readonly alertId: string;
  readonly partnershipId: string;
  readonly kind: AlertKind;
  /** What the alert is about; the contract leaves its shape to each kind. */
  readonly subject: unknown;
  readonly raisedAt: string;
  readonly position: number;
  readonly clearedAt?: string;
}

const path = (id: string) => `/v1/partnerships/${encodeURIComponent(id)}`;

export const dataQuality = (id: string, clocks: Clocks) =>
  get<DataQuality>(`${path(id)}/data-quality`, { ...clocks });

export const disputes = (id: string, clocks: Clocks, state?: string) =>
  get<{ items: Dispute[] }>(`${path(id)}/disputes`, { state, ...clocks });

export const dispute = (id: string, disputeId: string, clocks: Clocks) =>
  get<Dispute>(`${path(id)}/disputes/${encodeURIComponent(disputeId)}`, { ...clocks });

/** Alerts are kept at the ledger's head, as of now (API.md): the route takes no clocks. */
export const openAlerts = () => get<{ items: Alert[] }>('/v1/alerts', { state: 'open' });
