import { get } from '../api';
import { OpenAlerts } from '../components/open-alerts';
import { Pending } from '../components/status';
import { Partnership } from '../kpi-answers';
import { Clocks, href } from '../route';
import { useAnswer } from '../use-answer';

/** A partner's own partnerships (the portfolio is for governance, auditors and admins), and their open alerts. */
export function Partnerships({ clocks }: { clocks: Clocks }) {
  const list = useAnswer(() => get<{ items: Partnership[] }>('/v1/partnerships'), []);
  return (
    <section aria-labelledby="partnerships-title">
      <h1 id="partnerships-title">Your partnerships</h1>
      <Pending answer={list} what="your partnerships">
        {(data) =>
          data.items.length === 0 ? (
            <p class="muted">This key’s organization is a member of no partnership yet.</p>
          ) : (
            <ul class="plain">
              {data.items.map((p) => (
                <li data-row={p.partnershipId}>
                  <a href={href({ page: 'partnership', id: p.partnershipId, tab: 'kpis' }, clocks)}>
                    {p.name}
                  </a>{' '}
                  <span class="muted">
                    {p.type} · {p.partnerOrgIds.join(', ')} · {p.status}
                  </span>
                </li>
              ))}
            </ul>
          )
        }
      </Pending>
      <OpenAlerts clocks={clocks} />
    </section>
  );
}
