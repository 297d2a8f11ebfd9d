import { Inject, Injectable } from '@nestjs/common';
import { KpiCategory, NotFound, ValidationFailed } from '@ledger/domain';
import { EventStore } from '@ledger/event-store';
import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  Forecast,
  KpiFacts,
  KpiSnapshot,
  Period,
  PeriodKind,
  SEASON,
  SeriesPoint,
  SeriesTask,
  checkQuestion,
  computeSnapshot,
  foldFacts,
  forecastOfSeries,
  historyPeriods,
  kpiEventOf,
  periodOf,
  seriesKpi,
  viewFor,
} from '@ledger/kpis';
import { Caller } from '../auth/caller';
import { OneAtATime } from '../common/one-at-a-time';
import { assertPositionReached } from '../common/positions';
import { LedgerConfig } from '../config/config';
import { EVENT_STORE, LEDGER_CONFIG } from '../config/tokens';
import { ExpensiveReads } from './expensive-reads';
import { PartnershipAccess } from '../partnerships/partnership-access';
import { KPI_FACTS, KpiFactsSource } from '../read-model/kpi-facts-source';
import { HistoryReuse } from './history-reuse';
import { PastEvents } from './past-events';
import { SnapshotReuse } from './snapshot-reuse';
import { WhatIfs } from './what-if';
import { ForecastQuery } from './forecast.dto';
import { KpisQuery, PortfolioDto, SeriesDto, SeriesQuery } from './kpis.dto';
import { PortfolioPart } from './workers/kpi-tasks';
import { KpiWorkers } from './workers/kpi-workers';

const MAX_SERIES_POINTS = 600;

/**
 * KPI answers. Current figures come from the read model (facts computed at any asOf); a past ledger
 * position (`atPosition`) replays the partnership's events up to it through the same pure code, so both
 * paths give the same snapshotHash for the same events. Replays, series and portfolios are computed by
 * KpiWorkers (off the event loop) and admitted per kind up to a limit (Admission: past it 429).
 */
@Injectable()
export class KpiQueries {
  private readonly portfolios = new OneAtATime();
  private readonly recent: SnapshotReuse;
  private readonly histories = new HistoryReuse();

  constructor(
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly access: PartnershipAccess,
    @Inject(KPI_FACTS) private readonly facts: KpiFactsSource,
    private readonly past: PastEvents,
    private readonly workers: KpiWorkers,
    private readonly whatIfs: WhatIfs,
    private readonly limits: ExpensiveReads,
  ) {
    this.recent = new SnapshotReuse(config.kpiReuseMs);
  }

  async snapshot(caller: Caller, partnershipId: string, query: KpisQuery, now: Date): Promise<KpiSnapshot> {
    const profile = await this.access.profile(caller, partnershipId);
    if (query.minPosition !== undefined) await this.facts.waitFor(query.minPosition, 'minPosition');
    const atPosition = query.atPosition;
    const whatIf = await this.whatIfs.resolve(caller, partnershipId, query.proposal, atPosition);
    const request = {
      partnershipId,
      currency: profile.currency,
      asOf: query.asOf ?? now.toISOString(),
      ...(query.category ? { categories: [query.category] } : {}),
      ...(whatIf ? { whatIf } : {}),
    };
    if (atPosition !== undefined) {
      await assertPositionReached(this.store, atPosition, 'atPosition');
      return this.limits.replays.run(async () => {
        const events = await this.past.upTo(partnershipId, atPosition);
        return this.workers.replay(events.map(kpiEventOf), { ...request, atPosition });
      });
    }
    const facts = await this.facts.current(partnershipId);
    if (whatIf) return computeSnapshot(facts, { ...request, position: facts.position }); // never reused
    // From here to keep() nothing is awaited: concurrent readers of one partnership compute it once.
    const key = {
      partnershipId,
      position: facts.position,
      currency: profile.currency,
      category: query.category,
    };
    const reused = this.recent.find(key, Date.parse(request.asOf), query.asOf === undefined);
    if (reused) return reused;
    const snapshot = computeSnapshot(facts, { ...request, position: facts.position });
    this.recent.keep(key, snapshot);
    return snapshot;
  }

