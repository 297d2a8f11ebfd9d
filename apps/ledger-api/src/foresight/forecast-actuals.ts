import { Injectable } from '@nestjs/common';
import { DomainEventOf, NotFound } from '@ledger/domain';
import { KpiFacts, KpiNumber, Period, endedPeriods, judgeForecast } from '@ledger/kpis';
import { KpiQueries } from '../kpis/kpi-queries';
import { RecordedForecastDto } from './forecasts.dto';

type Recorded = DomainEventOf<'forecast.recorded'> & { readonly position?: number };

export interface JudgeRequest {
  readonly partnershipId: string;
  readonly currency: string;
  /** Business time (ms): forecasts made after it are not listed; periods ended by it are judged. */
  readonly asOf: number;
}

/**
 * The recorded forecasts of a partnership's facts, each beside its actuals: the KPI's `window=period`
 * value of every period that has ended by asOf, computed by the series route's code (KpiQueries.seriesOf).
 *
 * Guarantees: one series per (KPI, period kind) over every ended period that any forecast names, so a
 * list of many forecasts of one KPI costs one series; a KPI that no longer has a definition (a custom KPI
 * a later charter dropped) has null actuals rather than failing the list.
 */
@Injectable()
export class ForecastActuals {
  constructor(private readonly kpis: KpiQueries) {}

  async judge(facts: KpiFacts, request: JudgeRequest): Promise<RecordedForecastDto[]> {
    const recorded = facts.governance.filter(
      (e): e is Recorded => e.type === 'forecast.recorded' && Date.parse(e.data.asOf) <= request.asOf,
    );
    const actuals = await this.actualsOf(facts, request, recorded);
    return recorded.map((e) => {
      const { data } = e;
      const ended = new Set(endedPeriods(data.period, starts(e), request.asOf).map((p) => p.start));
      const actualOf = (periodStart: string): KpiNumber | undefined =>
        ended.has(Date.parse(periodStart))
          ? (actuals.get(key(data.kpiId, data.period, Date.parse(periodStart))) ?? null)
          : undefined;
      const { points, accuracy } = judgeForecast(data.points, actualOf);
      return {
        ...data,
        eventId: e.eventId,
        position: e.position!,
        recordedBy: e.recordedBy,
        points,
        accuracy,
      };
    });
  }

  /** The actuals by (KPI, period kind, period start). */
  private async actualsOf(facts: KpiFacts, request: JudgeRequest, recorded: readonly Recorded[]) {
    const wanted = new Map<string, { kpiId: string; periods: Map<number, Period> }>();
    for (const e of recorded) {
      const group = `${e.data.kpiId}|${e.data.period}`;
      const entry = wanted.get(group) ?? { kpiId: e.data.kpiId, periods: new Map<number, Period>() };
      for (const p of endedPeriods(e.data.period, starts(e), request.asOf)) entry.periods.set(p.start, p);
      wanted.set(group, entry);
    }
    const actuals = new Map<string, KpiNumber>();
    for (const { kpiId, periods } of wanted.values()) {
      const sorted = [...periods.values()].sort((a, b) => a.start - b.start);
      if (sorted.length === 0) continue;
      const { partnershipId, currency, asOf } = request;
      const task = { partnershipId, currency, kpiId, periods: sorted, to: asOf, window: 'period' as const };
      const points = await this.kpis.seriesOf(facts, task).catch((error: unknown) => {
        if (error instanceof NotFound) return []; // no definition any more: the actuals stay null
        throw error;
      });
      for (const p of points) actuals.set(key(kpiId, sorted[0].kind, Date.parse(p.periodStart)), p.value);
    }
    return actuals;
  }
}

const starts = (e: Recorded) => e.data.points.map((p) => p.periodStart);
const key = (kpiId: string, kind: string, start: number) => `${kpiId}|${kind}|${start}`;
