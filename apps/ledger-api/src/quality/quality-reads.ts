import { Inject, Injectable } from '@nestjs/common';
import { EventStore } from '@ledger/event-store';
import {
  DataQuality,
  KpiFacts,
  KpiNumber,
  KpiRef,
  MonthValueTable,
  MonthValues,
  Period,
  anomalyKpis,
  anomalyMonths,
  dataQuality,
  foldFacts,
  kpiEventOf,
  monthValuesOf,
} from '@ledger/kpis';
import { Caller } from '../auth/caller';
import { assertPositionReached } from '../common/positions';
import { LedgerConfig } from '../config/config';
import { EVENT_STORE, LEDGER_CONFIG } from '../config/tokens';
import { PastEvents } from '../kpis/past-events';
import { AnswerReuse } from '../kpis/snapshot-reuse';
import { KpiWorkers } from '../kpis/workers/kpi-workers';
import { ExpensiveReads } from '../kpis/expensive-reads';
import { PartnershipAccess } from '../partnerships/partnership-access';
import { KPI_FACTS, KpiFactsSource } from '../read-model/kpi-facts-source';
import { IndexedPartnership, QualityIndex } from './quality-index';
import { DataQualityQuery } from './quality.dto';

/**
 * The data-quality answer (API.md, "Data quality"): the pure library's dataQuality over the partnership's
 * KPI facts and its compact events (QualityIndex), both at the same ledger position.
 *
 * Guarantees:
 * - the facts are the read model's (current), or, with atPosition, folded from the partnership's events
 *   up to it by the same pure fold, as KPI answers do; the events are the index's, which the library
 *   cuts at facts.position: the answer is a pure function of the ledger at (asOf, atPosition), the one
 *   `ledger data-quality` computes offline from an export;
 * - the months the anomalies judge are computed off the event loop (KpiWorkers) and kept per partnership
 *   while appends leave them unchanged (MonthValueTable): a new asOf or an event of the current month
 *   costs no series; concurrent requests share one computation of the same months;
 * - an answer is reused for the same question on the same facts like attribution (AnswerReuse: "now"
 *   at most LEDGER_KPI_REUSE_MS old, an explicit asOf exactly).
 * Constraints: replays (atPosition) and month computations are admitted like KPI replays and series
 * (LEDGER_KPI_REPLAY_LIMIT, LEDGER_KPI_SERIES_LIMIT): past them 429.
 */
@Injectable()
export class QualityReads {
  private readonly recent: AnswerReuse<string, DataQuality>;
  private readonly computing = new Map<string, Promise<KpiNumber[][]>>();

  constructor(
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly access: PartnershipAccess,
    @Inject(KPI_FACTS) private readonly facts: KpiFactsSource,
    private readonly past: PastEvents,
    private readonly index: QualityIndex,
    private readonly workers: KpiWorkers,
    private readonly limits: ExpensiveReads,
  ) {
    this.recent = new AnswerReuse(config.kpiReuseMs, (key) => key, 200);
  }

  async answer(caller: Caller, partnershipId: string, q: DataQualityQuery, now: Date): Promise<DataQuality> {
    const { currency } = await this.access.profile(caller, partnershipId);
    if (q.minPosition !== undefined) await this.facts.waitFor(q.minPosition, 'minPosition');
    const facts = await this.factsAt(partnershipId, q.atPosition);
    const indexed = await this.index.upTo(partnershipId, facts.position);
    const asOf = new Date(q.asOf ?? now.toISOString()).toISOString();
    const key = JSON.stringify([partnershipId, facts.position]);
    const reused = this.recent.find(key, Date.parse(asOf), q.asOf === undefined);
    if (reused) return reused;
    const request = { partnershipId, currency, asOf };
    const months = await this.monthValues(indexed, facts, request, q.atPosition === undefined);
    // From here to keep() nothing is awaited.
    const answer = dataQuality(facts, indexed.events, request, months);
    this.recent.keep(key, answer);
    return answer;
  }

  private async factsAt(partnershipId: string, atPosition?: number): Promise<KpiFacts> {
    if (atPosition === undefined) return this.facts.current(partnershipId);
    await assertPositionReached(this.store, atPosition, 'atPosition');
    return this.limits.replays.run(async () =>
      foldFacts((await this.past.upTo(partnershipId, atPosition)).map(kpiEventOf)),
    );
  }

  /**
   * The values of the months the anomalies judge at asOf: those the partnership's table holds at
   * facts.position, the others computed by a worker (and kept when the table still stands there).
   */
  private async monthValues(
    indexed: IndexedPartnership,
    facts: KpiFacts,
    request: { partnershipId: string; currency: string; asOf: string },
    live: boolean,
  ): Promise<MonthValues> {
    const asOf = Date.parse(request.asOf);
    const kpis = anomalyKpis(facts, asOf);
    const months = anomalyMonths(facts.profile?.startedAt ?? null, asOf);
    const table =
      live && indexed.months.advance(indexed.events, facts.position)
        ? indexed.months
        : new MonthValueTable(facts.position);
    const rows = table.lookup(months, kpis);
    const missing = months.filter((m) => !rows.has(m.start));
    if (missing.length > 0) {
      const computed = await this.computed(facts, { ...request, months: missing, kpis });
      missing.forEach((m, i) => rows.set(m.start, computed[i]));
      if (table.position === facts.position) table.keep(missing, kpis, computed);
    }
    const fallback = monthValuesOf(facts, request.partnershipId, request.currency);
    return (month, asked) => (sameKpis(asked, kpis) && rows.get(month.start)) || fallback(month, asked);
  }

  /** The months' values by a worker; concurrent requests for the same months of the same facts share one. */
  private computed(
    facts: KpiFacts,
    task: { partnershipId: string; currency: string; months: Period[]; kpis: KpiRef[] },
  ): Promise<KpiNumber[][]> {
    const { partnershipId, currency, months, kpis } = task;
    const key = JSON.stringify([
      partnershipId,
      facts.position,
      months.map((m) => m.start),
      kpis.map((k) => k.kpiId),
    ]);
    let running = this.computing.get(key);
    if (!running) {
      running = this.limits.series
        .run(() => this.workers.months(facts, { partnershipId, currency, months, kpis }))
        .finally(() => this.computing.delete(key));
      this.computing.set(key, running);
    }
    return running;
  }
}

function sameKpis(a: readonly KpiRef[], b: readonly KpiRef[]): boolean {
  return a.length === b.length && a.every((k, i) => k.kpiId === b[i].kpiId);
}
