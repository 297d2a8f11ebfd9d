import fc from 'fast-check';
import { foldFacts } from '../facts/fold';
import { KpiEvent } from '../facts/types';
import { computeSnapshot, snapshotOfView, viewFor } from '../snapshot';
import { pooledView } from './view';
import { history, kpiEventsOf } from '../testing/arbitrary';
import { mergeFacts } from '../testing/merge';

describe('program totals from pooled views', () => {
  it(
    "are the KPIs of the partnerships' facts merged with entity keys kept apart, for any partnerships " +
      'and asOf',
    () => {
      fc.assert(
        fc.property(
          fc.array(history(30), { minLength: 1, maxLength: 4 }),
          fc.integer({ min: 0, max: 450 }),
          (histories, day) => {
            // Ledger positions are global: each partnership's events get their own range. Later ones started
            // earlier.
            const parts = histories.map(
              (h, i) =>
                [
                  `p${i}`,
                  foldFacts(
                    kpiEventsOf(h).map((e) => ({ ...startedEarlier(e, i), position: e.position + 1000 * i })),
                  ),
                ] as const,
            );
            const request = {
              partnershipId: 'program',
              currency: 'EUR',
              asOf: new Date(Date.UTC(2025, 9, 1 + day, 12)).toISOString(),
              position: 0,
            };
            const pooled = snapshotOfView(
              pooledView(parts.map(([, facts]) => viewFor(facts, request))),
              request,
            );
            expect(pooled).toEqual(computeSnapshot(mergeFacts(parts), request));
          },
        ),
        { numRuns: 300 },
      );
    },
  );
});

function startedEarlier(e: KpiEvent, weeks: number): KpiEvent {
  if (e.type !== 'partnership.formed') return e;
  return {
    ...e,
    data: {
      ...e.data,
      startedAt: new Date(Date.parse(String(e.data.startedAt)) - weeks * 7 * 86_400_000).toISOString(),
    },
  };
}
