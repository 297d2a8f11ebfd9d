import { Pending } from '../components/status';
import { figure } from '../format';
import { completenessGrid, periodLabel } from '../quality-grid';
import { Clocks } from '../route';
import { DataQuality, dataQuality } from '../trust-answers';
import { useAnswer } from '../use-answer';
import { Anomalies, Balance, Timeliness } from './quality-parts';

/**
 * Whether the data can be trusted, under the clocks: the score, what the charter expected and what
 * each org sent (a grid by period and org), the events that arrived late and restated a closed month,
 * how evenly the orgs record, and the months whose figure is far out of line.
 */
export function QualityTab({ id, clocks }: { id: string; clocks: Clocks }) {
  const answer = useAnswer(() => dataQuality(id, clocks), [id, clocks.asOf, clocks.atPosition]);
  return (
    <section aria-labelledby="quality-title">
      <h2 id="quality-title">Data quality</h2>
      <Pending answer={answer} what="the data quality">
        {(data) => (
          <>
            <Score data={data} />
            <Completeness data={data} />
            <Timeliness data={data} />
            <Balance data={data} />
            <Anomalies data={data} clocks={clocks} />
          </>
        )}
      </Pending>
    </section>
  );
}

const percent = (value: number | null) => figure(value, '%');

function Score({ data }: { data: DataQuality }) {
  return (
    <div class="quality-score" data-quality-position={data.position} data-quality-asof={data.asOf}>
      <p class="figure" data-score={data.score ?? ''}>
        Score {data.score === null ? 'not computed (nothing to measure yet)' : `${data.score} of 100`}
      </p>
      <p class="muted">
        As of {data.asOf}, ledger position {data.position}. The mean of completeness (
        {percent(data.completeness.score)}), 100 − the late share ({percent(data.timeliness.late.share)}) and
        100 − 10 × anomalies ({data.anomalies.length}), over those that are known.
      </p>
    </div>
  );
}

function Completeness({ data }: { data: DataQuality }) {
  const { items, score } = data.completeness;
  const grid = completenessGrid(items);
  return (
    <section aria-labelledby="completeness-title" data-completeness={score ?? ''}>
      <h3 id="completeness-title">Completeness: {score === null ? 'nothing expected' : percent(score)}</h3>
      {items.length === 0 ? (
        <p class="muted">The charter in force expects no regular data (its dataQuality.expected is empty).</p>
      ) : (
        <div class="scroll">
          <table class="data grid">
            <caption>
              Events received against the charter’s expectations, by period and organization
              {items.length >= 100 ? ' (the newest 100 periods and organizations)' : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">Expected</th>
                {grid.periods.map((p) => (
                  <th scope="col" class="num">
                    {periodLabel(p)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {grid.rows.map((row) => (
                <tr data-expected={row.label}>
                  <th scope="row">{row.label}</th>
                  {row.cells.map((cell) =>
                    cell ? (
                      <td
                        class={`num ${cell.received >= 1 ? 'good' : 'missing'}`}
                        data-period={cell.periodStart}
                        data-received={cell.received}
                      >
                        {cell.received >= 1 ? `✓ ${cell.received}` : '✗ none'}
                      </td>
                    ) : (
                      <td class="num muted">—</td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
