import { Charter } from '@ledger/domain';
import { charterOf } from '../compute/view';
import { D, round2 } from '../numbers';
import { Period, nextPeriod, periodOf } from '../periods';
import { QualityEvent, QualityLedger, stands } from './events';

/**
 * Completeness (API.md, "Data quality"): did each expected kind of data arrive, period by period?
 *
 * Guarantees:
 * - the expectations are those of the charter in force at asOf (`dataQuality.expected`), from the period
 *   containing that version's effectiveFrom to the last period complete by asOf (its last millisecond
 *   ≤ asOf); under version 0 nothing is expected;
 * - one item per (expectation, member org when `fromEachPartner`, period): `expected` 1, `received` the
 *   number of events of that type that occurred in the period, recorded by that org (by any recorder
 *   without `fromEachPartner`), known at the ledger position and not retracted;
 * - after a partnership ended, no period past the one it ended in is expected (decided in README.md,
 *   "Data quality": an ended partnership reports nothing more, and is not marked incomplete forever).
 * Constraints: items come newest period first, then in the charter's order of expectations and the
 * members' order.
 */
export interface CompletenessItem {
  readonly type: string;
  readonly orgId?: string;
  readonly periodStart: string;
  readonly expected: number;
  readonly received: number;
}

/** Every completeness item at asOf (not capped), newest period first. */
export function completenessItems(ledger: QualityLedger, asOf: number): CompletenessItem[] {
  const inForce = charterOf(ledger.facts, asOf);
  const expected = inForce.charter.dataQuality.expected;
  if (inForce.effectiveFrom === null || expected.length === 0) return [];
  const from = Date.parse(inForce.effectiveFrom);
  const until = ledger.endedAt === null || ledger.endedAt > asOf ? asOf : ledger.endedAt;
  const received = receivedCounts(ledger, asOf, expected);
  const items: CompletenessItem[] = [];
  for (const entry of expected) {
    for (const period of completePeriods(entry.every, from, asOf, until)) {
      const start = new Date(period.start).toISOString();
      for (const orgId of recordersOf(entry, ledger.members)) {
        const n =
          received
            .get(entry.type)
            ?.get(entry.every)
            ?.get(period.start)
            ?.get(orgId ?? ANYONE) ?? 0;
        items.push({
          type: entry.type,
          ...(orgId ? { orgId } : {}),
          periodStart: start,
          expected: 1,
          received: n,
        });
      }
    }
  }
  return items.sort((a, b) => (a.periodStart < b.periodStart ? 1 : a.periodStart > b.periodStart ? -1 : 0));
}

/** Items with received ≥ 1 / items × 100, rounded half-up to 2 decimals; null when nothing is expected. */
export function completenessScore(items: readonly CompletenessItem[]): number | null {
  if (items.length === 0) return null;
  const met = items.filter((i) => i.received >= 1).length;
  return round2(new D(met).div(items.length).times(100));
}

type Expectation = Charter['dataQuality']['expected'][number];

/** The periods of a kind from the one containing `from`, complete by asOf, up to the one containing `until`. */
function completePeriods(kind: Expectation['every'], from: number, asOf: number, until: number): Period[] {
  const periods: Period[] = [];
  for (let p = periodOf(kind, from); p.end <= asOf && p.start <= until; p = nextPeriod(p)) periods.push(p);
  return periods;
}

/** Each member org when the entry expects data from each partner; else one item for anyone (undefined). */
function recordersOf(entry: Expectation, members: readonly string[]): readonly (string | undefined)[] {
  return entry.fromEachPartner ? members : [undefined];
}

/** Standing events by type, period kind, period start and recorder (ANYONE: all recorders together). */
type Received = Map<string, Map<Expectation['every'], Map<number, Map<string, number>>>>;
const ANYONE = '';

/**
 * How many standing events of each expected (type, period kind, period, recorder) there are: one pass
 * over the events, whatever the number of items. Keys are the events' own (interned) strings and numbers,
 * never strings built per event, and each month's period starts are computed once.
 */
function receivedCounts(ledger: QualityLedger, asOf: number, expected: readonly Expectation[]): Received {
  const counts: Received = new Map();
  for (const { type, every } of expected) {
    const byKind = counts.get(type) ?? new Map<Expectation['every'], Map<number, Map<string, number>>>();
    counts.set(type, byKind.set(every, new Map()));
  }
  const starts = new Map<string, Map<number, number>>();
  for (const e of ledger.events) {
    const byKind = counts.get(e.type);
    if (!byKind || e.occurredAt > asOf || !stands(ledger, e)) continue;
    for (const [kind, byStart] of byKind) {
      const start = startOf(starts, kind, e);
      const byOrg = byStart.get(start) ?? new Map<string, number>();
      byOrg.set(e.recordedBy, (byOrg.get(e.recordedBy) ?? 0) + 1);
      byStart.set(start, byOrg.set(ANYONE, (byOrg.get(ANYONE) ?? 0) + 1));
    }
  }
  return counts;
}

/** The start of the `kind` period an event occurred in, memoized by kind and month (periodEnd). */
function startOf(
  memo: Map<string, Map<number, number>>,
  kind: Expectation['every'],
  e: QualityEvent,
): number {
  const byMonth = memo.get(kind) ?? new Map<number, number>();
  memo.set(kind, byMonth);
  let start = byMonth.get(e.periodEnd);
  if (start === undefined) byMonth.set(e.periodEnd, (start = periodOf(kind, e.occurredAt).start));
  return start;
}
