import { day, subjectText } from '../format';
import { Clocks, href, Route } from '../route';
import { Group, groupAlerts } from '../alert-groups';
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

function AlertLine({ alert }: { alert: Alert }) {
  return (
    <>
      {subjectText(alert.subject)} <span class="muted">· position {alert.position}</span>
    </>
  );
}

function GroupRow({ group, clocks }: { group: Group; clocks: Clocks }) {
  const { alerts, kind, partnershipId } = group;
  // The group is open since its oldest alert was raised.
  const since = alerts[alerts.length - 1].raisedAt;
  return (
    <tr data-alert-group={kind} data-partnership={partnershipId} data-count={alerts.length}>
      <th scope="row">
        <span class={`badge ${kind}`}>{KINDS[kind] ?? kind}</span>
      </th>
      <td>
        <a href={href(placeOf(alerts[0]), clocks)}>{partnershipId}</a>
      </td>
      <td class="num">{alerts.length}</td>
      <td>
        {alerts.length === 1 ? (
          <span data-alert={alerts[0].alertId} data-raised={alerts[0].raisedAt}>
            <AlertLine alert={alerts[0]} />
          </span>
        ) : (
          <details>
            <summary>
              {alerts.length} {KINDS[kind]?.toLowerCase() ?? kind} alerts, newest {day(alerts[0].raisedAt)}
            </summary>
            <ul class="plain">
              {alerts.map((a) => (
                <li data-alert={a.alertId} data-raised={a.raisedAt}>
                  <AlertLine alert={a} /> <span class="muted">· since {day(a.raisedAt)}</span>
                </li>
              ))}
            </ul>
          </details>
        )}
      </td>
      <td data-value={since}>{day(since)}</td>
    </tr>
  );
}

/**
 * The alerts open now, for every partnership this key may see (GET /v1/alerts?state=open), one row per
 * kind and partnership, each alert listed under it. They are kept at the ledger's head, as of now:
 * pinned clocks do not apply to them, and the panel says so.
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
                {data.items.length} open {data.items.length === 1 ? 'alert' : 'alerts'}, as of now, by kind
                and partnership
              </caption>
              <thead>
                <tr>
                  <th scope="col">Alert</th>
                  <th scope="col">Partnership</th>
                  <th scope="col" class="num">
                    Open
                  </th>
                  <th scope="col">About</th>
                  <th scope="col">Since (business time)</th>
                </tr>
              </thead>
              <tbody>
                {groupAlerts(data.items).map((group) => (
                  <GroupRow group={group} clocks={clocks} />
                ))}
              </tbody>
            </table>
          )
        }
      </Pending>
    </section>
  );
}
