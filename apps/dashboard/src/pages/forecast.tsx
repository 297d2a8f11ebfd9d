import { useMemo, useState } from 'preact/hooks';
import { Band, Chart, Line } from '../components/chart';
import { DataTable } from '../components/data-table';
import { Pending } from '../components/status';
import { day, figure, Figure, interval, Shown } from '../format';
import { fanOf, methodText } from '../foresight';
import {
  forecast,
  Forecast,
  FORECAST_METHODS,
  FORECAST_PERIODS,
  ForecastMethod,
  ForecastPeriod,
} from '../foresight-answers';
import { Clocks } from '../route';
import { useAnswer } from '../use-answer';
import { RecordedForecasts } from './forecast-record';

/**
 * A KPI's forecast under the clocks: the history, the point forecast and its 80 % and 95 % intervals as a
 * fan, the method (what `auto` chose) and σ̂, the same numbers as a table, then the forecasts recorded
 * before against what happened. The API's default horizon (a year) is kept: the page asks nothing else.
 */
export function ForecastSection(props: { id: string; kpiId: string; clocks: Clocks } & Shown) {
  const { id, kpiId, clocks } = props;
  const [period, setPeriod] = useState<ForecastPeriod>('month');
  const [method, setMethod] = useState<ForecastMethod>('auto');
  const answer = useAnswer(
    () => forecast(id, kpiId, { period, method }, clocks),
    [id, kpiId, period, method, clocks.asOf, clocks.atPosition],
  );
  const chosen = (e: Event) => (e.target as HTMLSelectElement).value;
  return (
    <section aria-labelledby="forecast-title">
      <h2 id="forecast-title">Forecast</h2>
      <form class="controls" aria-label="Forecast" onSubmit={(e) => e.preventDefault()}>
        <label>
          Forecast by
          <select
            name="forecast-period"
            value={period}
            onChange={(e) => setPeriod(chosen(e) as ForecastPeriod)}
          >
            {FORECAST_PERIODS.map((p) => (
              <option value={p}>{p}</option>
            ))}
          </select>
        </label>
        <label>
          Method
          <select name="method" value={method} onChange={(e) => setMethod(chosen(e) as ForecastMethod)}>
            {FORECAST_METHODS.map((m) => (
              <option value={m}>{m.replace(/_/g, ' ')}</option>
            ))}
          </select>
        </label>
      </form>
      <Pending answer={answer} what="the forecast">
        {(data) => <Fan forecast={data} asked={method} unit={props.unit} currency={props.currency} />}
      </Pending>
      <RecordedForecasts id={id} kpiId={kpiId} clocks={clocks} unit={props.unit} currency={props.currency} />
    </section>
  );
}

const FAN_COLUMNS = [
  { label: 'Period start' },
  { label: 'Kind' },
  { label: 'Value', numeric: true },
  { label: '80 % interval', numeric: true },
  { label: '95 % interval', numeric: true },
];

function Fan({ forecast: f, asked, ...shown }: { forecast: Forecast; asked: string } & Shown) {
  const fan = useMemo(() => fanOf(f), [f]);
  const { lines, bands } = useMemo(() => drawn(fan), [fan]);
  const say = (value: Figure) => figure(value, shown.unit, shown.currency);
  const label =
    `${f.kpiId} forecast by ${f.period}: ${f.history.length} periods of history, ${f.points.length} ahead, ` +
    `with 80 % and 95 % intervals`;
  return (
    <div data-forecast={f.inputHash} data-method={f.method}>
      <dl class="definition forecast-facts">
        <dt>Method</dt>
        <dd data-made-by={f.method}>{methodText(f, asked)}</dd>
        <dt>Residual SD (σ̂)</dt>
        <dd data-residual-sd={f.residualSd}>{say(f.residualSd)}</dd>
      </dl>
      <Chart label={label} times={fan.times} lines={lines} bands={bands} kind="fan" legend={<FanLegend />} />
      <details open={f.history.length + f.points.length <= 24}>
        <summary>Data table</summary>
        <DataTable data-fan={f.kpiId} caption={label} columns={FAN_COLUMNS}>
          {f.history.map((p) => (
            <tr data-kind="history">
              <th scope="row">{day(p.periodStart)}</th>
              <td>history</td>
              <td class="num">{say(p.value)}</td>
              <td class="num muted">—</td>
              <td class="num muted">—</td>
            </tr>
          ))}
          {f.points.map((p) => (
            <tr data-kind="forecast">
              <th scope="row">{day(p.periodStart)}</th>
              <td>forecast</td>
              <td class="num">{say(p.value)}</td>
              <td class="num">{interval(p.lower80, p.upper80, shown)}</td>
              <td class="num">{interval(p.lower95, p.upper95, shown)}</td>
            </tr>
          ))}
        </DataTable>
      </details>
    </div>
  );
}

/** In words, in place of uPlot's legend (the series chart above keeps the page's one). */
function FanLegend() {
  return (
    <span class="fan-legend">
      {' '}
      — solid line: history; dashed: the point forecast; darker band: the 80 % interval; lighter band: the 95
      % interval.
    </span>
  );
}

/** The fan's lines (history solid, forecast dashed, thin band edges) and its two bands, 95 % lighter. */
function drawn(fan: ReturnType<typeof fanOf>): { lines: Line[]; bands: Band[] } {
  const edge = (label: string, values: readonly (number | null)[]): Line => ({
    label,
    values,
    colour: '--accent',
    edge: true,
  });
  const lines: Line[] = [
    { label: 'history', values: fan.history, colour: '--text' },
    { label: 'forecast', values: fan.point, colour: '--accent', dash: true },
    edge('upper 95 %', fan.upper95),
    edge('upper 80 %', fan.upper80),
    edge('lower 80 %', fan.lower80),
    edge('lower 95 %', fan.lower95),
  ];
  const bands: Band[] = [
    { upper: 2, lower: 5, colour: '--accent', opacity: '22' },
    { upper: 3, lower: 4, colour: '--accent', opacity: '44' },
  ];
  return { lines, bands };
}
