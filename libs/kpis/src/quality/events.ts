import { StoredEventLike, retractionTarget } from '@ledger/domain';
import { KpiFacts } from '../facts/types';
import { periodOf } from '../periods';

/**
 * The compact per-event input of the data-quality answer, beside the KPI facts: the facts forget when an
 * event was recorded and drop retracted events, and data quality is about exactly that.
 *
 * Guarantees:
 * - a QualityEvent is a pure function of one stored event (what an export line, a store row or a worker
 *   message holds), so the server's index and the auditor's CLI build equal ones;
 * - `retracts` is the target as every reader of a retraction names it (retractionTarget: lower-cased);
 * - `byLedger` marks the events the ledger appends itself: `charter.adopted`, `dispute.resolved`, and the
 *   `event.retracted` an upheld dispute appends (the one whose data names its `disputeId`). Their
 *   `recordedBy` is the org whose approval or acceptance completed the batch, so they are told apart
 *   by type and content, never by recorder.
 * Constraints: about 200 bytes each in memory, its id included (types and recorders of one partnership
 * are shared, see internOf); instants are UTC milliseconds.
 */
export interface QualityEvent {
  readonly eventId: string;
  readonly position: number;
  readonly type: string;
  readonly occurredAt: number;
  readonly recordedAt: number;
  readonly recordedBy: string;
  /** The first instant of the calendar month (UTC) after the one it occurred in: when that month closed. */
  readonly periodEnd: number;
  /** For `event.retracted`: the eventId it retracts. */
  readonly retracts?: string;
  readonly byLedger?: true;
}

/** What a QualityEvent is made from: a stored event with its position and the moment it was recorded. */
export type StoredQualitySource = StoredEventLike & {
  readonly position: number;
  readonly recordedAt: string;
};

const APPENDED_BY_LEDGER = new Set(['charter.adopted', 'dispute.resolved']);

/** One stored event as the data-quality answer reads it; `intern` shares repeated strings. */
export function qualityEventOf(
  e: StoredQualitySource,
  intern: (s: string) => string = (s) => s,
): QualityEvent {
  const data = (e.data ?? {}) as { readonly eventId?: unknown; readonly disputeId?: unknown };
  const retraction = e.type === 'event.retracted' && typeof data.eventId === 'string';
  const byLedger = APPENDED_BY_LEDGER.has(e.type) || (retraction && data.disputeId !== undefined);
  const occurredAt = Date.parse(e.occurredAt);
  return {
    eventId: e.eventId,
    position: e.position,
    type: intern(e.type),
    occurredAt,
    recordedAt: Date.parse(e.recordedAt),
    recordedBy: intern(e.recordedBy),
    periodEnd: periodOf('month', occurredAt).end + 1,
    ...(retraction ? { retracts: retractionTarget({ eventId: data.eventId as string }) } : {}),
    ...(byLedger ? { byLedger: true as const } : {}),
  };
}

/** A string table for one partnership's index: event types and recorders repeat thousands of times. */
export function internOf(): (s: string) => string {
  const table = new Map<string, string>();
  return (s) => {
    const known = table.get(s);
    if (known !== undefined) return known;
    table.set(s, s);
    return s;
  };
}

/**
 * A partnership's ledger as the data-quality answer reads it at one ledger position: the KPI facts folded
 * up to that position, and the events known then.
 *
 * Guarantees: `events` are those of the given list with a position ≤ facts.position, in position order;
 * `retracted` holds exactly the targets of the retractions among them (a retraction applies whenever it
 * is known, whatever its occurredAt).
 */
export interface QualityLedger {
  readonly facts: KpiFacts;
  readonly events: readonly QualityEvent[];
  readonly retracted: ReadonlySet<string>;
  readonly members: readonly string[];
  readonly startedAt: number | null;
  /** When the partnership ended (business time), if it did. */
  readonly endedAt: number | null;
}

/**
 * The ledger at facts.position: `events` may run past it (an index kept up to the store's head while the
 * read model is behind); those later events are left out.
 * Constraints: `events` in position order, and facts folded from the same stored events.
 */
export function qualityLedger(facts: KpiFacts, events: readonly QualityEvent[]): QualityLedger {
  const count = countUpTo(events, facts.position);
  // Read-only from here on: the list is shared, not copied, when the facts know every event given.
  const known = count === events.length ? events : events.slice(0, count);
  const retracted = new Set<string>();
  for (const e of known) if (e.retracts !== undefined) retracted.add(e.retracts);
  return {
    facts,
    events: known,
    retracted,
    members: facts.profile?.partnerOrgIds ?? [],
    startedAt: facts.profile?.startedAt ?? null,
    endedAt: facts.ended?.at ?? null,
  };
}

/** How many events of a position-ordered list have a position ≤ `position` (binary search). */
function countUpTo(events: readonly QualityEvent[], position: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid].position <= position) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** An event a member (or admin) reported that stands at the ledger's position: not appended by the ledger, not retracted. */
export function stands(ledger: QualityLedger, e: QualityEvent): boolean {
  return !e.byLedger && !ledger.retracted.has(e.eventId);
}
