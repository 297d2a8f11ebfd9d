import { subjectText } from '../format';
import { Clocks, href, Route } from '../route';
import { Alert, AlertKind, openAlerts } from '../trust-answers';
import { useAnswer } from '../use-answer';
import { Pending } from './status';

const KINDS: Record<AlertKind, string> = {
  anomaly: 'Anomaly',
  missing_data: 'Missing data',
  late_data: 'Late data',
  dispute_overdue: 'Dispute overdue',
  action_overdue: 'Action overdue',
  milestone_overdue: 'Milestone overdue',
  target_off_track: 'Target off track',
};

/** Where an alert is best looked into: the KPI it names, the dispute it names, or its partnership. */
function placeOf(alert: Alert): Route {
  const subject = (typeof alert.subject === 'object' && alert.subject) || {};
  const id = alert.partnershipId;
  if ('disputeId' in subject && typeof subject.disputeId === 'string')
    return { page: 'partnership', id, tab: 'disputes', disputeId: subject.disputeId };
  if ('kpiId' in subject && typeof subject.kpiId === 'string')
    return { page: 'kpi', id, kpiId: subject.kpiId };
  const quality = alert.kind === 'anomaly' || alert.kind === 'missing_data' || alert.kind === 'late_data';
  return { page: 'partnership', id, tab: quality ? 'quality' : 'kpis' };
}

function AlertRow({ alert, clocks }: { alert: Alert; clocks: Clocks }) {
  return (
    <tr data-alert={alert.alertId} data-kind={alert.kind} data-partnership={alert.partnershipId}>
      <th scope="row">
        <span class={`badge ${alert.kind}`}>{KINDS[alert.kind] ?? alert.kind}</span>
      </th>
      <td>
        <a href={href(placeOf(alert), clocks)}>{alert.partnershipId}</a>
      </td>
      <td>{subjectText(alert.subject)}</td>
      <td data-value={alert.raisedAt}>{alert.raisedAt.slice(0, 10)}</td>
      <td class="num">{alert.position}</td>
    </tr>
  );
}

/**
 * The alerts open now, for every partnership this key may see (GET /v1/alerts?state=open). They are
 * kept at the ledger's head, as of now: pinned clocks do not apply to them, and the panel says so.
 */
export function OpenAlerts({ clocks }: { clocks: Clocks }) {
  const answer = useAnswer(() => openAlerts(), []);
  return (
    <section aria-labelledby="alerts-title" class="alerts">
      <h2 id="alerts-title">Open alerts</h2>
      {clocks.asOf || clocks.atPosition ? (
        <p class="muted">
          Alerts are kept at the ledger’s head, as of now: the clocks above do not apply here.
        </p>
      ) : null}
      <Pending answer={answer} what="the open alerts">
        {(data) =>
          data.items.length === 0 ? (
            <p class="muted" data-alerts-count="0">
              No open alert: nothing late, missing, out of line or overdue.
            </p>
          ) : (
            <table class="data" data-alerts-count={data.items.length}>
              <caption>
                {data.items.length} open {data.items.length === 1 ? 'alert' : 'alerts'}, as of now
              </caption>
              <thead>
                <tr>
                  <th scope="col">Alert</th>
                  <th scope="col">Partnership</th>
                  <th scope="col">About</th>
                  <th scope="col">Since (business time)</th>
                  <th scope="col" class="num">
                    Position
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((alert) => (
                  <AlertRow alert={alert} clocks={clocks} />
                ))}
              </tbody>
            </table>
          )
        }
      </Pending>
    </section>
  );
}
