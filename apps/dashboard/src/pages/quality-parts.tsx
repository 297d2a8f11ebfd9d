import { Bars } from '../components/bars';
import { Figure, figure, shortHash } from '../format';
import { periodLabel } from '../quality-grid';
import { Clocks, href } from '../route';
import { DataQuality } from '../trust-answers';

/** The parts of the data-quality tab below its grid; each shows the answer's own figures, unrounded. */
const percent = (value: number | null) => figure(value, '%');
/** A KPI figure without its unit (the answer names none): money, a decimal string, grouped as elsewhere. */
const amount = (value: Figure) => figure(value, typeof value === 'string' ? 'money' : '');
const hours = (value: number | null) => (value === null ? 'no data' : `${value} h`);
const moment = (iso: string) => iso.replace('T', ' ').replace(/(:\d\d)(\.\d+)?Z$/, '$1 UTC');

export function Timeliness({ data }: { data: DataQuality }) {
  const { lagHours, late } = data.timeliness;
  return (
    <section aria-labelledby="timeliness-title" data-late-count={late.count}>
      <h3 id="timeliness-title">Timeliness</h3>
      <dl class="definition">
        <dt>Lag from occurrence to record</dt>
        <dd data-lag={`${lagHours.p50 ?? ''} ${lagHours.p95 ?? ''} ${lagHours.max ?? ''}`}>
          median {hours(lagHours.p50)} · 95th percentile {hours(lagHours.p95)} · longest {hours(lagHours.max)}
        </dd>
        <dt>Late events</dt>
        <dd>
          {late.count}, {percent(late.share)} of the events of the last 12 months: recorded after the month
          they occurred in had closed, restating it
        </dd>
      </dl>
      {late.items.length > 0 && (
        <div class="scroll">
          <table class="data" data-late>
            <caption>
              Late events, newest first{late.count > late.items.length ? ` (${late.items.length} shown)` : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Occurred</th>
                <th scope="col">Recorded</th>
                <th scope="col">Month closed</th>
                <th scope="col" class="num">
                  Days late
                </th>
                <th scope="col" class="num">
                  Position
                </th>
              </tr>
            </thead>
            <tbody>
              {late.items.map((e) => (
                <tr data-event={e.eventId}>
                  <th scope="row">
                    {e.type} <code title={e.eventId}>{shortHash(e.eventId)}</code>
                  </th>
                  <td>{moment(e.occurredAt)}</td>
                  <td>{moment(e.recordedAt)}</td>
                  <td>{moment(e.periodEnd)}</td>
                  <td class="num" data-value={e.daysLate}>
                    {e.daysLate}
                  </td>
                  <td class="num">{e.position}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function Balance({ data }: { data: DataQuality }) {
  const label = 'Share of the events of the last 12 months each organization recorded';
  return (
    <section aria-labelledby="balance-title">
      <h3 id="balance-title">Balance between the organizations</h3>
      <p class="muted">
        When one side records most of what is measured, the figures say more about its view than about the
        partnership.
      </p>
      <Bars
        label={label}
        bars={data.balance.map((b) => ({ label: b.orgId, value: b.share ?? 0, text: percent(b.share) }))}
      />
      <table class="data" data-balance>
        <caption>{label}, and how many of its events were retracted</caption>
        <thead>
          <tr>
            <th scope="col">Organization</th>
            <th scope="col" class="num">
              Events
            </th>
            <th scope="col" class="num">
              Share
            </th>
            <th scope="col" class="num">
              Retracted
            </th>
          </tr>
        </thead>
        <tbody>
          {data.balance.map((b) => (
            <tr data-org={b.orgId}>
              <th scope="row">{b.orgId}</th>
              <td class="num" data-value={b.events}>
                {b.events}
              </td>
              <td class="num" data-value={b.share ?? ''}>
                {percent(b.share)}
              </td>
              <td class="num" data-value={b.retracted}>
                {b.retracted}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function Anomalies({ data, clocks }: { data: DataQuality; clocks: Clocks }) {
  return (
    <section aria-labelledby="anomalies-title" data-anomaly-count={data.anomalies.length}>
      <h3 id="anomalies-title">Anomalies</h3>
      {data.anomalies.length === 0 ? (
        <p class="muted">No month of the last 12 is far out of line (modified z-score above 3.5).</p>
      ) : (
        <table class="data" data-anomalies>
          <caption>
            Months whose own figure is far out of line with the others (modified z-score |M| above 3.5)
          </caption>
          <thead>
            <tr>
              <th scope="col">KPI</th>
              <th scope="col">Month</th>
              <th scope="col" class="num">
                Value
              </th>
              <th scope="col" class="num">
                Median
              </th>
              <th scope="col" class="num">
                Score M
              </th>
              <th scope="col">Rule</th>
            </tr>
          </thead>
          <tbody>
            {data.anomalies.map((a) => (
              <tr data-anomaly={`${a.kpiId} ${a.periodStart}`}>
                <th scope="row">
                  <a href={href({ page: 'kpi', id: data.partnershipId, kpiId: a.kpiId }, clocks)}>
                    {a.kpiId}
                  </a>
                </th>
                <td>{periodLabel(a.periodStart)}</td>
                <td class="num" data-value={a.value ?? ''}>
                  {amount(a.value)}
                </td>
                <td class="num">{amount(a.median)}</td>
                <td class="num" data-value={a.score}>
                  {a.score}
                </td>
                <td>{a.rule === 'mad' ? 'median absolute deviation' : 'mean absolute deviation (MAD 0)'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
