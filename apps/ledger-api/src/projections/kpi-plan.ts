import { Logger } from '@nestjs/common';
import { EventStore, RecordedEvent } from '@ledger/event-store';
import { ProjectionPlan, ProjectionStore } from '@ledger/projections';
import { LedgerConfig } from '../config/config';
import { RebuildEntity } from '../read-model/entities';
import { FactsCache } from '../read-model/facts-cache';
import { HeldFacts } from '../read-model/held-facts';
import { ReadModelStore } from '../read-model/read-model-store';
import { Rebuilds } from '../read-model/rebuilds';
import { tickAlerts } from './alert-tick';
import { KpiGeneration } from './kpi-generation';

const REBUILD_BATCH = 5_000;

/**
 * What the KPI runner projects into at each step: the live generation, and during a rebuild a new
 * generation folded from position 1 beside it. Once the rebuild has caught up with the live one, it is
 * swapped in (one transaction), so queries are answered throughout.
 */
export class KpiPlan implements ProjectionPlan<RecordedEvent> {
  private readonly logger = new Logger('Projections');
  private live: KpiGeneration | undefined;
  private rebuild: { rebuildId: string; generation: KpiGeneration } | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly readModel: ReadModelStore,
    private readonly rebuilds: Rebuilds,
    private readonly held: HeldFacts,
    private readonly config: LedgerConfig,
  ) {}

  async next(): Promise<{ stores: ProjectionStore<RecordedEvent>[]; busy: boolean }> {
    const active = await this.readModel.activeGeneration();
    if (this.live?.generation !== active) this.live = this.liveGeneration(active);
    const open = await this.rebuilds.open();
    if (!open) return { stores: [this.live], busy: false };
    const rebuilding = await this.rebuildStep(open, active);
    return { stores: rebuilding ? [rebuilding, this.live] : [this.live], busy: true };
  }

  /** Lets time decide the live generation's alerts (alert-tick.ts); nothing before the first step. */
  tickAlerts(now: number): Promise<number> {
    if (!this.live) return Promise.resolve(0);
    return tickAlerts(this.store, this.readModel, this.live, now, this.config.alertGraceMs);
  }

  reset(): void {
    this.live = undefined;
    this.rebuild = undefined;
    this.held.publish(undefined);
  }

  /** The live generation, with a new cache or (after a swap) the rebuild's. */
  private liveGeneration(generation: number, cache?: FactsCache): KpiGeneration {
    cache ??= new FactsCache(generation, this.config.factsCacheEvents);
    this.held.publish(cache);
    const { projectionBatchSize: batchSize, projectionCommitDelayMs: delayMs } = this.config;
    const alerts = this.config.alertUpkeep;
    return new KpiGeneration(generation, cache, this.readModel, { batchSize, delayMs, alerts });
  }

  /** The rebuild's generation to apply a batch to, or undefined once it has been swapped in. */
  private async rebuildStep(open: RebuildEntity, active: number): Promise<KpiGeneration | undefined> {
    if (open.state === 'requested' || this.rebuild?.rebuildId !== open.rebuildId) {
      this.rebuild = { rebuildId: open.rebuildId, generation: await this.startRebuild(open, active) };
    }
    const { generation } = this.rebuild;
    const reached = await generation.checkpoint();
    if (reached < (await this.readModel.checkpoint(active))) return generation;
    await this.readModel.swapGeneration(open.rebuildId, active, generation.generation, reached);
    this.rebuild = undefined;
    this.live = this.liveGeneration(generation.generation, generation.cache);
    const live = generation.generation;
    this.logger.log(`rebuild ${open.rebuildId} complete at position ${reached}; generation ${live} is live`);
    return undefined;
  }

  /** Starts a requested rebuild in a fresh generation, or resumes a running one where it stopped. */
  private async startRebuild(open: RebuildEntity, active: number): Promise<KpiGeneration> {
    let generation = open.generation;
    if (open.state !== 'running' || generation === null) {
      generation = active + 1;
      const total = await this.store.headPosition();
      await this.readModel.startGeneration(open.rebuildId, generation, total);
      this.logger.log(`rebuild ${open.rebuildId} started in generation ${generation} (${total} events)`);
    }
    // The live cache keeps serving beside the rebuild's, so the two share the budget.
    const cache = new FactsCache(generation, this.config.factsCacheEvents / 2);
    const committed = async (to: number) =>
      this.rebuilds.update(open.rebuildId, { processed: to, total: await this.store.headPosition() });
    return new KpiGeneration(generation, cache, this.readModel, {
      batchSize: REBUILD_BATCH,
      delayMs: 0,
      alerts: this.config.alertUpkeep,
      committed,
    });
  }
}
