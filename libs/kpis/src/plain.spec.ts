import fc from 'fast-check';
import { pooledView } from './compute/view';
import { foldFacts } from './facts/fold';
import { factsFromPlain, plainFacts, plainView, viewFromPlain } from './plain';
import { periodOf } from './periods';
import { computeSnapshot, snapshotOfView, viewFor } from './snapshot';
import { history, kpiEventsOf } from './testing/arbitrary';

// structuredClone is what postMessage does to a worker thread's task: the same algorithm, in one call.
const asOfDay = fc
  .integer({ min: 0, max: 450 })
  .map((d) => new Date(Date.UTC(2025, 9, 1 + d, 12)).toISOString());

describe('facts and views as plain data for another thread', () => {
  it('given any history, facts that went through structured clone give the same snapshot bytes', () => {
    fc.assert(
      fc.property(history(40), asOfDay, (posted, asOf) => {
        const facts = foldFacts(kpiEventsOf(posted));
        const request = { partnershipId: 'p', currency: 'EUR', asOf, position: facts.position };
        const period = periodOf('month', Date.parse(asOf));
        const copied = factsFromPlain(structuredClone(plainFacts(facts)));
        expect(computeSnapshot(copied, request)).toEqual(computeSnapshot(facts, request));
        expect(computeSnapshot(copied, { ...request, period })).toEqual(
          computeSnapshot(facts, { ...request, period }),
        );
      }),
      { numRuns: 200 },
    );
  });

  it(
    'given several partnerships, views and pooled views ' +
      'that went through structured clone give the same bytes',
    () => {
      fc.assert(
        fc.property(fc.array(history(30), { minLength: 1, maxLength: 3 }), asOfDay, (histories, asOf) => {
          const request = { partnershipId: 'program', currency: 'EUR', asOf, position: 0 };
          const views = histories.map((h) => viewFor(foldFacts(kpiEventsOf(h)), request));
          const copied = views.map((v) => viewFromPlain(structuredClone(plainView(v))));
          copied.forEach((v, i) =>
            expect(snapshotOfView(v, request)).toEqual(snapshotOfView(views[i], request)),
          );
          expect(snapshotOfView(pooledView(copied), request)).toEqual(
            snapshotOfView(pooledView(views), request),
          );
        }),
        { numRuns: 100 },
      );
    },
  );

  it('an immutable.js map does not survive structured clone as such: the reason for the plain form', () => {
    const facts = foldFacts(kpiEventsOf([]));
    expect(() => structuredClone(viewFor(facts, { asOf: '2026-01-01T00:00:00.000Z' }))).toThrow();
    expect(typeof (structuredClone(facts).deals as unknown as { get?: unknown }).get).toBe('undefined');
  });
});
