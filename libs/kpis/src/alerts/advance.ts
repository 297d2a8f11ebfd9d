import { KpiFacts } from '../facts/types';
import { closeMonth } from './close';
import { MonthValueCache } from './month-values';
import { decidedAt, raise } from './state';
import { AlertChanges, AlertState, Pending } from './types';

/**
 * Decides every pending condition whose instant passed before knowledge time `t`: the ledger has
 * learnt all it will learn by then (events are folded in position order, each after advancing to its
 * recordedAt), so what stands decides it. A deadline still pending is overdue: raised at its instant,
 * at the position of the latest event known then (or of the event that set it, when the ledger learnt
 * of it only after its instant). A month close judges the month just ended (close.ts).
 *
 * Guarantees: advancing to t in one step or several gives the same state and the same alerts; nothing
 * is decided at or after t (an event recorded at t still counts).
 * Constraints: `facts` are the partnership's whole facts at the same position, required when a close
 * is due (needsFacts); they are read, never kept. `months` caches the anomaly scans' month figures.
 */
export function advanceAlerts(
  s: AlertState,
  t: number,
  facts: KpiFacts | undefined,
  changes: AlertChanges,
  months?: MonthValueCache,
): AlertState {
  let next = s;
  for (;;) {
    const p = dueBefore(next, t);
    if (!p) return next;
    (next.pending as Pending[]).shift(); // p is the first (dueBefore)
    next = decide(next, p, facts, changes, months);
  }
}

/** Whether advancing to t runs a month close, which needs the whole facts. */
export function needsFacts(s: AlertState, t: number): boolean {
  return s.pending.some((p) => p.kind === 'close' && decidedAt(p) < t);
}

/** The earliest pending condition decided before t (withPending keeps the list in that order). */
function dueBefore(s: AlertState, t: number): Pending | undefined {
  const first = s.pending[0];
  return first && decidedAt(first) < t ? first : undefined;
}

function decide(
  s: AlertState,
  p: Pending,
  facts: KpiFacts | undefined,
  changes: AlertChanges,
  months: MonthValueCache | undefined,
): AlertState {
  if (p.kind === 'close') {
    if (!facts) throw new Error('a month close needs the whole facts (needsFacts)');
    return closeMonth(s, p.at, facts, changes, months);
  }
  const position = p.at >= p.knownAt ? s.position : p.setBy;
  return raise(s, changes, p.kind, p.subject, p.at, position, p.eventId);
}
