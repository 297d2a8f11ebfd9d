import { Inject, Injectable } from '@nestjs/common';
import { EventStore, RecordedEvent } from '@ledger/event-store';
import { KpiFacts, emptyFacts } from '@ledger/kpis';
import { LedgerConfig } from '../config/config';
import { EVENT_STORE, LEDGER_CONFIG } from '../config/tokens';
import { FactsCache } from '../projections/facts-cache';
import { KpiReadModel } from '../projections/kpi-read-model';
import { ProjectionRunner } from '../projections/projection-runner';

/**
 * A partnership's KPI facts from the live read model, never by replaying events: from the runner's
 * memory when this process runs it, else from a local cache checked against the stored position (one
 * small query), else from the stored rows.
 */
@Injectable()
export class KpiFactsService {
  private cache: FactsCache;

  constructor(
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModel: KpiReadModel,
    private readonly runner: ProjectionRunner,
  ) {
    this.cache = this.newCache(0);
  }

  /** What the runner does not hold (another process leads, or it fell out of its cache), kept here. */
  private newCache(generation: number): FactsCache {
    return new FactsCache(generation, this.config.factsCacheEvents / 4);
  }

  async current(partnershipId: string): Promise<KpiFacts> {
    // The leader is the only writer of the read model: what it holds is what is committed.
    const own = this.runner.leaderFacts(partnershipId);
    if (own) return own;
    const { generation, position } = await this.readModel.factsVersion(partnershipId);
    if (position === undefined) return emptyFacts();
    if (this.cache.generation !== generation) this.cache = this.newCache(generation);
    const known = this.runner.cached(generation, partnershipId) ?? this.cache.get(partnershipId);
    if (known?.position === position) return known;
    const facts = await this.readModel.loadFacts(generation, partnershipId);
    this.cache.set(partnershipId, facts);
    return facts;
  }

  /** The partnership's events up to a ledger position, for answers about the past. */
  async eventsUpTo(partnershipId: string, atPosition: number): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for (let from = 1; ; ) {
      const page = await this.store.readStream(partnershipId, { fromVersion: from, limit: 10_000 });
      for (const e of page) if (e.position <= atPosition) events.push(e);
      if (page.length < 10_000 || page.at(-1)!.position > atPosition) return events;
      from = page.at(-1)!.version + 1;
    }
  }
}
