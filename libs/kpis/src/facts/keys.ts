import { Cause, FactKey, KpiEvent } from './types';

const ENTITY_PREFIX = ['deal.', 'milestone.', 'escalation.'];

type Keyed = Pick<KpiEvent, 'type' | 'data'>;

/** Whether the event changes a deal, milestone or escalation (a deal touch is a record of its own). */
export function isEntityEvent(e: Pick<KpiEvent, 'type'>): boolean {
  return ENTITY_PREFIX.some((p) => e.type.startsWith(p)) && e.type !== 'deal.touched';
}

/** The id of the deal, milestone or escalation an entity event names. */
export function entityIdOf(e: Keyed): string {
  return String(e.data.dealId ?? e.data.milestoneId ?? e.data.escalationId);
}

/** The fact a stored cause points to: what retracting the event that caused it changes. */
export function causeKeyOf(cause: Cause): FactKey {
  return cause.kind === 'ended' ? 'ended' : `${cause.kind}:${cause.key}`;
}

/**
 * The stored facts that folding `events` into a partnership's facts can read: its meta, profile and end;
 * the deal, milestone or escalation each entity event names; and for each retraction its target's record
 * and cause. Facts the events create need not be stored. A stored cause names one more fact (causeKeyOf),
 * known once the cause is read, so a reader fetches these keys and then the keys of the causes found.
 *
 * Guarantees: folding `events` into facts decoded from just those rows touches the same keys, with the
 * same values, as folding them into the partnership's whole facts (property-tested in keys.spec.ts).
 */
export function factKeysRead(events: readonly Pick<KpiEvent, 'type' | 'data'>[]): FactKey[] {
  const keys = new Set<FactKey>(['meta', 'profile', 'ended']);
  for (const e of events) {
    if (isEntityEvent(e)) keys.add(`${e.type.split('.')[0]}:${entityIdOf(e)}`);
    if (e.type === 'event.retracted') {
      const target = String(e.data.eventId).toLowerCase();
      keys.add(`record:${target}`);
      keys.add(`cause:${target}`);
    }
  }
  return [...keys];
}
