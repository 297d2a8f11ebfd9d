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
    arrivals: {},
    charters: [],
    nextClose: null,
    startedAt: null,
    endedAt: null,
    members: [],
    currency: 'EUR',
  };
}

/** A fresh, empty change list. */
export function noChanges(): AlertChanges {
  return { raised: [], cleared: [] };
}

/** The instant a condition's truth is decided: its time, or when the ledger learnt of it if later. */
export function decidedAt(p: Pending): number {
  return Math.max(p.at, p.knownAt);
}

/** Pending conditions in the order they are decided (time, then key: the same order on every machine). */
export function byDecision(a: Pending, b: Pending): number {
  return decidedAt(a) - decidedAt(b) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** Adds (or replaces) a pending condition, keeping the list in decision order. */
export function withPending(s: AlertState, p: Pending): AlertState {
  const pending = s.pending.filter((q) => q.key !== p.key);
  let at = pending.length;
  while (at > 0 && byDecision(pending[at - 1], p) > 0) at -= 1;
  pending.splice(at, 0, p);
  return { ...s, pending };
}

/**
 * The first month whose arrivals a close may still read: the close at `nextClose` judges periods that
 * end there, a quarter at most, so three months before it.
 */
export function arrivalsFrom(nextClose: number): number {
  const d = new Date(nextClose);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 3, 1);
}

export function withoutPending(s: AlertState, keep: (p: Pending) => boolean): AlertState {
  return { ...s, pending: s.pending.filter(keep) };
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
  const causes = cause === undefined ? s.causes : { ...s.causes, [cause]: key };
  const iso = new Date(raisedAt).toISOString();
  const alertId = alertIdOf(s.partnershipId, kind, subject, iso);
  const alert: Alert = { alertId, partnershipId: s.partnershipId, kind, subject, raisedAt: iso, position };
  changes.raised.push(alert);
  return { ...s, open: { ...s.open, [key]: alert }, causes };
}

/** Clears an open condition at business time `at` (never before it was raised); nothing if not open. */
export function clear(s: AlertState, changes: AlertChanges, key: string, at: number): AlertState {
  const alert = s.open[key];
  if (!alert) return s;
  const clearedAt = new Date(Math.max(at, Date.parse(alert.raisedAt))).toISOString();
  const done = { ...alert, clearedAt };
  const raisedNow = changes.raised.findIndex((a) => a.alertId === alert.alertId);
  if (raisedNow >= 0) changes.raised[raisedNow] = done;
  else changes.cleared.push(done);
  const open = { ...s.open };
  delete open[key];
  const causes = Object.fromEntries(Object.entries(s.causes).filter(([, k]) => k !== key));
  return { ...s, open, causes };
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
