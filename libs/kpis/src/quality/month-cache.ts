import { POSTABLE_EVENT_TYPES } from '@ledger/domain';
import { KpiNumber } from '../numbers';
import { Period, periodOf } from '../periods';
import { KpiRef } from '../window';
import { QualityEvent } from './events';

/**
 * When a complete month's KPI values can be kept: the rule that lets a server cache MonthValues across
 * appends (events are immutable and append-only, so only what is appended can change a value).
 *
 * Guarantees: a month whose last millisecond is before `unchangedBefore(appended, …)` has the same
 * `window=period` values (anomalies.ts: monthValuesOf) after those events as before them. Why: a data
 * event (a record, or a step of a deal, milestone or escalation) only adds what happened at its own
 * occurredAt, and every view at an earlier instant leaves it out (compute/view.ts: viewAt keeps what
 * happened at or before asOf); a retraction only removes what its target added, at the target's
 * occurredAt. Anything else (formation, end, charter and other governance events, a type this list does
 * not know, a retraction whose target is not indexed) may change any month (a charter adopted today may
 * be in force from last year), and gives −∞.
 * Constraints: `occurredAtOf` knows every event of the partnership up to the newest appended one.
 */
/** The data events: every type a portal posts but a retraction and the end (the domain's list). */
const DATA_TYPES: ReadonlySet<string> = new Set(
  POSTABLE_EVENT_TYPES.filter((t) => t !== 'event.retracted' && t !== 'partnership.ended'),
);

/** The earliest business time (ms) whose figures the appended events may change; +∞ when none. */
export function unchangedBefore(
  appended: Iterable<Pick<QualityEvent, 'type' | 'occurredAt' | 'retracts'>>,
  occurredAtOf: (eventId: string) => number | undefined,
): number {
  let earliest = Number.POSITIVE_INFINITY;
  for (const e of appended) {
    if (e.type === 'event.retracted' && e.retracts !== undefined) {
      earliest = Math.min(earliest, occurredAtOf(e.retracts) ?? Number.NEGATIVE_INFINITY);
    } else if (DATA_TYPES.has(e.type)) {
      earliest = Math.min(earliest, e.occurredAt);
    } else {
      return Number.NEGATIVE_INFINITY;
    }
  }
  return earliest;
}

/**
 * The `window=period` values of complete months as of one ledger position of a partnership, kept across
 * appends by the rule above: what a server holds so that a new asOf, or a new event of this month, does
 * not recompute twelve months of series.
 *
 * Guarantees: every row held is what monthValuesOf gives at `position`: the table moves forward only
 * (advance refuses a position behind it; that caller computes its own), and on moving it forgets every
 * month whose last millisecond is not before unchangedBefore of the events appended in between.
 * Constraints: `events` handed to advance are the partnership's, in position order, and cover every
 * position up to the one asked; rows are kept only by a caller that computed them at `position`.
 */
export class MonthValueTable {
  private readonly byMonth = new Map<number, Map<string, KpiNumber>>();

  constructor(private at = 0) {}

  /** The ledger position the values held are those of. */
  get position(): number {
    return this.at;
  }

  /** Moves the table to `position`; false (and unchanged) when it already stands past it. */
  advance(events: readonly QualityEvent[], position: number): boolean {
    if (position < this.at) return false;
    if (position === this.at) return true;
    const appended = events.filter((e) => e.position > this.at && e.position <= position);
    const bound = unchangedBefore(appended, (id) => events.find((e) => e.eventId === id)?.occurredAt);
    for (const start of this.byMonth.keys())
      if (periodOf('month', start).end >= bound) this.byMonth.delete(start);
    this.at = position;
    return true;
  }

  /** The rows held of `months` (by month start), each the values of `kpis` in order; a month lacking one is left out. */
  lookup(months: readonly Period[], kpis: readonly KpiRef[]): Map<number, KpiNumber[]> {
    const rows = new Map<number, KpiNumber[]>();
    for (const m of months) {
      const held = this.byMonth.get(m.start);
      if (held && kpis.every((k) => held.has(k.kpiId)))
        rows.set(
          m.start,
          kpis.map((k) => held.get(k.kpiId)!),
        );
    }
    return rows;
  }

  /** Keeps the values of `kpis` in `months` (rows[i][k]: month i, KPI k), computed at this position. */
  keep(months: readonly Period[], kpis: readonly KpiRef[], rows: readonly (readonly KpiNumber[])[]): void {
    months.forEach((m, i) => {
      const held = this.byMonth.get(m.start) ?? new Map<string, KpiNumber>();
      kpis.forEach((k, j) => held.set(k.kpiId, rows[i][j]));
      this.byMonth.set(m.start, held);
    });
  }
}
