import type { Me } from '../api';
import { Pending } from '../components/status';
import { partnership } from '../kpi-answers';
import { Clocks, href, Tab } from '../route';
import { useAnswer } from '../use-answer';
import { AttributionTab } from './attribution';
import { CharterTab } from './charter';
import { IntegrityTab } from './integrity';
import { KpisTab } from './kpis';

/**
 * A partnership's pages, one tab each. Disputes, data quality and forecasts are later releases' tabs:
 * they join this list, and each KPI card keeps a slot for their markers.
 */
const TABS: readonly { id: Tab; label: string }[] = [
  { id: 'kpis', label: 'KPIs' },
  { id: 'attribution', label: 'Attribution' },
  { id: 'charter', label: 'Charter' },
  { id: 'integrity', label: 'Integrity' },
];

export function PartnershipPage(props: { me: Me; id: string; tab: Tab; clocks: Clocks }) {
  const { id, tab, clocks } = props;
  const profile = useAnswer(() => partnership(id), [id]);
  return (
    <Pending answer={profile} what={`partnership ${id}`}>
      {(p) => (
        <article aria-labelledby="partnership-title">
          <header class="page-head">
            <h1 id="partnership-title">{p.name}</h1>
            <p class="muted">
              {p.type} · {p.partnerOrgIds.join(' · ')} · {p.currency} · {p.status} since{' '}
              {p.startedAt.slice(0, 10)}
            </p>
          </header>
          <nav class="tabs" aria-label="Partnership pages">
            {TABS.map((t) => (
              <a
                href={href({ page: 'partnership', id, tab: t.id }, clocks)}
                aria-current={t.id === tab ? 'page' : undefined}
              >
                {t.label}
              </a>
            ))}
          </nav>
          {tab === 'kpis' && <KpisTab id={id} clocks={clocks} />}
          {tab === 'attribution' && <AttributionTab id={id} clocks={clocks} members={p.partnerOrgIds} />}
          {tab === 'charter' && <CharterTab id={id} clocks={clocks} />}
          {tab === 'integrity' && <IntegrityTab me={props.me} id={id} clocks={clocks} />}
        </article>
      )}
    </Pending>
  );
}
