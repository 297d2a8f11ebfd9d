import { KpiCategory } from '@ledger/domain';
import { foldFacts } from './facts/fold';
import { KpiEvent } from './facts/types';
import { Period } from './periods';
import { KpiSnapshot, computeSnapshot } from './snapshot';

export interface ReplayRequest {
  readonly partnershipId: string;
  readonly currency: string;
  readonly asOf: string;
  /** Ledger time: only events at or before this position are known (default: all given). */
  readonly atPosition?: number;
  readonly categories?: readonly KpiCategory[];
  readonly period?: Period;
  /** A proposal to answer under (what-if). */
  readonly whatIf?: string;
}

/**
 * KPIs straight from a partnership's events, in position order: what an auditor recomputes offline and
 * what the API answers for a past ledger position. `position` is that of the last event known.
 */
export function replayKpis(events: readonly KpiEvent[], request: ReplayRequest): KpiSnapshot {
  const known =
    request.atPosition === undefined ? events : events.filter((e) => e.position <= request.atPosition!);
  const facts = foldFacts(known);
  return computeSnapshot(facts, { ...request, position: facts.position });
}
