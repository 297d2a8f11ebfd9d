import { charterOf } from '../compute/view';
import { D, DAY_MS, Dec, HOUR_MS, percent, round2 } from '../numbers';
import { periodOf } from '../periods';
import { QualityEvent, QualityLedger, stands } from './events';
import { inTrailingYear } from './recorded';
import { percentiles } from './statistics';

/**
 * Timeliness (API.md, "Data quality"): how long events take to reach the ledger, and which arrive after
 * their month was reported.
 *
 * Guarantees:
 * - the events measured are those that occurred in the 12 months up to asOf ((asOf − 365 days, asOf],
 *   recorded.ts) and stand at the ledger position: reported by a member or admin (not appended by the
 *   ledger itself, whose lag says nothing of anyone's reporting) and not retracted;
 * - lag = recordedAt − occurredAt; p50 and p95 are type 7 percentiles (statistics.ts, exact), all in
 *   hours rounded half-up to 2 decimals; null without any event;
 * - periodEnd is the first instant of the calendar month (UTC) after occurredAt's; daysLate =
 *   (recordedAt − periodEnd) / 86 400 000 exactly; an event is late when daysLate > lateAfterDays
 *   (the charter in force at asOf, default 7), decided on the exact value, shown rounded to 2 decimals;
 * - each late event carries its ledger position; they come newest first (by position, the order the
 *   ledger learnt them), so the latest restatements lead.
 */
export interface LateEvent {
  readonly eventId: string;
  readonly position: number;
  readonly type: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly periodEnd: string;
  readonly daysLate: number;
}

export interface Timeliness {
  readonly lagHours: {
    readonly p50: number | null;
    readonly p95: number | null;
    readonly max: number | null;
  };
  readonly late: {
    readonly count: number;
    /** late / measured events × 100, 2 decimals; null when no event was measured. */
    readonly share: number | null;
    readonly items: readonly LateEvent[];
  };
}

/** The events timeliness measures at asOf, in position order. */
export function measuredEvents(ledger: QualityLedger, asOf: number): QualityEvent[] {
  return ledger.events.filter((e) => inTrailingYear(e.occurredAt, asOf) && stands(ledger, e));
}

/**
 * The late events among those measured at asOf, newest first (not capped). `lateAfterDays` defaults to
 * the charter's in force at asOf.
 */
export function lateEvents(ledger: QualityLedger, asOf: number, lateAfterDays?: number): LateEvent[] {
  const late = lateAmong(measuredEvents(ledger, asOf), lateAfterDays ?? lateAfterDaysAt(ledger, asOf));
  return late.reverse().map(lateEventOf);
}

/** The charter's `dataQuality.lateAfterDays` in force at asOf (7 under version 0). */
export function lateAfterDaysAt(ledger: QualityLedger, asOf: number): number {
  return charterOf(ledger.facts, asOf).charter.dataQuality.lateAfterDays;
}

/**
 * Lag percentiles and the late events at asOf: `count` and `share` over every late event, `items` the
 * newest `limit` of them (only those are formatted: a partnership catching up may have thousands).
 */
export function timeliness(
  ledger: QualityLedger,
  asOf: number,
  limit = Number.POSITIVE_INFINITY,
): Timeliness {
  const measured = measuredEvents(ledger, asOf);
  const late = lateAmong(measured, lateAfterDaysAt(ledger, asOf));
  const lag = percentiles(measured.map((e) => e.recordedAt - e.occurredAt));
  const newest = late.slice(Math.max(0, late.length - limit)).reverse();
  return {
    lagHours: { p50: inHours(lag.p50), p95: inHours(lag.p95), max: inHours(lag.max) },
    late: {
      count: late.length,
      share: round2(percent(late.length, measured.length)),
      items: newest.map(lateEventOf),
    },
  };
}

/** The late events among `measured`, in position order. */
function lateAmong(measured: readonly QualityEvent[], lateAfterDays: number): QualityEvent[] {
  const limitMs = lateAfterDays * DAY_MS;
  // periodEnd is after occurredAt: an event recorded within the limit of its occurrence is never late.
  return measured.filter(
    (e) => e.recordedAt - e.occurredAt > limitMs && e.recordedAt - periodEndOf(e) > limitMs,
  );
}

/** The first instant of the calendar month (UTC) after the one the event occurred in. */
function periodEndOf(e: QualityEvent): number {
  return periodOf('month', e.occurredAt).end + 1;
}

function lateEventOf(e: QualityEvent): LateEvent {
  const periodEnd = periodEndOf(e);
  return {
    eventId: e.eventId,
    position: e.position,
    type: e.type,
    occurredAt: new Date(e.occurredAt).toISOString(),
    recordedAt: new Date(e.recordedAt).toISOString(),
    periodEnd: new Date(periodEnd).toISOString(),
    daysLate: round2(new D(e.recordedAt - periodEnd).div(DAY_MS))!,
  };
}

function inHours(ms: Dec | null): number | null {
  return ms === null ? null : round2(ms.div(HOUR_MS));
}
