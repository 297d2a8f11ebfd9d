import { KPI_CATALOGUE } from '@ledger/domain';
import { KpiEvent, KpiFacts, KpiSnapshot, computeSnapshot, foldFacts, kpiEventOf } from '@ledger/kpis';
import { TIME_DECAY, charterDocument, charterEvents } from './charter-doc';
import { ORGS, STARTED_AT, Shape, generateEvents } from './partnership-events';

/**
 * The KPI snapshot computed in-process (`computeSnapshot` over folded facts, no I/O): the same generated
 * partnership without a charter and with one adopted, timed call by call, each pair alternating its order
 * so that noise hits both alike. Twice: the charter (attribution policy at its default), and the
 * same charter with a time_decay attribution policy (fewer calls: it is far slower).
 */
export type Timings = Record<'without' | 'with charter', number[]>;

export interface PureResult {
  readonly events: number;
  readonly charter: Timings;
  readonly timeDecay: Timings;
  /** The last snapshot under the charter, to compare with the HTTP answer. */
  readonly snapshot: KpiSnapshot;
}

const WARM_UP = 3;

export function measurePure(
  shape: Shape,
  asOf: string,
  iterations: { charter: number; timeDecay: number },
): PureResult {
  const events = ledgerOf(shape);
  const without = foldFacts(events);
  const adopted = (attribution?: object) =>
    foldFacts(governance(charterDocument(KPI_CATALOGUE, attribution), events.length), without);
  const [charter, timeDecay] = [adopted(), adopted(TIME_DECAY)];
  return {
    events: events.length,
    charter: compare(without, charter, asOf, iterations.charter),
    timeDecay: compare(without, timeDecay, asOf, iterations.timeDecay),
    snapshot: snapshotOf(charter, asOf),
  };
}

function compare(without: KpiFacts, charter: KpiFacts, asOf: string, iterations: number): Timings {
  const facts = { without, 'with charter': charter };
  const timings: Timings = { without: [], 'with charter': [] };
  for (let i = -WARM_UP; i < iterations; i += 1) {
    const order = i % 2 ? (['with charter', 'without'] as const) : (['without', 'with charter'] as const);
    for (const variant of order) {
      const start = performance.now();
      snapshotOf(facts[variant], asOf);
      if (i >= 0) timings[variant].push(performance.now() - start);
    }
  }
  return timings;
}

function snapshotOf(facts: KpiFacts, asOf: string): KpiSnapshot {
  return computeSnapshot(facts, { partnershipId: 'pure', currency: 'EUR', asOf, position: facts.position });
}

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** The adoption's events after the `after` events of the ledger. */
function governance(charter: object, after: number): KpiEvent[] {
  return charterEvents(charter, '2026-12-01T00:00:00.000Z').map((e, i) =>
    kpiEventOf({ ...e, eventId: uuid(after + i + 1), position: after + i + 1 }),
  );
}

/** partnership.formed, then the generated events; each batch of 1000 recorded by one org in turn, as posted. */
function ledgerOf(shape: Shape): KpiEvent[] {
  const formed = {
    type: 'partnership.formed',
    occurredAt: STARTED_AT,
    data: {
      name: 'pure',
      type: 'strategic_alliance',
      partnerOrgIds: [...ORGS],
      currency: 'EUR',
      startedAt: STARTED_AT,
    },
  };
  return [formed, ...generateEvents(shape)].map((e, i) =>
    kpiEventOf({
      ...e,
      eventId: uuid(i + 1),
      position: i + 1,
      recordedBy: i === 0 ? ORGS[0] : ORGS[Math.floor((i - 1) / 1000) % ORGS.length],
    }),
  );
}