  async series(
    caller: Caller,
    partnershipId: string,
    kpiId: string,
    query: SeriesQuery,
    now: Date,
  ): Promise<SeriesDto> {
    const profile = await this.access.profile(caller, partnershipId);
    const marked = await this.whatIfs.proposal(caller, partnershipId, query.proposal);
    const whatIf = marked?.proposalId;
    const kind: PeriodKind = query.period ?? 'month';
    const from = Date.parse(query.from ?? profile.startedAt);
    const to = Date.parse(query.to ?? now.toISOString());
    if (from > to) throw new ValidationFailed([{ path: 'from', message: 'must not be after to' }]);
    const facts = await this.factsAt(partnershipId, query.atPosition);
    const periods = periodsOf(kind, from, to);
    const window = query.window ?? 'cumulative';
    const task = { partnershipId, currency: profile.currency, kpiId, periods, to, window, whatIf };
    const items = await this.seriesOf(facts, task);
    // A what-if series is marked like a what-if snapshot (API.md): the proposal and its definitionHash.
    const whatIfMarks = marked
      ? { whatIf: marked, charter: { version: null, definitionHash: marked.definitionHash } }
      : {};
    return { kpiId, period: kind, items, ...whatIfMarks };
  }

  /**
   * A KPI's forecast (API.md, "Forecasts and scenarios") over its history: the `window=period` series of
   * the complete periods up to asOf (historyPeriods), computed as the series route computes its points.
   * Constraints: period, method and horizon are checked before anything is read (400); an unknown kpiId
   * is a 404 as for the series; too few points for the method a 400 (`history`).
   */
  async forecast(
    caller: Caller,
    partnershipId: string,
    kpiId: string,
    query: ForecastQuery,
    now: Date,
  ): Promise<Forecast> {
    const period = query.period ?? 'month';
    const question = {
      kpiId,
      period,
      method: query.method ?? 'auto',
      horizon: query.horizon ?? SEASON[period],
    };
    checkQuestion(question);
    const profile = await this.access.profile(caller, partnershipId);
    if (query.minPosition !== undefined) await this.facts.waitFor(query.minPosition, 'minPosition');
    const facts = await this.factsAt(partnershipId, query.atPosition);
    const asOf = Date.parse(query.asOf ?? now.toISOString());
    const periods = historyPeriods(period, facts.profile?.startedAt ?? null, asOf);
    const task = { partnershipId, currency: profile.currency, kpiId, periods, to: asOf };
    const items = await this.seriesOf(facts, { ...task, window: 'period' }, this.histories);
    return forecastOfSeries(question, items);
  }

  /**
   * The points of a series (both routes): the KPI's definition at the series' end (404 without one), then
   * the points by a KPI worker, admitted up to LEDGER_KPI_SERIES_LIMIT; or, for a forecast's history,
   * those computed before from the same facts (HistoryReuse). The recorded forecasts' actuals too.
   */
  async seriesOf(
    facts: KpiFacts,
    task: Omit<SeriesTask, 'category' | 'whatIf'> & { readonly whatIf?: string | undefined },
    reuse?: HistoryReuse,
  ): Promise<SeriesPoint[]> {
    const { whatIf, ...rest } = task;
    const def = definitionOf(facts, task.kpiId, task.to, whatIf);
    if (task.periods.length === 0) return [];
    const full = { ...rest, category: def.category, ...(whatIf ? { whatIf } : {}) };
    const compute = () => this.limits.series.run(() => this.workers.series(facts, full));
    return reuse ? reuse.points(facts, full, compute) : compute();
  }

