import { DAY_MS } from '../numbers';
import { periodOf } from '../periods';
import { TRAILING_YEAR_MS } from '../quality/recorded';
import { conditionKey } from './ids';
import { clear, raise, settingsAt, withPending, withoutPending } from './state';
import { AlertChanges, AlertInput, AlertState, Pending } from './types';
import { endOfDateOrTimestamp } from '@ledger/domain';

/** Events the ledger appends itself, or that report nothing that happened: never late, never an arrival. */
const NOT_REPORTS = new Set(['partnership.formed', 'event.retracted', 'charter.adopted', 'dispute.resolved']);

/** What ends a deadline: its kind, and the subject field the closing event names. */
const CLOSERS: Readonly<Record<string, readonly [string, string]>> = {
  'milestone.hit': ['milestone_overdue', 'milestoneId'],
  'action.completed': ['action_overdue', 'actionId'],
  'dispute.resolved': ['dispute_overdue', 'disputeId'],
  'dispute.withdrawn': ['dispute_overdue', 'disputeId'],
};

/**
 * Folds one event into the alert state; the caller has advanced the state to the event's recordedAt
 * first (advance.ts), so every condition decided before the ledger learnt of this event is decided.
 *
 * Guarantees: a pure function of the state and the event; deadlines are set from what the event says
 * (a milestone's or action's dueDate, a dispute's opening + the SLA of the charter in force then), ended
 * by what closes them, and cancelled by the retraction of the event that set them; a late report raises
 * late_data at once (raisedAt = its recordedAt, position = its own) until it leaves the 12-month window
 * or is retracted; an arrival clears the missing_data of its period at its recordedAt.
 */
export function applyAlertEvent(s: AlertState, e: AlertInput, changes: AlertChanges): AlertState {
  let next: AlertState = { ...s, position: e.position, knownAt: Math.max(s.knownAt, e.recordedAt) };
  next = setDeadlines(next, e);
  next = endDeadlines(next, e, changes);
  if (e.type === 'event.retracted') next = retract(next, e, changes);
  if (!NOT_REPORTS.has(e.type) && !(e.type === 'event.retracted')) {
    next = arrive(next, e, changes);
    next = lateReport(next, e, changes);
  }
  return next;
}

function setDeadlines(s: AlertState, e: AlertInput): AlertState {
  const base = { knownAt: e.recordedAt, setBy: e.position };
  const d = e.data as Record<string, unknown>;
  if (e.type === 'milestone.planned') {
    const subject = { milestoneId: String(d.milestoneId) };
    return deadline(
      s,
      { ...base, kind: 'milestone_overdue', subject, eventId: e.eventId.toLowerCase() },
      d.dueDate,
    );
  }
  if (e.type === 'review.held' && Array.isArray(d.actions)) {
    let next = s;
    for (const a of d.actions as { actionId: string; dueDate: string }[]) {
      const subject = { actionId: a.actionId };
      next = deadline(next, { ...base, kind: 'action_overdue', subject }, a.dueDate);
    }
    return next;
  }
  if (e.type === 'dispute.opened') {
    const sla = settingsAt(s, e.occurredAt).disputeSlaDays;
    const subject = { disputeId: String(d.disputeId) };
    const at = e.occurredAt + sla * DAY_MS;
    return withPending(s, {
      ...base,
      kind: 'dispute_overdue',
      key: conditionKey('dispute_overdue', subject),
      at,
      subject,
    });
  }
  return s;
}

function deadline(s: AlertState, p: Omit<Pending, 'key' | 'at'>, due: unknown): AlertState {
  const at = typeof due === 'string' ? endOfDateOrTimestamp(due)?.getTime() : undefined;
  if (at === undefined) return s;
  return withPending(s, { ...p, key: conditionKey(p.kind, p.subject), at });
}

function endDeadlines(s: AlertState, e: AlertInput, changes: AlertChanges): AlertState {
  const closer = CLOSERS[e.type];
  if (!closer) return s;
  const [kind, field] = closer;
  const key = conditionKey(kind, { [field]: String(e.data[field]) });
  return clear(
    withoutPending(s, (p) => p.key !== key),
    changes,
    key,
    e.occurredAt,
  );
}

/** A retraction cancels what its target set (a deadline, a late report) and clears its open alert. */
function retract(s: AlertState, e: AlertInput, changes: AlertChanges): AlertState {
  const target = String(e.data.eventId).toLowerCase();
  const cause = s.causes[target];
  const next = cause === undefined ? s : clear(s, changes, cause, e.recordedAt);
  return withoutPending(next, (p) => p.eventId !== target);
}

/** Counts the report as an arrival of its period and clears that period's missing_data (at recordedAt). */
function arrive(s: AlertState, e: AlertInput, changes: AlertChanges): AlertState {
  const month = new Date(periodOf('month', e.occurredAt).start).toISOString().slice(0, 7);
  const arrivals = { ...s.arrivals };
  for (const by of [e.recordedBy, '*'])
    arrivals[`${e.type}|${by}|${month}`] = (arrivals[`${e.type}|${by}|${month}`] ?? 0) + 1;
  let next: AlertState = { ...s, arrivals };
  for (const kind of ['month', 'quarter'] as const) {
    const periodStart = new Date(periodOf(kind, e.occurredAt).start).toISOString();
    for (const orgId of [e.recordedBy, undefined]) {
      const subject = { type: e.type, every: kind, periodStart, ...(orgId ? { orgId } : {}) };
      next = clear(next, changes, conditionKey('missing_data', subject), e.recordedAt);
    }
  }
  return next;
}

/**
 * A report of a month already closed more than lateAfterDays ago (the charter in force when it was
 * recorded) is late: raised at its recordedAt, expiring when it leaves the 12-month window.
 */
function lateReport(s: AlertState, e: AlertInput, changes: AlertChanges): AlertState {
  const periodEnd = periodOf('month', e.occurredAt).end + 1;
  const late = settingsAt(s, e.recordedAt).lateAfterDays;
  const expires = e.occurredAt + TRAILING_YEAR_MS;
  if ((e.recordedAt - periodEnd) / DAY_MS <= late || expires <= e.recordedAt) return s;
  const subject = { eventId: e.eventId };
  const next = raise(s, changes, 'late_data', subject, e.recordedAt, e.position, e.eventId.toLowerCase());
  const key = conditionKey('late_expiry', subject);
  const expiry = { kind: 'late_expiry' as const, key, at: expires, knownAt: e.recordedAt, setBy: e.position };
  return withPending(next, { ...expiry, subject, eventId: e.eventId.toLowerCase() });
}
