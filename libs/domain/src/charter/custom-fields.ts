import { EVENT_DATA_SCHEMAS, EventType } from '../events/schemas';

/**
 * What a custom KPI may read of each event type. Record events keep their whole data; deal, milestone
 * and escalation events are kept as lifecycles (history/entities.ts), which keep the fields listed in
 * ENTITY_FIELDS, so a custom KPI can filter and aggregate on exactly those.
 *
 * Guarantees: a field listed as numeric holds a JSON number or a money string on every stored event of
 * that type (the event schemas), so sum, mean and latest are always defined.
 */
const NOT_MEASURED: ReadonlySet<string> = new Set([
  'partnership.formed',
  'partnership.ended',
  'event.retracted',
  'charter.proposed',
  'charter.approved',
  'charter.rejected',
  'charter.withdrawn',
  'charter.adopted',
  'review.held',
  'action.completed',
]);

export const ENTITY_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'deal.registered': ['dealId', 'customerId', 'amount', 'source', 'registeredBy'],
  'deal.won': ['dealId', 'amount'],
  'deal.lost': ['dealId'],
  'milestone.planned': [],
  'milestone.hit': [],
  'escalation.raised': ['severity'],
  'escalation.acknowledged': ['severity'],
  'escalation.resolved': ['severity'],
};

/** Numeric fields (JSON numbers) and money fields (decimal strings) per event type. */
export const NUMERIC_FIELDS: Readonly<Record<string, Readonly<Record<string, 'number' | 'money'>>>> = {
  'deal.registered': { amount: 'money' },
  'deal.won': { amount: 'money' },
  'cost.incurred': { amount: 'money' },
  'cost.saved': { amount: 'money' },
  'revenue.reported': { totalRevenue: 'money' },
  'survey.answered': { score: 'number' },
  'engagement.logged': { durationMinutes: 'number' },
  'market_share.reported': { sharePct: 'number' },
  'resource.allocated': { hours: 'number' },
  'resource.utilized': { hours: 'number' },
  'uptime.reported': { uptimePct: 'number' },
  'impact.recorded': { value: 'number' },
  'target.set': { target: 'number', baseline: 'number' },
};

/** Event types a custom KPI or a data expectation may name: the measured ones. */
export function measuredEventTypes(): EventType[] {
  return (Object.keys(EVENT_DATA_SCHEMAS) as EventType[]).filter((t) => !NOT_MEASURED.has(t));
}

/** The fields of a measured event type a custom KPI can read. */
export function readableFields(type: EventType): readonly string[] {
  return ENTITY_FIELDS[type] ?? Object.keys(EVENT_DATA_SCHEMAS[type].shape);
}
