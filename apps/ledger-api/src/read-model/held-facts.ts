import { Injectable } from '@nestjs/common';
import { KpiFacts } from '@ledger/kpis';
import { FactsCache } from './facts-cache';

/**
 * The facts cache of the live generation this process writes (the runner's), shared read-only with the
 * KPI facts source of the same process, so a leader does not hold the same facts twice.
 *
 * Guarantees: only the writer puts facts in, after their transaction committed, and whole; a reader
 * uses them only when their position is the stored one (StoredKpiFacts checks it), so stale facts (a
 * process that lost the lease) are never answered.
 */
@Injectable()
export class HeldFacts {
  private live: FactsCache | undefined;

  publish(cache: FactsCache | undefined): void {
    this.live = cache;
  }

  get(generation: number, partnershipId: string): KpiFacts | undefined {
    return this.live?.generation === generation ? this.live.get(partnershipId) : undefined;
  }
}
