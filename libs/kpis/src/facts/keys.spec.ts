import fc from 'fast-check';
import { canonicalJson } from '@ledger/verification';
import { history, kpiEventsOf } from '../testing/arbitrary';
import { FactRow, decodeFacts, encodeAll, encodeChanges } from './codec';
import { applyEvent, foldFacts } from './fold';
import { factKeysRead, readFactsFor } from './keys';
import { KpiEvent, KpiFacts, kpiEventOf } from './types';

/** Folds a batch as the projection does, and the rows it would rewrite: each touched key, its final value. */
function foldBatchOf(start: KpiFacts, batch: readonly KpiEvent[]): Map<string, string> {
  let facts = start;
  const touched = new Set<string>();
  for (const e of batch) {
    const applied = applyEvent(facts, e);
    facts = applied.facts;
    applied.touched.forEach((k) => touched.add(k));
  }
  return new Map(encodeChanges(facts, touched).map((c) => [c.key, canonicalJson(c.payload)]));
}

/** What the projection folds into: the rows the batch reads, fetched from the stored ones. */
const partialFacts = (stored: readonly FactRow[], batch: readonly KpiEvent[]) =>
  readFactsFor(batch, async (keys) => stored.filter((r) => keys.includes(r.key)));

describe('facts a batch reads', () => {
  it(
    'fold a batch into just those stored facts exactly ' + 'as into all of them, for any history and split',
    async () => {
      await fc.assert(
        fc.asyncProperty(history(40), fc.nat(), fc.nat(), async (posted, at, size) => {
          const events = kpiEventsOf(posted);
          const split = at % events.length;
          const batch = events.slice(split, split + 1 + (size % 12));
          const stored = JSON.parse(
            JSON.stringify(encodeAll(foldFacts(events.slice(0, split)))),
          ) as FactRow[];
          const all = decodeFacts(stored);
          expect(foldBatchOf(await partialFacts(stored, batch), batch)).toEqual(foldBatchOf(all, batch));
        }),
        { numRuns: 400 },
      );
    },
  );

  it(
    'reads a handful of rows, not the partnership: meta, ' +
      'profile, end, the entity named, a target and its cause',
    () => {
      const event = (type: string, data: object) =>
        kpiEventOf({
          eventId: 'e',
          type,
          position: 1,
          occurredAt: '2026-01-01T00:00:00Z',
          recordedBy: 'o',
          data,
        });
      const keys = factKeysRead([
        event('deal.won', { dealId: 'D1', amount: '1.00' }),
        event('cost.incurred', { amount: '1.00', category: 'mdf' }),
        event('event.retracted', { eventId: 'ABC', reason: 'r' }),
      ]);
      expect(keys.sort()).toEqual(['cause:abc', 'deal:D1', 'ended', 'meta', 'profile', 'record:abc']);
    },
  );
});
