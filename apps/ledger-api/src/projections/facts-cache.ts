import { KpiFacts } from '@ledger/kpis';

const MAX_PARTNERSHIPS = 10_000;

/**
 * Committed KPI facts of one read-model generation, by partnership, least recently used out.
 * Holds only what was committed (the runner puts facts in after its transaction commits).
 */
export class FactsCache {
  private readonly map = new Map<string, KpiFacts>();

  constructor(readonly generation: number) {}

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
    this.map.delete(partnershipId);
    this.map.set(partnershipId, facts);
    if (this.map.size > MAX_PARTNERSHIPS) this.map.delete(this.map.keys().next().value as string);
  }
}
