import { KpiFacts } from '@ledger/kpis';

/**
 * Committed KPI facts of one read-model generation, by partnership, least recently used out.
 * Holds only what was committed (the runner puts facts in after its transaction commits).
 *
 * Guarantees: the facts held never weigh more than `budget` events' worth (a partnership's facts weigh
 * the events folded into them; about 2.5 KiB each in memory), except that the facts just stored are
 * kept even when they alone exceed it. That bound is what keeps the process's memory flat however large
 * the ledger grows; what falls out is read back from the read model when needed.
 */
export class FactsCache {
  private readonly map = new Map<string, KpiFacts>();
  private weight = 0;

  constructor(
    readonly generation: number,
    readonly budget: number,
  ) {}

  get(partnershipId: string): KpiFacts | undefined {
    const facts = this.map.get(partnershipId);
    if (facts) {
      this.map.delete(partnershipId);
      this.map.set(partnershipId, facts);
    }
    return facts;
  }

  set(partnershipId: string, facts: KpiFacts): void {
    const cached = this.map.get(partnershipId);
    if (cached && cached.position > facts.position) return;
    if (cached) this.weight -= weightOf(cached);
    this.map.delete(partnershipId);
    this.map.set(partnershipId, facts);
    this.weight += weightOf(facts);
    while (this.weight > this.budget && this.map.size > 1) {
      const oldest = this.map.keys().next().value as string;
      this.weight -= weightOf(this.map.get(oldest)!);
      this.map.delete(oldest);
    }
  }
}

function weightOf(facts: KpiFacts): number {
  return Math.max(1, facts.events);
}
