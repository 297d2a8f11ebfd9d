import { RecordedEvent } from '@ledger/event-store';
import { KpiFacts, MonthValueCache, kpiEventOf } from '@ledger/kpis';
import { LRUCache } from 'lru-cache';
import { ProjectionStore } from '@ledger/projections';
import { FactsCache } from '../read-model/facts-cache';
import { ReadModelStore } from '../read-model/read-model-store';
import { AlertStep } from './alert-step';
import { foldBatch } from './batch';

/** Partnerships whose anomaly month figures are kept between closes (a few KiB each). */
const MONTH_CACHES = 1_000;

/** A partnership with facts of at most this share of the cache's budget is read back whole and kept. */
const SMALL_SHARE = 8;

/** A partnership's facts to fold a batch into: whole, or only the rows the batch reads. */
interface ToFold {
  readonly facts: KpiFacts;
  readonly whole: boolean;
}

export interface GenerationOptions {
  readonly batchSize: number;
  /** Diagnostics: hold each transaction open this long (crash tests). */
  readonly delayMs: number;
  /** Fold alerts beside the facts (LEDGER_ALERT_UPKEEP; off only to measure their cost). */
  readonly alerts: boolean;
  /** Called after each committed batch with the position reached (a rebuild's progress). */
  readonly committed?: (to: number) => Promise<void>;
}

/**
 * One generation of the KPI read model as a ProjectionStore: folds a batch into the partnerships' facts
 * and has ReadModelStore write the changes with the checkpoint, in one transaction.
 *
 * Guarantees: the cache receives facts only after their batch committed, and only whole ones; so what it
 * holds is what is stored (this process being the only writer while it holds the lease).
 */
export class KpiGeneration implements ProjectionStore<RecordedEvent> {
  readonly key: string;
  readonly batchSize: number;
  private readonly months = new LRUCache<string, MonthValueCache>({ max: MONTH_CACHES });

  constructor(
    readonly generation: number,
    readonly cache: FactsCache,
    private readonly readModel: ReadModelStore,
    private readonly options: GenerationOptions,
  ) {
    this.key = `generation ${generation}`;
    this.batchSize = options.batchSize;
  }

  checkpoint(): Promise<number> {
    return this.readModel.checkpoint(this.generation);
  }

  async writeBatch(
    events: readonly RecordedEvent[],
    checkpoint: { from: number; to: number },
  ): Promise<void> {
    const pids = [...new Set(events.map((e) => e.streamId))];
    try {
      await this.fold(events, checkpoint, pids);
    } catch (error) {
      // The month caches were told of events that did not commit: start them afresh.
      for (const pid of pids) this.months.delete(pid);
      throw error;
    }
    await this.options.committed?.(checkpoint.to);
  }

  /** The month-figure cache of a partnership's alert closes (see MonthValueCache). */
  monthsOf(partnershipId: string): MonthValueCache {
    let months = this.months.get(partnershipId);
    if (!months) this.months.set(partnershipId, (months = new MonthValueCache()));
    return months;
  }

  private async fold(
    events: readonly RecordedEvent[],
    checkpoint: { from: number; to: number },
    pids: readonly string[],
  ): Promise<void> {
    const states = this.options.alerts ? await this.readModel.alertStates(this.generation, pids) : undefined;
    const alerts = new AlertStep(states, (pid) => this.monthsOf(pid));
    const base = await this.currentFacts(events, alerts);
    const batch = foldBatch(
      events,
      (pid) => base.get(pid)!.facts,
      (e, before, after) => alerts.fold(e, before, after),
    );
    await this.readModel.write(
      this.generation,
      { changes: batch.changes, ...checkpoint, ...(states ? { alerts: alerts.result() } : {}) },
      this.options.delayMs,
    );
    for (const [pid, facts] of batch.facts) if (base.get(pid)!.whole) this.cache.set(pid, facts);
  }

  private async currentFacts(
    events: readonly RecordedEvent[],
    alerts: AlertStep,
  ): Promise<Map<string, ToFold>> {
    const byPartnership = new Map<string, RecordedEvent[]>();
    for (const e of events) {
      const own = byPartnership.get(e.streamId);
      if (own) own.push(e);
      else byPartnership.set(e.streamId, [e]);
    }
    const base = new Map<string, ToFold>();
    for (const [pid, own] of byPartnership) {
      base.set(pid, await this.factsToFold(pid, own, alerts.needsWhole(pid, own)));
    }
    return base;
  }

  /**
   * The facts to fold a partnership's events into. Held ones are whole. Otherwise only the rows these
   * events read are fetched (a partnership the cache cannot hold would else be read back whole, at a cost
   * that grows with it, for every batch); a small one is then read whole and kept. Partial facts fold
   * exactly as whole ones (property-tested: factKeysRead) but are never cached: readers use the cache.
   * A batch that runs a month close of the partnership's alerts reads it whole (`whole`).
   */
  private async factsToFold(pid: string, events: readonly RecordedEvent[], whole: boolean): Promise<ToFold> {
    const held = this.cache.get(pid);
    if (held) return { facts: held, whole: true };
    if (whole) return { facts: await this.readModel.loadFacts(this.generation, pid), whole: true };
    const some = await this.readModel.loadFactsFor(this.generation, pid, events.map(kpiEventOf));
    if (some.events === 0) return { facts: some, whole: true }; // nothing stored yet: that is all of them
    if (some.events <= this.cache.budget / SMALL_SHARE) {
      return { facts: await this.readModel.loadFacts(this.generation, pid), whole: true };
    }
    return { facts: some, whole: false };
  }
}
