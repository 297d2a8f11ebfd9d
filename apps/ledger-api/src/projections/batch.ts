import { FactChange, FactKey, KpiFacts, applyEvent, encodeChanges, kpiEventOf } from '@ledger/kpis';
import { RecordedEvent } from '@ledger/event-store';

export interface FoldedBatch {
  readonly facts: Map<string, KpiFacts>;
  readonly changes: Map<string, FactChange[]>;
}

/**
 * Folds a batch of ledger events (position order, any partnerships) into each partnership's facts and
 * collects, per partnership, the facts to rewrite: each touched fact once, with its final value. `each`
 * sees every event with its partnership's facts before and after it (the alert fold).
 */
export function foldBatch(
  events: readonly RecordedEvent[],
  current: (partnershipId: string) => KpiFacts,
  each?: (event: RecordedEvent, before: KpiFacts, after: KpiFacts) => void,
): FoldedBatch {
  const facts = new Map<string, KpiFacts>();
  const touched = new Map<string, Set<FactKey>>();
  for (const event of events) {
    const pid = event.streamId;
    const before = facts.get(pid) ?? current(pid);
    const applied = applyEvent(before, kpiEventOf(event));
    facts.set(pid, applied.facts);
    each?.(event, before, applied.facts);
    const keys = touched.get(pid) ?? new Set<FactKey>();
    for (const key of applied.touched) keys.add(key);
    touched.set(pid, keys);
  }
  const changes = new Map([...touched].map(([pid, keys]) => [pid, encodeChanges(facts.get(pid)!, keys)]));
  return { facts, changes };
}
