import { Alert, AlertChanges, AlertKind, AlertState, CharterSettings, Pending } from './types';
import { alertIdOf, conditionKey } from './ids';

/** The state of a partnership before any event. */
export function emptyAlertState(partnershipId: string): AlertState {
  return {
    partnershipId,
    position: 0,
    knownAt: 0,
    pending: [],
    open: {},
    causes: {},
    counts: {},
    charters: [],
    targets: false,
    nextClose: null,
    startedAt: null,
    endedAt: null,
    members: [],
    currency: 'EUR',
  };
}

/** A fresh, empty change list. */
export function noChanges(): AlertChanges {
  return { raised: new Map(), cleared: new Map() };
}

/** The instant a condition's truth is decided: its time, or when the ledger learnt of it if later. */
export function decidedAt(p: Pending): number {
  return Math.max(p.at, p.knownAt);
}

/** Pending conditions in the order they are decided (time, then key: the same order on every machine). */
export function byDecision(a: Pending, b: Pending): number {
  return decidedAt(a) - decidedAt(b) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** Adds (or replaces) a pending condition, keeping the list in decision order (in place). */
export function withPending(s: AlertState, p: Pending): AlertState {
  const pending = s.pending as Pending[];
  const known = pending.findIndex((q) => q.key === p.key);
  if (known >= 0) pending.splice(known, 1);
  let lo = 0;
  let hi = pending.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (byDecision(pending[mid], p) <= 0) lo = mid + 1;
    else hi = mid;
  }
  pending.splice(lo, 0, p);
  return s;
}

/** Drops the pending conditions `keep` refuses (in place). */
export function withoutPending(s: AlertState, keep: (p: Pending) => boolean): AlertState {
  const pending = s.pending as Pending[];
  for (let i = pending.length - 1; i >= 0; i -= 1) if (!keep(pending[i])) pending.splice(i, 1);
  return s;
}

/** Raises a condition (once: an open one is left as it is). */
export function raise(
  s: AlertState,
  changes: AlertChanges,
  kind: AlertKind,
  subject: Alert['subject'],
  raisedAt: number,
  position: number,
  cause?: string,
): AlertState {
  const key = conditionKey(kind, subject);
  if (s.open[key]) return s;
  const iso = new Date(raisedAt).toISOString();
  const alertId = alertIdOf(s.partnershipId, kind, subject, iso);
  changes.raised.set(alertId, {
    alertId,
    partnershipId: s.partnershipId,
    kind,
    subject,
    raisedAt: iso,
    position,
  });
  s.open[key] = { alertId, kind, raisedAt, ...(cause === undefined ? {} : { cause }) };
  s.counts[kind] = (s.counts[kind] ?? 0) + 1;
  if (cause !== undefined) s.causes[cause] = key;
  return s;
}

/** Clears an open condition at business time `at` (never before it was raised); nothing if not open. */
export function clear(s: AlertState, changes: AlertChanges, key: string, at: number): AlertState {
  const alert = s.open[key];
  if (!alert) return s;
  const clearedAt = new Date(Math.max(at, alert.raisedAt)).toISOString();
  const raisedNow = changes.raised.get(alert.alertId);
  if (raisedNow) changes.raised.set(alert.alertId, { ...raisedNow, clearedAt });
  else changes.cleared.set(alert.alertId, clearedAt);
  delete s.open[key];
  s.counts[alert.kind] = s.counts[alert.kind]! - 1;
  if (alert.cause !== undefined) delete s.causes[alert.cause];
  return s;
}

/** Whether any alert of this kind is open. */
export function anyOpen(s: AlertState, kind: AlertKind): boolean {
  return (s.counts[kind] ?? 0) > 0;
}

const VERSION_ZERO_SETTINGS: CharterSettings = {
  version: 0,
  from: Number.NEGATIVE_INFINITY,
  lateAfterDays: 7,
  disputeSlaDays: 14,
  expected: [],
};

/** The charter settings in force at business time t (the highest version effective by then). */
export function settingsAt(s: AlertState, t: number): CharterSettings {
  let best: CharterSettings | undefined;
  for (const c of s.charters) if (c.from <= t && (!best || c.version > best.version)) best = c;
  return best ?? VERSION_ZERO_SETTINGS;
}

/** When time alone may next change the state: its earliest pending instant (null: nothing pending). */
export function nextDue(s: AlertState): number | null {
  return s.pending.length === 0 ? null : decidedAt(s.pending[0]);
}
