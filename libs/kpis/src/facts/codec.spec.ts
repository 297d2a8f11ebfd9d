import fc from 'fast-check';
import { canonicalJson } from '@ledger/verification';
import { computeSnapshot } from '../snapshot';
import { history, kpiEventsOf as toEvents } from '../testing/arbitrary';
import { decodeFacts, encodeAll, encodeChanges } from './codec';
import { applyEvent, foldFacts } from './fold';
import { emptyFacts } from './types';

/** Every fact, canonically: equal maps mean nothing was lost or added. */
const allFacts = (facts: ReturnType<typeof foldFacts>) =>
  new Map(encodeAll(facts).map((r) => [r.key, canonicalJson(r.payload)]));

const snapshotOf = (facts: ReturnType<typeof foldFacts>) =>
  computeSnapshot(facts, {
    partnershipId: 'p',
    currency: 'EUR',
    asOf: '2026-12-31T00:00:00Z',
    position: facts.position,
  });

describe('facts codec', () => {
  it('decodes what it encoded, for any history', () => {
    fc.assert(
      fc.property(history(), (posted) => {
        const facts = foldFacts(toEvents(posted));
        const decoded = decodeFacts(JSON.parse(JSON.stringify(encodeAll(facts))));
        expect(allFacts(decoded)).toEqual(allFacts(facts));
        expect(snapshotOf(decoded)).toEqual(snapshotOf(facts));
      }),
      { numRuns: 150 },
    );
  });

  it('keeps a row store equal to the fold when only the touched facts are rewritten after each event', () => {
    fc.assert(
      fc.property(history(), (posted) => {
        const rows = new Map<string, unknown>();
        let facts = emptyFacts();
        for (const event of toEvents(posted)) {
          const applied = applyEvent(facts, event);
          facts = applied.facts;
          for (const change of encodeChanges(facts, applied.touched)) {
            if (change.payload === null) rows.delete(change.key);
            else rows.set(change.key, JSON.parse(JSON.stringify(change.payload)));
          }
        }
        const stored = decodeFacts([...rows].map(([key, payload]) => ({ key, payload })));
        expect(allFacts(stored)).toEqual(allFacts(facts));
        expect(snapshotOf(stored)).toEqual(snapshotOf(facts));
        expect(stored.events).toBe(posted.length + 1);
      }),
      { numRuns: 150 },
    );
  });
});