  /**
   * The partnership's facts: the read model's, or, at a past ledger position, folded from its events up to
   * it by the same pure fold (one replay slot, as for a snapshot at atPosition). Scenarios read them too.
   */
  async factsAt(partnershipId: string, atPosition: number | undefined): Promise<KpiFacts> {
    if (atPosition === undefined) return this.facts.current(partnershipId);
    await assertPositionReached(this.store, atPosition, 'atPosition');
    return this.limits.replays.run(async () => {
      const events = await this.past.upTo(partnershipId, atPosition);
      return foldFacts(events.map(kpiEventOf));
    });
  }

  /**
   * Every visible partnership's KPIs, and program totals per currency over the pooled views (each
   * partnership's facts as they stood at asOf: its deals, milestones, escalations and records). A
   * partnership's facts are let go of once its view is taken, so the process holds those views, not
   * every partnership's fact maps. One at a time per process all the same: a portfolio of a million
   * events still holds them all once. Requests that wait share the next run when they ask the same
   * (visibility, category, asOf); without asOf that run's start is "now", which is after each of them
   * arrived, so none is answered with older figures than it would be alone. At most
   * LEDGER_KPI_PORTFOLIO_LIMIT requests that each add a run are in flight; past it 429.
   */
  portfolio(caller: Caller, category: KpiCategory | undefined, asOf: string | undefined) {
    const key = JSON.stringify([
      caller.role === 'partner' ? caller.orgId : '*',
      category ?? null,
      asOf ?? null,
    ]);
    const compute = () => this.computePortfolio(caller, category, asOf ?? new Date().toISOString());
    const run = () => this.portfolios.shared(key, compute);
    // Joining a waiting run costs nothing more: only requests that add a run count against the limit.
    return this.portfolios.joins(key) ? run() : this.limits.portfolios.run(run);
  }

  /**
   * Each visible partnership's view at asOf, one per turn of the event loop (a view costs time in proportion
   * to its partnership), then the snapshots and totals by KpiWorkers.
   */
  private async computePortfolio(
    caller: Caller,
    category: KpiCategory | undefined,
    asOf: string,
  ): Promise<PortfolioDto> {
    const categories = category ? { categories: [category] } : {};
    const parts: PortfolioPart[] = [];
    for (const { streamId } of await this.store.listStreams()) {
      const profile = await this.access.profile(caller, streamId).catch((error: unknown) => {
        if (error instanceof NotFound) return undefined; // not visible to this caller
        throw error;
      });
      if (!profile) continue;
      const facts = await this.facts.current(streamId);
      const request = {
        partnershipId: streamId,
        currency: profile.currency,
        asOf,
        position: facts.position,
        ...categories,
      };
      const status = facts.ended && facts.ended.at <= Date.parse(asOf) ? 'ended' : 'active';
      parts.push({ view: viewFor(facts, request), request, name: profile.name, status });
      await nextTurn();
    }
    return this.workers.portfolio(parts, asOf, category ? [category] : undefined);
  }
}

/**
 * A KPI of the catalogue, or a custom KPI of the charter governing the series' end (or of the what-if).
 */
function definitionOf(facts: KpiFacts, kpiId: string, to: number, whatIf?: string) {
  const def = seriesKpi(facts, kpiId, to, whatIf);
  if (def) return def;
  throw new NotFound(
    'kpi_not_found',
    `there is no KPI ${kpiId} in the catalogue (GET /v1/kpi-catalogue) or the charter's customKpis`,
  );
}

/**
 * The periods of a series from `from` to `to`, refused past MAX_SERIES_POINTS before anything is computed.
 */
function periodsOf(kind: PeriodKind, from: number, to: number): Period[] {
  const periods: Period[] = [];
  for (let p = periodOf(kind, from); p.start <= to; p = periodOf(kind, p.end + 1)) {
    if (periods.length >= MAX_SERIES_POINTS) {
      const message =
        `the range holds more than ${MAX_SERIES_POINTS} ${kind}s; narrow from/to or use a longer ` + `period`;
      throw new ValidationFailed([{ path: 'from', message }]);
    }
    periods.push(p);
  }
  return periods;
}
