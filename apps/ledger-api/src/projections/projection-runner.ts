import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { EventStore, RecordedEvent } from '@ledger/event-store';
import { KpiFacts, kpiEventOf } from '@ledger/kpis';
import { DatabaseConfig } from '../database/database.module';
import { EVENT_STORE, LEDGER_CONFIG } from '../config/tokens';
import { observed } from '../common/observed';
import { foldBatch } from './batch';
import { RebuildEntity } from './entities';
import { FactsCache } from './facts-cache';
import { CheckpointMoved, KpiReadModel } from './kpi-read-model';
import { LeaderLock } from './leader-lock';
import { Rebuilds } from './rebuilds';

const REBUILD_BATCH = 5_000;
/** A partnership with facts of at most this share of the cache's budget is read back whole and kept. */
const SMALL_SHARE = 8;
/** Pause after a partial batch, so a trickle of appends is applied in batches, not event by event. */
const COALESCE_MS = 25;

/** A partnership's facts to fold a batch into: whole, or only the rows the batch reads. */
interface ToFold {
  readonly facts: KpiFacts;
  readonly whole: boolean;
}

/**
 * The projection runner: a catch-up subscription over ledger positions that folds events into the KPI
 * read model. One process at a time runs it (LeaderLock); every batch is written with its checkpoint in
 * one transaction (KpiReadModel.write), so a crash at any point — kill -9 included — loses or repeats
 * nothing. A rebuild folds the ledger from position 1 into a new generation beside the live one and,
 * once it has caught up, swaps it in, so queries are answered throughout.
 */
