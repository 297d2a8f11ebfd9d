import { KpiFacts } from '../facts/types';
import { Period, periodOf } from '../periods';
import { anomaliesAt } from '../quality/anomalies';
import { computeSnapshot } from '../snapshot';
import { conditionKey } from './ids';
import { arrivalsFrom, clear, raise, settingsAt, withPending } from './state';
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
 *   `fromEachPartner`, with no report of that type known, is raised at M; a report clears it (apply.ts);
 * - every alert raised here carries the position of the latest event known at M;
 * - closes continue month by month until the one after the partnership ended.
 */
export function closeMonth(s: AlertState, m: number, facts: KpiFacts, changes: AlertChanges): AlertState {
  let next = judge(scheduleNext(s, m), 'late_data', [], m, changes, () => false);
  if (s.startedAt === null) return next;
  next = judge(next, 'anomaly', anomalySubjects(s, m, facts), m, changes, newestMonthOnly(m));
  next = judge(next, 'target_off_track', offTrack(s, m, facts), m, changes, () => true);
  return missing(next, m, changes);
}

/** The next close, and the arrivals only it may still read. */
function scheduleNext(s: AlertState, m: number): AlertState {
  if (s.endedAt !== null && m > s.endedAt) return { ...s, nextClose: null, arrivals: {} };
  const next = closeAfter(s, m);
  const from = new Date(arrivalsFrom(next.nextClose!)).toISOString().slice(0, 7);
  const arrivals = Object.fromEntries(Object.entries(s.arrivals).filter(([k]) => k.slice(-7) >= from));
  return { ...next, arrivals };
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

/** Raises the subjects found (those `raisable`) and clears the open alerts of the kind not found. */
function judge(
  s: AlertState,
  kind: AlertKind,
  found: readonly Alert['subject'][],
  m: number,
  changes: AlertChanges,
  raisable: (subject: Alert['subject']) => boolean,
): AlertState {
  const keys = new Set(found.map((subject) => conditionKey(kind, subject)));
  let next = s;
  for (const [key, alert] of Object.entries(s.open)) {
    if (alert.kind === kind && !keys.has(key)) next = clear(next, changes, key, m);
  }
  for (const subject of found)
    if (raisable(subject)) next = raise(next, changes, kind, subject, m, s.position);
  return next;
}

function newestMonthOnly(m: number): (subject: Alert['subject']) => boolean {
  const newest = new Date(periodOf('month', m - 1).start).toISOString();
  return (subject) => subject.periodStart === newest;
}

function anomalySubjects(s: AlertState, m: number, facts: KpiFacts): Alert['subject'][] {
  const request = { partnershipId: s.partnershipId, currency: s.currency, asOf: m - 1 };
  return anomaliesAt(facts, request).items.map(({ kpiId, periodStart }) => ({ kpiId, periodStart }));
}

function offTrack(s: AlertState, m: number, facts: KpiFacts): Alert['subject'][] {
  const asOf = new Date(m - 1).toISOString();
  const snapshot = computeSnapshot(facts, {
    partnershipId: s.partnershipId,
    currency: s.currency,
    asOf,
    position: facts.position,
  });
  return Object.values(snapshot.categories)
    .flat()
    .filter((k) => k.status === 'off_track')
    .map((k) => ({ kpiId: k.kpiId }));
}

function missing(s: AlertState, m: number, changes: AlertChanges): AlertState {
  const inForce = settingsAt(s, m - 1);
  let next = s;
  for (const entry of inForce.expected) {
    const period = periodOf(entry.every, m - 1);
    if (period.end + 1 !== m || !expectedIn(s, period, inForce.from)) continue;
    const periodStart = new Date(period.start).toISOString();
    for (const orgId of entry.fromEachPartner ? s.members : [undefined]) {
      if (received(s, entry.type, orgId ?? '*', period) > 0) continue;
      const subject = { type: entry.type, every: entry.every, periodStart, ...(orgId ? { orgId } : {}) };
      next = raise(next, changes, 'missing_data', subject, m, s.position);
    }
  }
  return next;
}

/** From the period containing the version's effectiveFrom, until the one the partnership ended in. */
function expectedIn(s: AlertState, period: Period, from: number): boolean {
  if (period.end < periodOf(period.kind, from).start) return false;
  return s.endedAt === null || period.start <= s.endedAt;
}

function received(s: AlertState, type: string, by: string, period: Period): number {
  let n = 0;
  for (let t = period.start; t <= period.end; t = periodOf('month', t).end + 1) {
    n += s.arrivals[`${type}|${by}|${new Date(t).toISOString().slice(0, 7)}`] ?? 0;
  }
  return n;
}
