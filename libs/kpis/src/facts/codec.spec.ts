import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { canonicalJson } from '@ledger/verification';
import { computeSnapshot } from '../snapshot';
import { history } from '../testing/arbitrary';
import { decodeFacts, encodeAll, encodeChanges } from './codec';
import { applyEvent, foldFacts } from './fold';
import { KpiEvent, emptyFacts } from './types';

function toEvents(posted: ReturnType<typeof history> extends fc.Arbitrary<infer T> ? T : never): KpiEvent[] {
  const events: KpiEvent[] = [
    { eventId: randomUUID(), type: 'partnership.formed', position: 1, occurredAt: '2025-10-01T00:00:00.000Z', recordedBy: 'northwind', data: { currency: 'EUR', partnerOrgIds: ['northwind', 'contoso'], startedAt: '2025-10-01T00:00:00.000Z' } },
  ];
  for (const p of posted) {
    const data = p.retract === undefined ? p.data : { ...p.data, eventId: events[p.retract % events.length].eventId };
    events.push({ eventId: randomUUID(), type: p.type, position: events.length + 1, occurredAt: p.occurredAt, recordedBy: 'contoso', data });
  }
  return events;
}

/** Every fact, canonically: equal maps mean nothing was lost or added. */
const allFacts = (facts: ReturnType<typeof foldFacts>) => new Map(encodeAll(facts).map((r) => [r.key, canonicalJson(r.payload)]));

const snapshotOf = (facts: ReturnType<typeof foldFacts>) =>
  computeSnapshot(facts, { partnershipId: 'p', currency: 'EUR', asOf: '2026-12-31T00:00:00Z', position: facts.position });

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
