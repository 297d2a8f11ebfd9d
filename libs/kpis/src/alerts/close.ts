import { View } from '../compute/view';
import { viewFor } from '../snapshot';
import { KpiFacts } from '../facts/types';
import { periodOf } from '../periods';
import { anomalySubjects, missingSubjects, offTrackSubjects } from './close-checks';
import { conditionKey } from './ids';
import { MonthValueCache } from './month-values';
import { anyOpen, clear, raise, withPending } from './state';
import { Alert, AlertChanges, AlertKind, AlertState } from './types';

/**
 * A month close at boundary M (the first instant of a month): the month that just ended is judged with
 * what the ledger knew before M, at asOf = M − 1 ms.
 *
 * Guarantees:
 * - anomaly: the month just ended is raised when its value is flagged on its KPI's series (the
 *   data-quality anomalies, quality/anomalies.ts), raisedAt = M; an open anomaly no longer flagged is
 *   cleared at M;
 * - target_off_track: a KPI whose status is off_track at M − 1 ms is raised at M (once while it stays
 *   off track) and cleared at the first close where it is not;
 * - late_data: every open one is cleared at M (the restatement was part of this month's close);
 * - missing_data: each expectation of the charter in force whose period ends at M, per member org when
 *   `fromEachPartner`, with no standing report of that type, is raised at M; a report clears it (apply.ts);
 * - every alert raised here carries the position of the latest event known at M;
 * - closes continue month by month until the one after the partnership ended.
 * Constraints: `facts` whole, at the position the state reached; `months` (optional) told of every event.
 */
export function closeMonth(
  s: AlertState,
  m: number,
  facts: KpiFacts,
  changes: AlertChanges,
  months?: MonthValueCache,
): AlertState {
  let next = judge(scheduleNext(s, m), 'late_data', [], m, changes, () => false);
  if (s.startedAt === null) return next;
  let view: View | undefined; // built only when targets or expectations need it
  const viewAt = () => (view ??= viewFor(facts, { asOf: new Date(m - 1).toISOString() }));
  const values = months?.valuesOf(facts, s.partnershipId, s.currency);
  next = judge(next, 'anomaly', anomalySubjects(s, m, facts, values), m, changes, newestMonthOnly(m));
  next = judge(next, 'target_off_track', offTrackSubjects(s, viewAt), m, changes, () => true);
  return judge(next, 'missing_data', missingSubjects(s, m, viewAt), m, changes, () => true, false);
}

function scheduleNext(s: AlertState, m: number): AlertState {
  return s.endedAt !== null && m > s.endedAt ? { ...s, nextClose: null } : closeAfter(s, m);
}

/** Schedules the close at the end of the month containing t. */
export function closeAfter(s: AlertState, t: number): AlertState {
  const at = periodOf('month', t).end + 1;
  const close = {
    kind: 'close' as const,
    key: `close|${at}`,
    at,
    knownAt: at,
    setBy: s.position,
    subject: {},
  };
  return withPending({ ...s, nextClose: at }, close);
}

/**
 * Raises the subjects found (those `raisable`) and, when `clears`, clears the open alerts of the kind not
 * found (missing data is cleared by the report that fills it, never by a close).
 */
function judge(
  s: AlertState,
  kind: AlertKind,
  found: readonly Alert['subject'][],
  m: number,
  changes: AlertChanges,
  raisable: (subject: Alert['subject']) => boolean,
  clears = true,
): AlertState {
  const keys = new Set(found.map((subject) => conditionKey(kind, subject)));
  let next = s;
  if (clears && anyOpen(s, kind)) {
    for (const [key, alert] of Object.entries(s.open)) {
      if (alert.kind === kind && !keys.has(key)) next = clear(next, changes, key, m);
    }
  }
  for (const subject of found)
    if (raisable(subject)) next = raise(next, changes, kind, subject, m, s.position);
  return next;
}

function newestMonthOnly(m: number): (subject: Alert['subject']) => boolean {
  const newest = new Date(periodOf('month', m - 1).start).toISOString();
  return (subject) => subject.periodStart === newest;
}
