import { governanceAt, withDefaults } from '@ledger/domain';
import { KpiFacts } from '../facts/types';
import { advanceAlerts, needsFacts } from './advance';
import { applyAlertEvent } from './apply';
import { closeAfter } from './close';
import { MonthValueCache } from './month-values';
import { AlertChanges, AlertInput, AlertState, CharterSettings } from './types';

/**
 * One step of the alert projection: advance to the event's recordedAt (deciding what passed before the
 * ledger learnt of it), fold the event, then read what the KPI facts now say about the partnership
 * (formation, end, the charters adopted).
 *
 * Guarantees: a pure function of (state, event, facts); folding a partnership's events in position
 * order, with or without advanceAlerts steps between them at instants before the next recordedAt,
 * gives the same state and alerts (alerts.spec.ts).
 * Constraints: `before` are the whole facts before the event when needsFacts(state, e.recordedAt);
 * `after` the facts after it (whole or partial: only the profile, end and governance are read, and
 * partial facts hold those when the event changed them).
 */
export function foldAlertEvent(
  s: AlertState,
  e: AlertInput,
  facts: { readonly before?: KpiFacts; readonly after: KpiFacts; readonly months?: MonthValueCache },
  changes: AlertChanges,
): AlertState {
  const advanced = advanceAlerts(s, e.recordedAt, facts.before, changes, facts.months);
  facts.months?.applied(e);
  return observe(applyAlertEvent(advanced, e, changes), e, facts.after);
}

export { needsFacts };

function observe(s: AlertState, e: AlertInput, facts: KpiFacts): AlertState {
  if (e.type === 'partnership.formed' && facts.profile) return formed(s, facts, e.recordedAt);
  if (e.type === 'partnership.ended' && facts.ended) return { ...s, endedAt: facts.ended.at };
  if (e.type === 'charter.adopted') {
    const g = governanceAt(facts.governance);
    const targeted = g.versions.some((v) =>
      g.proposals.get(v.proposalId)!.charter.scorecard?.some(hasTarget),
    );
    return { ...s, charters: chartersOf(facts), targets: s.targets || targeted };
  }
  return s;
}

/** Formation: who the members are, and the first month close (the end of the month it was recorded in). */
function formed(s: AlertState, facts: KpiFacts, recordedAt: number): AlertState {
  const { startedAt, partnerOrgIds, currency } = facts.profile!;
  return closeAfter({ ...s, startedAt, members: partnerOrgIds, currency }, recordedAt);
}

const hasTarget = (entry: { readonly target?: unknown }) => entry.target !== undefined;

function chartersOf(facts: KpiFacts): CharterSettings[] {
  const g = governanceAt(facts.governance);
  return g.versions.map((v) => {
    const { dataQuality, disputeSlaDays } = withDefaults(g.proposals.get(v.proposalId)!.charter);
    const { expected, lateAfterDays } = dataQuality;
    return { version: v.version, from: Date.parse(v.effectiveFrom), lateAfterDays, disputeSlaDays, expected };
  });
}
