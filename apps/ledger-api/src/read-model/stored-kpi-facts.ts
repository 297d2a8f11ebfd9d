import { Inject, Injectable } from '@nestjs/common';
import { EventStore } from '@ledger/event-store';
import { KpiFacts, emptyFacts } from '@ledger/kpis';
import { assertPositionReached } from '../common/positions';
import { LedgerConfig } from '../config/config';
import { EVENT_STORE, LEDGER_CONFIG } from '../config/tokens';
import { FactsCache } from './facts-cache';
import { HeldFacts } from './held-facts';
import { KpiFactsSource, ProjectionBehind } from './kpi-facts-source';
import { ReadModelStore } from './read-model-store';

/**
 * KpiFactsSource on the stored read model: one small query gives the active generation and the position
 * a partnership's facts reflect; facts held at that very position (the runner's, or this cache's) are
 * answered from memory, others are read from their rows and kept.
 */
@Injectable()
export class StoredKpiFacts implements KpiFactsSource {
  private cache: FactsCache;

  constructor(
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModel: ReadModelStore,
    private readonly held: HeldFacts,
  ) {
    this.cache = this.newCache(0);
  }

  private newCache(generation: number): FactsCache {
    return new FactsCache(generation, this.config.factsCacheEvents / 4);
  }

  async current(partnershipId: string): Promise<KpiFacts> {
    const { generation, position } = await this.readModel.factsVersion(partnershipId);
    if (position === undefined) return emptyFacts();
    if (this.cache.generation !== generation) this.cache = this.newCache(generation);
    const known = this.held.get(generation, partnershipId) ?? this.cache.get(partnershipId);
    if (known?.position === position) return known;
    const facts = await this.readModel.loadFacts(generation, partnershipId);
    this.cache.set(partnershipId, facts);
    return facts;
  }

  position(): Promise<number> {
    return this.readModel.liveCheckpoint();
  }

  async waitFor(position: number, field: string, timeoutMs = 5_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (let first = true; ; first = false) {
      const at = await this.position();
      if (at >= position) return at;
      if (first) await assertPositionReached(this.store, position, field);
      if (Date.now() >= deadline) throw new ProjectionBehind(position, at);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}
