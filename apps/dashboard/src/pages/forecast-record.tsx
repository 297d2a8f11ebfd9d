import { DataTable } from '../components/data-table';
import { Pending } from '../components/status';
import { day, figure, Figure, interval, Shown } from '../format';
import { RecordedForecast, recordedForecasts } from '../foresight-answers';
import { Clocks } from '../route';
import { useAnswer } from '../use-answer';

/**
 * The forecasts of this KPI on the record (forecast.recorded: nobody can revise one after the fact),
 * each against the actuals of its periods that have ended by asOf, with its error and accuracy: what a
 * committee checks before trusting the next forecast.
 */
export function RecordedForecasts(props: { id: string; kpiId: string; clocks: Clocks } & Shown) {
  const { id, kpiId, clocks } = props;
  const answer = useAnswer(() => recordedForecasts(id, clocks), [id, clocks.asOf, clocks.atPosition]);
  return (
    <section aria-labelledby="recorded-title">
      <h3 id="recorded-title">Recorded forecasts against actuals</h3>
      <Pending answer={answer} what="the recorded forecasts">
        {(data) => {
          const mine = data.items.filter((f) => f.kpiId === kpiId);
          if (mine.length === 0)
            return (
              <p class="muted" data-recorded-count="0">
                No forecast of {kpiId} is on the record yet.
              </p>
            );
          return (
            <div data-recorded-count={mine.length}>
              {mine.map((f) => (
                <Recorded forecast={f} unit={props.unit} currency={props.currency} />
              ))}
            </div>
          );
        }}
      </Pending>
    </section>
  );
}

/** Who made it: a method (with what `auto` chose) or a scenario. */
const madeBy = (f: RecordedForecast): string =>
  f.scenario !== undefined
    ? `scenario ${f.scenario}`
    : `${f.method}${f.madeBy && f.madeBy !== f.method ? ` → ${f.madeBy}` : ''}`;

const RECORDED_COLUMNS = [
  { label: 'Period start' },
  { label: 'Forecast', numeric: true },
  { label: '80 % interval', numeric: true },
  { label: 'Actual', numeric: true },
  { label: 'Error (actual − forecast)', numeric: true },
];

function Recorded({ forecast: f, ...shown }: { forecast: RecordedForecast } & Shown) {
  const say = (value: Figure) => figure(value, shown.unit, shown.currency);
  const ended = f.points.filter((p) => p.actual !== undefined && p.actual !== null).length;
  const caption =
    `Forecast ${f.forecastId} by ${f.period}, made ${day(f.asOf)} by ${madeBy(f)}: ` +
    `${ended} of ${f.points.length} periods ended`;
  return (
    <div class="recorded" data-recorded={f.forecastId}>
      <Accuracy forecast={f} say={say} />
      <DataTable caption={caption} columns={RECORDED_COLUMNS}>
        {f.points.map((p) => (
          <tr>
            <th scope="row">{day(p.periodStart)}</th>
            <td class="num">{say(p.value)}</td>
            <td class="num">{p.lower80 !== undefined ? interval(p.lower80, p.upper80, shown) : '—'}</td>
            {p.actual === undefined || p.actual === null ? (
              <td class="num muted" colSpan={2}>
                not ended
              </td>
            ) : (
              <>
                <td class="num">{say(p.actual)}</td>
                <td class="num" data-error={p.error ?? ''}>
                  {say(p.error)}
                </td>
              </>
            )}
          </tr>
        ))}
      </DataTable>
    </div>
  );
}

function Accuracy({ forecast: f, say }: { forecast: RecordedForecast; say: (v: Figure) => string }) {
  const a = f.accuracy;
  if (a.mape === null && a.bias === null && a.coverage80 === null)
    return <p class="muted">Accuracy: none of its periods has ended yet.</p>;
  return (
    <p data-accuracy={f.forecastId}>
      Accuracy: MAPE {figure(a.mape, '%')} · bias (mean error) {say(a.bias)} · inside the 80 % interval{' '}
      {figure(a.coverage80, '%')}
    </p>
  );
}
