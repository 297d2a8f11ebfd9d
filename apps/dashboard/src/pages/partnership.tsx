import type { Me } from '../api';
import { Refused } from '../components/status';
import { Partnership, partnership } from '../kpi-answers';
import { Clocks, href, Tab } from '../route';
import { useAnswer } from '../use-answer';
import { AttributionTab } from './attribution';
import { CharterTab } from './charter';
import { DisputesTab } from './disputes';
import { IntegrityTab } from './integrity';
import { KpisTab } from './kpis';
import { QualityTab } from './quality';
import { ScenariosTab } from './scenarios';

/** A partnership's pages, one tab each (a KPI's forecast is on its own page, from its card). */
const TABS: readonly { id: Tab; label: string }[] = [
  { id: 'kpis', label: 'KPIs' },
  { id: 'disputes', label: 'Disputes' },
  { id: 'quality', label: 'Data quality' },
  { id: 'scenarios', label: 'Scenarios' },
  { id: 'attribution', label: 'Attribution' },
  { id: 'charter', label: 'Charter' },
  { id: 'integrity', label: 'Integrity' },
];

export function PartnershipPage(props: { me: Me; id: string; tab: Tab; clocks: Clocks; disputeId?: string }) {
  const { id, tab, clocks } = props;
  const profile = useAnswer(() => partnership(id), [id]);
  // The tab asks its own answers at once, beside the profile: the page waits for the slower of the two.
  if (profile.state === 'error') return <Refused error={profile.error} what={`partnership ${id}`} />;
  return (
    <article aria-labelledby="partnership-title">
      <header class="page-head">
        <h1 id="partnership-title">{profile.state === 'ready' ? profile.data.name : id}</h1>
        {profile.state === 'ready' && <Profile p={profile.data} />}
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
      {tab === 'disputes' && <DisputesTab id={id} clocks={clocks} opened={props.disputeId} />}
      {tab === 'quality' && <QualityTab id={id} clocks={clocks} />}
      {tab === 'scenarios' && <ScenariosTab id={id} clocks={clocks} />}
      {tab === 'attribution' && <AttributionTab id={id} clocks={clocks} />}
      {tab === 'charter' && <CharterTab id={id} clocks={clocks} />}
      {tab === 'integrity' && <IntegrityTab me={props.me} id={id} clocks={clocks} />}
    </article>
  );
}

function Profile({ p }: { p: Partnership }) {
  return (
    <p class="muted">
      {p.type} · {p.partnerOrgIds.join(' · ')} · {p.currency} · {p.status} since {p.startedAt.slice(0, 10)}
    </p>
  );
}
