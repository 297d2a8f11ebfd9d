import { KpiFacts } from '@ledger/kpis';
import { LRUCache } from 'lru-cache';

/**
 * Committed KPI facts of one read-model generation, by partnership, least recently used out
 * (lru-cache, weighed by events). Holds only what was committed: facts go in after their transaction.
 *
 * Guarantees: the facts held never weigh more than `budget` events' worth (a partnership's facts weigh
 * the events folded into them; about 2.5 KiB each in memory), except that the facts just stored are
 * kept even when they alone exceed it; facts are never replaced by older ones (a lower position).
 * That bound keeps the process's memory flat however large the ledger grows; what falls out is read
 * back from the read model when needed.
 */
export class FactsCache {
  private readonly lru: LRUCache<string, KpiFacts>;

  constructor(
    readonly generation: number,
    readonly budget: number,
  ) {
    const maxSize = Math.max(1, Math.floor(budget));
    // Weights are capped at the budget: an entry heavier than it then evicts all others and stays,
    // where lru-cache would refuse it.
    this.lru = new LRUCache({ maxSize, sizeCalculation: (facts) => Math.min(maxSize, weightOf(facts)) });
  }

  get(partnershipId: string): KpiFacts | undefined {
    return this.lru.get(partnershipId);
  }

  set(partnershipId: string, facts: KpiFacts): void {
    const cached = this.lru.peek(partnershipId);
    if (cached && cached.position > facts.position) return;
    this.lru.set(partnershipId, facts);
  }
}

function weightOf(facts: KpiFacts): number {
  return Math.max(1, facts.events);
}
