import { entityCauseOf, isGovernanceEvent, retractionTarget } from '@ledger/domain';
import { FactRow, decodeFacts } from './codec';
import { Cause, FactKey, KpiEvent, KpiFacts } from './types';

/** The fact a stored cause points to: what retracting the event that caused it changes. */
export function causeKeyOf(cause: Cause): FactKey {
  return cause.kind === 'ended' ? 'ended' : `${cause.kind}:${cause.key}`;
}

/**
 * The stored facts that folding `events` into a partnership's facts can read: its meta, profile and end;
 * its governance log when a governance event is among them;
 * the deal, milestone or escalation each entity event names; and for each retraction its target's record
 * and cause. Facts the events create need not be stored. A stored cause names one more fact (causeKeyOf),
 * known once the cause is read, so a reader fetches these keys and then the keys of the causes found.
 *
 * Guarantees: folding `events` into facts decoded from just those rows touches the same keys, with the
 * same values, as folding them into the partnership's whole facts (property-tested in keys.spec.ts).
 */
export function factKeysRead(events: readonly KpiEvent[]): FactKey[] {
  const keys = new Set<FactKey>(['meta', 'profile', 'ended']);
  for (const e of events) {
    if (isGovernanceEvent(e)) keys.add('governance');
    const cause = entityCauseOf(e);
    if (cause) keys.add(`${cause.kind}:${cause.key}`);
    if (e.type === 'event.retracted') {
      const target = retractionTarget(e.data);
      keys.add(`record:${target}`);
      keys.add(`cause:${target}`);
    }
  }
  return [...keys];
}

/**
 * The facts folding `events` reads, fetched through `read` (stored rows by key): the keys factKeysRead
 * names, then the facts their stored causes name. Partial facts: fit to fold those events into, never
 * to compute KPIs from.
 */
export async function readFactsFor(
  events: readonly KpiEvent[],
  read: (keys: FactKey[]) => Promise<FactRow[]>,
): Promise<KpiFacts> {
  const rows = await read(factKeysRead(events));
  const found = new Set(rows.map((r) => r.key));
  const named = new Set(
    rows
      .filter((r) => r.key.startsWith('cause:'))
      .map((r) => causeKeyOf(r.payload as Cause))
      .filter((k) => !found.has(k)),
  );
  if (named.size > 0) rows.push(...(await read([...named])));
  return decodeFacts(rows);
}