@Injectable()
export class ProjectionRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Projections');
  private readonly lock: LeaderLock;
  private live: FactsCache | undefined;
  private rebuild: { row: RebuildEntity; cache: FactsCache } | undefined;
  private readonly prefetched = new Map<number, { from: number; events: Promise<RecordedEvent[]> }>();
  /** Leader only: the position up to which the live facts in memory are complete and committed. */
  private applied = 0;
  private stopped = false;
  private loopDone: Promise<void> = Promise.resolve();
  private wakeUp: () => void = () => undefined;
  private unsubscribe: () => void = () => undefined;
  lastError: string | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: DatabaseConfig,
    private readonly readModel: KpiReadModel,
    private readonly rebuilds: Rebuilds,
  ) {
    this.lock = new LeaderLock(config.databaseUrl);
  }

  get leader(): boolean {
    return this.lock.held;
  }

  onApplicationBootstrap(): void {
    if (!this.config.projectionsEnabled) return;
    const appended = (this.store as { onAppended?: (l: () => void) => () => void }).onAppended;
    if (appended) this.unsubscribe = appended.call(this.store, () => this.wakeUp());
    this.loopDone = this.loop();
  }

  /** Before any module's onApplicationShutdown, so the last step finishes while its connections are open. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    this.wakeUp();
    await this.loopDone;
    await this.lock.release();
  }

  /**
   * The live facts of a partnership when this process is the leader and holds them: then nothing newer
   * can be committed elsewhere, so they need no check against the database.
   */
  leaderFacts(partnershipId: string): KpiFacts | undefined {
    return this.lock.held && !this.rebuild ? this.live?.get(partnershipId) : undefined;
  }

  /**
   * For readers in this process: the position the live read model has reached *and* this process's
   * memory reflects (undefined when another process leads). Waiting on it, not on the stored checkpoint,
   * is what makes minPosition a read-your-writes guarantee for leaderFacts.
   */
  readerPosition(): number | undefined {
    return this.lock.held && !this.rebuild && this.live ? this.applied : undefined;
  }

  /** Committed facts of the live generation this process holds, if any. */
  cached(generation: number, partnershipId: string): KpiFacts | undefined {
    return this.live?.generation === generation ? this.live.get(partnershipId) : undefined;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        if (!(await this.lock.tryAcquire())) {
          await this.idle(2_000);
          continue;
        }
        const worked = await this.step();
        this.lastError = undefined;
        if (worked === 'none') await this.idle(200);
        // Under a steady trickle of appends, stepping at once would commit a few events per transaction;
        // a short pause lets them gather, so the read model costs one transaction per batch, not per event.
        else if (worked === 'partial') await this.pause(COALESCE_MS);
      } catch (error) {
        this.lastError = error instanceof Error ? error.message : String(error);
        this.logger.error({ err: error }, `projection step failed: ${this.lastError}`);
        if (error instanceof CheckpointMoved) this.lock.lost();
        this.live = undefined;
        this.applied = 0;
        this.rebuild = undefined;
        this.prefetched.clear();
        await this.idle(1_000);
      }
    }
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** What one step did: nothing, a partial batch (caught up), or a full one (more may be waiting). */
  private async step(): Promise<'none' | 'partial' | 'full'> {
    const generation = await this.readModel.activeGeneration();
    if (this.live?.generation !== generation) this.live = new FactsCache(generation, this.config.factsCacheEvents);
    const open = await this.rebuilds.open();
    const rebuilt = open ? await this.rebuildStep(open, generation) : false;
    const applied = await this.apply(this.live, this.config.projectionBatchSize, this.config.projectionCommitDelayMs);
    if (rebuilt || applied >= this.config.projectionBatchSize) return 'full';
    return applied > 0 ? 'partial' : 'none';
  }

  /** Applies the next batch of events to one generation; returns how many. */
  private async apply(cache: FactsCache, limit: number, delayMs: number): Promise<number> {
    const from = await this.readModel.checkpoint(cache.generation);
    const live = cache === this.live;
    if (live) this.applied = Math.max(this.applied, from);
    const events = await this.read(cache.generation, from + 1, limit);
    if (events.length === 0) return 0;
    const base = await this.currentFacts(cache, events);
    const batch = foldBatch(events, (pid) => base.get(pid)!.facts);
    const to = events.at(-1)!.position;
    if (events.length === limit) this.prefetch(cache.generation, to + 1, limit);
    await this.readModel.write(cache.generation, batch.changes, from, to, delayMs);
    for (const [pid, facts] of batch.facts) if (base.get(pid)!.whole) cache.set(pid, facts);
    if (live) this.applied = to;
    return events.length;
  }

  /** The events from a position: the prefetched read when one was started there, else a fresh read. */
  private read(generation: number, from: number, limit: number): Promise<RecordedEvent[]> {
    const ahead = this.prefetched.get(generation);
    this.prefetched.delete(generation);
    return ahead?.from === from ? ahead.events : this.store.readAll({ fromPosition: from, limit });
  }

  /**
   * After a full batch more are likely waiting: the next read starts while this batch is written, so
   * catch-up and rebuilds keep the database and the fold busy at once. Reading ahead changes nothing
   * that is committed; a failed read fails the step that consumes it, like any read.
   */
  private prefetch(generation: number, from: number, limit: number): void {
    this.prefetched.set(generation, { from, events: observed(this.store.readAll({ fromPosition: from, limit })) });
  }

  private async currentFacts(cache: FactsCache, events: readonly RecordedEvent[]): Promise<Map<string, ToFold>> {
    const byPartnership = new Map<string, RecordedEvent[]>();
    for (const e of events) {
      const own = byPartnership.get(e.streamId);
      if (own) own.push(e);
      else byPartnership.set(e.streamId, [e]);
    }
    const base = new Map<string, ToFold>();
    for (const [pid, own] of byPartnership) base.set(pid, await this.factsToFold(cache, pid, own));
    return base;
  }

  /**
   * The facts to fold a partnership's events into. Held ones are whole. Otherwise only the rows these
   * events read are fetched (a partnership the cache cannot hold would else be read back whole, at a cost
   * that grows with it, for every batch); a small one is then read whole and kept. Partial facts fold
   * exactly as whole ones (property-tested: factKeysRead) but are never cached: readers are answered
   * from the cache.
   */
  private async factsToFold(cache: FactsCache, pid: string, events: readonly RecordedEvent[]): Promise<ToFold> {
    const held = cache.get(pid);
    if (held) return { facts: held, whole: true };
    const some = await this.readModel.loadFactsFor(cache.generation, pid, events.map(kpiEventOf));
    if (some.events === 0) return { facts: some, whole: true }; // nothing stored yet: that is all of them
    if (some.events <= cache.budget / SMALL_SHARE) return { facts: await this.readModel.loadFacts(cache.generation, pid), whole: true };
    return { facts: some, whole: false };
  }

  private async rebuildStep(open: RebuildEntity, activeGeneration: number): Promise<boolean> {
    if (open.state === 'requested' || this.rebuild?.row.rebuildId !== open.rebuildId) {
      // The live cache keeps serving beside the rebuild's, so the two share the budget.
      this.rebuild = { row: open, cache: new FactsCache(await this.startRebuild(open, activeGeneration), this.config.factsCacheEvents / 2) };
    }
    const { row, cache } = this.rebuild!;
    const live = await this.readModel.checkpoint(activeGeneration);
    const reached = await this.readModel.checkpoint(cache.generation);
    if (reached >= live) {
      await this.swap(row, activeGeneration, cache.generation, reached);
      this.live = cache;
      this.applied = reached;
      this.rebuild = undefined;
      this.logger.log(`rebuild ${row.rebuildId} complete at position ${reached}; generation ${cache.generation} is live`);
      return true;
    }
    const applied = await this.apply(cache, REBUILD_BATCH, 0);
    await this.rebuilds.update(row.rebuildId, { processed: reached + applied, total: await this.store.headPosition() });
    return true;
  }

  /** Starts a requested rebuild in a fresh generation, or resumes a running one where it stopped. */
  private async startRebuild(open: RebuildEntity, activeGeneration: number): Promise<number> {
    if (open.state === 'running' && open.generation !== null) return open.generation;
    const generation = activeGeneration + 1;
    const total = await this.store.headPosition();
    await this.readModel.db.transaction(async (tx) => {
      await tx.query('DELETE FROM kpi_facts WHERE generation = $1', [generation]);
      await tx.query(
        `INSERT INTO projection_checkpoints (name, generation, position) VALUES ($1, $2, 0)
         ON CONFLICT (name, generation) DO UPDATE SET position = 0, updated_at = now()`,
        [open.name, generation],
      );
      await tx.query(`UPDATE projection_rebuilds SET state = 'running', generation = $2, started_at = now(), total = $3 WHERE rebuild_id = $1`, [open.rebuildId, generation, total]);
    });
    this.logger.log(`rebuild ${open.rebuildId} started in generation ${generation} (${total} events)`);
    return generation;
  }

  private async swap(row: RebuildEntity, oldGeneration: number, newGeneration: number, reached: number): Promise<void> {
    await this.readModel.db.transaction(async (tx) => {
      await tx.query('UPDATE projections SET active_generation = $2 WHERE name = $1', [row.name, newGeneration]);
      await tx.query('DELETE FROM kpi_facts WHERE generation = $1', [oldGeneration]);
      await tx.query('DELETE FROM projection_checkpoints WHERE name = $1 AND generation = $2', [row.name, oldGeneration]);
      await tx.query(
        `UPDATE projection_rebuilds SET state = 'completed', finished_at = now(), processed = $2, total = $2 WHERE rebuild_id = $1`,
        [row.rebuildId, reached],
      );
    });
  }
}
