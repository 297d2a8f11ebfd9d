import { DAY_MS } from '../numbers';
import { periodOf } from '../periods';
import { TRAILING_YEAR_MS } from '../quality/recorded';
import { conditionKey } from './ids';
import { anyOpen, clear, raise, settingsAt, withPending, withoutPending } from './state';
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
 * by what closes them, and cancelled by the retraction of the event that set them (an open alert so
 * caused is cleared at the retraction's recordedAt); a late report raises late_data at once (lateReport);
 * an arrival clears the missing_data of its period at its recordedAt.
 */
export function applyAlertEvent(s: AlertState, e: AlertInput, changes: AlertChanges): AlertState {
  const targets = s.targets || e.type === 'target.set';
  let next: AlertState = { ...s, position: e.position, knownAt: Math.max(s.knownAt, e.recordedAt), targets };
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

/** A report clears the missing_data of its period, for its recorder and for anyone, at its recordedAt. */
function arrive(s: AlertState, e: AlertInput, changes: AlertChanges): AlertState {
  if (!anyOpen(s, 'missing_data')) return s;
  let next = s;
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
 * A report of a month closed more than lateAfterDays before it was recorded (the charter in force then),
 * within the 12 months before it was recorded, restates that month: one late_data per (recorder, month
 * restated), raised at the first such report's recordedAt and position, cleared at the next month close
 * (close.ts), when the restatement has been part of a month's review. Later late reports of the same
 * month by the same org while it is open add nothing; retracting a report does not undo the restatement.
 */
function lateReport(s: AlertState, e: AlertInput, changes: AlertChanges): AlertState {
  const month = periodOf('month', e.occurredAt);
  const late = settingsAt(s, e.recordedAt).lateAfterDays;
  if ((e.recordedAt - (month.end + 1)) / DAY_MS <= late) return s;
  if (e.occurredAt <= e.recordedAt - TRAILING_YEAR_MS) return s;
  const subject = { orgId: e.recordedBy, periodStart: new Date(month.start).toISOString() };
  return raise(s, changes, 'late_data', subject, e.recordedAt, e.position);
}
