import { Inject, Injectable } from '@nestjs/common';
import { KPI_CATALOGUE, KpiCategory, NotFound, ValidationFailed } from '@ledger/domain';
import { EventStore } from '@ledger/event-store';
import { KpiSnapshot, PeriodKind, View, computeSnapshot, periodOf, pooledView, replayKpis, snapshotOfView, viewFor } from '@ledger/kpis';
import { Caller } from '../auth/caller';
import { OneAtATime } from '../common/one-at-a-time';
import { assertPositionReached } from '../common/positions';
import { LedgerConfig } from '../config/config';
import { EVENT_STORE, LEDGER_CONFIG } from '../config/tokens';
import { PartnershipAccess } from '../partnerships/partnership-access';
import { ProjectionStatus } from '../projections/projection-status';
import { KpiFactsService } from './kpi-facts.service';
import { SnapshotReuse } from './snapshot-reuse';
import { KpisQuery, PortfolioDto, PortfolioItemDto, SeriesDto, SeriesQuery } from './kpis.dto';

const MAX_SERIES_POINTS = 600;

/**
 * KPI answers. Current figures come from the read model (facts computed at any asOf); a past ledger
 * position (`atPosition`) replays the partnership's events up to it through the same pure code, so both
 * paths give the same snapshotHash for the same events.
 */
@Injectable()
export class KpiQueries {
  private readonly portfolios = new OneAtATime();
  private readonly recent: SnapshotReuse;

  constructor(
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly access: PartnershipAccess,
    private readonly facts: KpiFactsService,
    private readonly projections: ProjectionStatus,
  ) {
    this.recent = new SnapshotReuse(config.kpiReuseMs);
  }

  async snapshot(caller: Caller, partnershipId: string, query: KpisQuery, now: Date): Promise<KpiSnapshot> {
    const profile = await this.access.profile(caller, partnershipId);
    if (query.minPosition !== undefined) await this.projections.waitFor(query.minPosition, 'minPosition');
    const request = {
      partnershipId,
      currency: profile.currency,
      asOf: query.asOf ?? now.toISOString(),
      ...(query.category ? { categories: [query.category] } : {}),
    };
    if (query.atPosition !== undefined) {
      await assertPositionReached(this.store, query.atPosition, 'atPosition');
      const events = await this.facts.eventsUpTo(partnershipId, query.atPosition);
      return replayKpis(events, { ...request, atPosition: query.atPosition });
    }
    const facts = await this.facts.current(partnershipId);
    // From here to keep() nothing is awaited: concurrent readers of one partnership compute it once.
    const key = { partnershipId, position: facts.position, currency: profile.currency, category: query.category };
    const reused = this.recent.find(key, Date.parse(request.asOf), query.asOf === undefined);
    if (reused) return reused;
    const snapshot = computeSnapshot(facts, { ...request, position: facts.position });
    this.recent.keep(key, snapshot);
    return snapshot;
  }

  async series(caller: Caller, partnershipId: string, kpiId: string, query: SeriesQuery, now: Date): Promise<SeriesDto> {
    const profile = await this.access.profile(caller, partnershipId);
    const def = KPI_CATALOGUE.find((k) => k.kpiId === kpiId);
    if (!def) throw new NotFound('kpi_not_found', `there is no KPI ${kpiId} in the catalogue (GET /v1/kpi-catalogue)`);
    const kind: PeriodKind = query.period ?? 'month';
    const from = Date.parse(query.from ?? profile.startedAt);
    const to = Date.parse(query.to ?? now.toISOString());
    if (from > to) throw new ValidationFailed([{ path: 'from', message: 'must not be after to' }]);
    const facts = await this.facts.current(partnershipId);
    const items: SeriesDto['items'] = [];
    for (let p = periodOf(kind, from); p.start <= to; p = periodOf(kind, p.end + 1)) {
      if (items.length >= MAX_SERIES_POINTS) {
        throw new ValidationFailed([{ path: 'from', message: `the range holds more than ${MAX_SERIES_POINTS} ${kind}s; narrow from/to or use a longer period` }]);
      }
      const asOf = new Date(Math.min(p.end, to)).toISOString();
      const snap = computeSnapshot(facts, { partnershipId, currency: profile.currency, asOf, position: facts.position, period: p, categories: [def.category] });
      const value = snap.categories[def.category]!.find((k) => k.kpiId === kpiId)!.value;
      items.push({ periodStart: new Date(p.start).toISOString(), periodEnd: new Date(p.end).toISOString(), value });
    }
    return { kpiId, period: kind, items };
  }

  /**
   * Every visible partnership's KPIs, and program totals per currency over the pooled views (each
   * partnership's facts as they stood at asOf: its deals, milestones, escalations and records). A
   * partnership's facts are let go of once its view is taken, so the process holds those views, not
   * every partnership's fact maps. One at a time per process all the same: a portfolio of a million
   * events still holds them all once. Requests that wait share the next run when they ask the same
   * (visibility, category, asOf); without asOf that run's start is "now", which is after each of them
   * arrived, so none is answered with older figures than it would be alone.
   */
  portfolio(caller: Caller, category: KpiCategory | undefined, asOf: string | undefined) {
    const key = JSON.stringify([caller.role === 'partner' ? caller.orgId : '*', category ?? null, asOf ?? null]);
    return this.portfolios.shared(key, () => this.computePortfolio(caller, category, asOf ?? new Date().toISOString()));
  }

  private async computePortfolio(
    caller: Caller,
    category: KpiCategory | undefined,
    asOf: string,
  ): Promise<PortfolioDto> {
    const categories = category ? { categories: [category] } : {};
    const items: PortfolioItemDto[] = [];
    const programs = new Map<string, { views: View[]; position: number }>();
    for (const { streamId } of await this.store.listStreams()) {
      const profile = await this.access.profile(caller, streamId).catch((error: unknown) => {
        if (error instanceof NotFound) return undefined; // not visible to this caller
        throw error;
      });
      if (!profile) continue;
      const facts = await this.facts.current(streamId);
      const request = { partnershipId: streamId, currency: profile.currency, asOf, position: facts.position, ...categories };
      const view = viewFor(facts, request);
      const snap = snapshotOfView(view, request);
      items.push({ ...snap, name: profile.name, status: facts.ended && facts.ended.at <= Date.parse(asOf) ? 'ended' : 'active' });
      const program = programs.get(profile.currency) ?? { views: [], position: 0 };
      program.views.push(view);
      program.position = Math.max(program.position, facts.position);
      programs.set(profile.currency, program);
    }
    const totals = [...programs].map(([currency, { views, position }]) => {
      const snap = snapshotOfView(pooledView(views), { partnershipId: 'program', currency, asOf, position, ...categories });
      return { currency, partnerships: views.length, categories: snap.categories };
    });
    return { asOf: new Date(Date.parse(asOf)).toISOString(), items, totals };
  }
}
