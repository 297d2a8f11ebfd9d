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
const DATA_TYPES = new Set([
  'deal.registered',
  'deal.won',
  'deal.lost',
  'deal.touched',
  'milestone.planned',
  'milestone.hit',
  'escalation.raised',
  'escalation.acknowledged',
  'escalation.resolved',
  'lead.generated',
  'lead.converted',
  'customer.acquired',
  'customer.churned',
  'customer.referred',
  'survey.answered',
  'engagement.logged',
  'cost.incurred',
  'cost.saved',
  'revenue.reported',
  'solution.launched',
  'ip.filed',
  'market.entered',
  'market_share.reported',
  'resource.allocated',
  'resource.utilized',
  'uptime.reported',
  'impact.recorded',
  'target.set',
]);

/** The earliest business time (ms) whose figures the appended events may change; +∞ when none. */
export function unchangedBefore(
  appended: Iterable<QualityEvent>,
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
