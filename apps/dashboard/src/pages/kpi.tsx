import { useMemo, useState } from 'preact/hooks';
import { get } from '../api';
import { Chart, Line } from '../components/chart';
import { DataTable } from '../components/data-table';
import { Pending } from '../components/status';
import { CatalogueEntry, day, figure, KpiValue, plotted, Shown } from '../format';
import { KpiSnapshot, kpiCatalogue, snapshot, valueOf } from '../kpi-answers';
import { samePeriod } from '../quality-grid';
import { Clocks, href } from '../route';
import { Anomaly, dataQuality } from '../trust-answers';
import { useAnswer } from '../use-answer';
import { ForecastSection } from './forecast';

interface Series {
  readonly kpiId: string;
  readonly period: string;
  readonly items: readonly { periodStart: string; periodEnd: string; value: number | string | null }[];
}

const PERIODS = ['week', 'month', 'quarter', 'year'] as const;

/** One KPI: its series (period, window), its target as a line, its definition, and the same numbers as a table. */
export function KpiPage({ id, kpiId, clocks }: { id: string; kpiId: string; clocks: Clocks }) {
  const [period, setPeriod] = useState<(typeof PERIODS)[number]>('month');
  const [seriesWindow, setWindow] = useState<'cumulative' | 'period'>('cumulative');
  const context = useAnswer(async () => {
    const [now, catalogue] = await Promise.all([snapshot(id, clocks), kpiCatalogue()]);
    return { now, catalogue };
  }, [id, clocks.asOf, clocks.atPosition]);
  const series = useAnswer(
    () =>
      get<Series>(`/v1/partnerships/${encodeURIComponent(id)}/kpis/${encodeURIComponent(kpiId)}/series`, {
        period,
        window: seriesWindow,
        to: clocks.asOf,
        atPosition: clocks.atPosition,
      }),
    [id, kpiId, period, seriesWindow, clocks.asOf, clocks.atPosition],
  );
  // The anomalies of this KPI, from the data-quality answer under the same clocks.
  const quality = useAnswer(() => dataQuality(id, clocks), [id, clocks.asOf, clocks.atPosition]);
  const anomalies = useMemo(
    () => (quality.state === 'ready' ? quality.data.anomalies.filter((a) => a.kpiId === kpiId) : []),
    [quality, kpiId],
  );
  const value = context.state === 'ready' ? valueOf(context.data.now, kpiId) : undefined;
  const shown: Shown = {
    unit: value?.unit ?? '',
    currency: context.state === 'ready' ? context.data.now.currency : '',
  };
  return (
    <article aria-labelledby="kpi-title">
      <p>
        <a href={href({ page: 'partnership', id, tab: 'kpis' }, clocks)}>← {id}</a>
      </p>
      <Pending answer={context} what="the KPI">
        {({ now, catalogue }) => (
          <Definition entry={catalogue.get(kpiId)} value={valueOf(now, kpiId)} now={now} kpiId={kpiId} />
        )}
      </Pending>
      <form class="controls" aria-label="Series" onSubmit={(e) => e.preventDefault()}>
        <label>
          Period
          <select
            name="period"
            value={period}
            onChange={(e) => setPeriod((e.target as HTMLSelectElement).value as typeof period)}
          >
            {PERIODS.map((p) => (
              <option value={p}>{p}</option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>Window</legend>
          {(['cumulative', 'period'] as const).map((w) => (
            <label>
              <input
                type="radio"
                name="window"
                value={w}
                checked={seriesWindow === w}
                onChange={() => setWindow(w)}
              />
              {w === 'cumulative' ? 'Cumulative (value at each period’s end)' : 'Each period on its own'}
            </label>
          ))}
        </fieldset>
      </form>
      <Pending answer={series} what="the series">
        {(data) => <SeriesView series={data} target={value?.target} anomalies={anomalies} {...shown} />}
      </Pending>
      {quality.state === 'error' && <p class="muted">Anomalies cannot be marked: {quality.error.message}</p>}
      <ForecastSection id={id} kpiId={kpiId} clocks={clocks} {...shown} />
    </article>
  );
}

function Definition(props: {
  entry: CatalogueEntry | undefined;
  value: KpiValue | undefined;
  now: KpiSnapshot;
  kpiId: string;
}) {
  const { entry, value, now } = props;
  return (
    <header class="page-head">
      <h1 id="kpi-title">{entry?.name ?? props.kpiId}</h1>
      <p class="figure" data-kpi={props.kpiId} data-value={value?.value ?? ''}>
        {value ? figure(value.value, value.unit, now.currency) : 'not in this partnership’s answer'}
        {value?.target !== undefined ? <span class="muted"> · target {value.target}</span> : null}
      </p>
      {entry ? (
        <dl class="definition">
          <dt>Formula</dt>
          <dd>{entry.formula}</dd>
          <dt>Unit</dt>
          <dd>{entry.unit}</dd>
          <dt>Direction</dt>
          <dd>{entry.direction.replace(/_/g, ' ')}</dd>
          {entry.benchmark && (
            <>
              <dt>Benchmark</dt>
              <dd>{entry.benchmark}</dd>
            </>
          )}
          <dt>From events</dt>
          <dd>{entry.source.join(', ')}</dd>
        </dl>
      ) : (
        <p class="muted">A custom KPI of this partnership’s charter (see the Charter tab).</p>
      )}
    </header>
  );
}

/**
 * Anomalies are found on each month's own figure (API.md): they are marked on monthly views, on the
 * point of the month whatever the window, and named in the table with the figures that flagged them.
 */
function anomalyOf(anomalies: readonly Anomaly[], series: Series, periodStart: string): Anomaly | undefined {
  return series.period === 'month'
    ? anomalies.find((a) => samePeriod(a.periodStart, periodStart))
    : undefined;
}

function SeriesView(props: { series: Series; target?: number; anomalies: readonly Anomaly[] } & Shown) {
  const { series, target, currency, unit, anomalies } = props;
  const times = useMemo(() => series.items.map((p) => Date.parse(p.periodStart)), [series]);
  const lines = useMemo(() => {
    const out: Line[] = [
      { label: series.kpiId, values: series.items.map((p) => plotted(p.value)), colour: '--accent' },
    ];
    if (target !== undefined)
      out.push({ label: 'target', values: series.items.map(() => target), colour: '--bad', dash: true });
    const marks = series.items.map((p) =>
      anomalyOf(anomalies, series, p.periodStart) ? plotted(p.value) : null,
    );
    if (marks.some((m) => m !== null))
      out.push({ label: 'anomaly', values: marks, colour: '--warn', points: true });
    return out;
  }, [series, target, anomalies]);
  const marked = series.items.filter((p) => anomalyOf(anomalies, series, p.periodStart));
  const label =
    `${series.kpiId} by ${series.period}, ${series.items.length} periods` +
    (target !== undefined ? `, target ${target}` : '') +
    (marked.length ? `, ${marked.length} anomalous ${marked.length === 1 ? 'month' : 'months'} marked` : '');
  return (
    <>
      <div data-anomalies={marked.map((p) => p.periodStart).join(' ')}>
        <Chart label={label} times={times} lines={lines} />
      </div>
      {series.period !== 'month' && anomalies.length > 0 && (
        <p class="muted" data-anomalies-elsewhere={anomalies.length}>
          {anomalies.length} anomalous {anomalies.length === 1 ? 'month' : 'months'} of this KPI: choose the
          month period to see {anomalies.length === 1 ? 'it' : 'them'} marked.
        </p>
      )}
      <details open={series.items.length <= 24}>
        <summary>Data table</summary>
        <DataTable
          data-series={series.kpiId}
          caption={label}
          columns={[
            { label: 'Period start' },
            { label: 'Value', numeric: true },
            ...(marked.length > 0 ? [{ label: 'Anomaly' }] : []),
          ]}
        >
          {series.items.map((p) => (
            <tr>
              <th scope="row">{day(p.periodStart)}</th>
              <td class="num" data-value={p.value ?? ''}>
                {figure(p.value, unit, currency)}
              </td>
              {marked.length > 0 && (
                <AnomalyCell
                  anomaly={anomalyOf(anomalies, series, p.periodStart)}
                  unit={unit}
                  currency={currency}
                />
              )}
            </tr>
          ))}
        </DataTable>
      </details>
    </>
  );
}

/** The month's own figure (whatever the window) and its median, written as the KPI's values are. */
function AnomalyCell(props: { anomaly: Anomaly | undefined } & Shown) {
  const { anomaly, unit, currency } = props;
  if (!anomaly) return <td />;
  return (
    <td class="anomaly" data-anomaly={anomaly.score}>
      ⚠ out of line: the month’s own figure {figure(anomaly.value, unit, currency)} against a median of{' '}
      {figure(anomaly.median, unit, currency)}, M = {anomaly.score}
    </td>
  );
}
