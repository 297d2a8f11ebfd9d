import { charterOf } from '../compute/view';
import { D, DAY_MS, Dec, HOUR_MS, percent, round2 } from '../numbers';
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

/** The events measured at asOf (their lags, in position order) and the late ones among them. */
interface Measured {
  readonly lags: Float64Array;
  readonly late: readonly QualityEvent[];
}

/**
 * One pass over the events: those measured at asOf, and the late ones (recorded more than lateAfterDays
 * after periodEnd; periodEnd is after occurredAt, so an event recorded within the limit of its
 * occurrence is never late).
 */
function measure(ledger: QualityLedger, asOf: number, lateAfterDays: number): Measured {
  const limitMs = lateAfterDays * DAY_MS;
  const lags = new Float64Array(ledger.events.length);
  const late: QualityEvent[] = [];
  let n = 0;
  for (const e of ledger.events) {
    if (!inTrailingYear(e.occurredAt, asOf) || !stands(ledger, e)) continue;
    lags[n++] = e.recordedAt - e.occurredAt;
    if (e.recordedAt - e.periodEnd > limitMs) late.push(e);
  }
  return { lags: lags.subarray(0, n), late };
}

/**
 * The late events among those measured at asOf, newest first (not capped). `lateAfterDays` defaults to
 * the charter's in force at asOf.
 */
export function lateEvents(ledger: QualityLedger, asOf: number, lateAfterDays?: number): LateEvent[] {
  const { late } = measure(ledger, asOf, lateAfterDays ?? lateAfterDaysAt(ledger, asOf));
  return [...late].reverse().map(lateEventOf);
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
  const { lags, late } = measure(ledger, asOf, lateAfterDaysAt(ledger, asOf));
  const lag = percentiles(lags);
  const newest = late.slice(Math.max(0, late.length - limit)).reverse();
  return {
    lagHours: { p50: inHours(lag.p50), p95: inHours(lag.p95), max: inHours(lag.max) },
    late: {
      count: late.length,
      share: round2(percent(late.length, lags.length)),
      items: newest.map(lateEventOf),
    },
  };
}

function lateEventOf(e: QualityEvent): LateEvent {
  return {
    eventId: e.eventId,
    position: e.position,
    type: e.type,
    occurredAt: new Date(e.occurredAt).toISOString(),
    recordedAt: new Date(e.recordedAt).toISOString(),
    periodEnd: new Date(e.periodEnd).toISOString(),
    daysLate: round2(new D(e.recordedAt - e.periodEnd).div(DAY_MS))!,
  };
}

function inHours(ms: Dec | null): number | null {
  return ms === null ? null : round2(ms.div(HOUR_MS));
}
