import { Sparkline } from '../components/sparkline';
import { Pending } from '../components/status';
import { CatalogueEntry, figure, KpiValue, statusText } from '../format';
import { CATEGORIES, KpiSnapshot, kpiCatalogue, snapshot } from '../kpi-answers';
import { Clocks, href } from '../route';
import { trends } from '../trend';
import { Answer, useAnswer } from '../use-answer';

type Trends = Map<string, (number | null)[]>;

/**
 * The partnership's KPI cards by category. The figures come first (one KPI answer); the 12-month trends
 * follow in the background, so the first paint waits for nothing else.
 */
export function KpisTab({ id, clocks }: { id: string; clocks: Clocks }) {
  const answer = useAnswer(async () => {
    const [figures, catalogue] = await Promise.all([snapshot(id, clocks), kpiCatalogue()]);
    return { snapshot: figures, catalogue };
  }, [id, clocks.asOf, clocks.atPosition]);
  // The trends (12 more KPI answers) are asked once the figures are on screen, so they never delay them.
  const drawn = answer.state === 'ready';
  const trend = useAnswer(
    () => (drawn ? trends(id, clocks) : new Promise<Trends>(() => undefined)),
    [id, clocks.asOf, clocks.atPosition, drawn],
  );
  return (
    <Pending answer={answer} what="the KPIs">
      {({ snapshot, catalogue }) => (
        <Cards snapshot={snapshot} catalogue={catalogue} trend={trend} clocks={clocks} />
      )}
    </Pending>
  );
}

function Cards(props: {
  snapshot: KpiSnapshot;
  catalogue: Map<string, CatalogueEntry>;
  trend: Answer<Trends>;
  clocks: Clocks;
}) {
  const { snapshot } = props;
  markFirstFigures();
  return (
    <>
      <p class="muted" data-figures-position={snapshot.position}>
        Figures as of {snapshot.asOf}, ledger position {snapshot.position}
        {snapshot.charter
          ? `, under charter version ${snapshot.charter.version ?? 'what-if'}`
          : ', no charter adopted'}{' '}
        · snapshot <code title={snapshot.snapshotHash}>{snapshot.snapshotHash.slice(0, 16)}…</code>
      </p>
      {CATEGORIES.filter((c) => snapshot.categories[c]?.length).map((category) => (
        <section class="category" aria-labelledby={`cat-${category}`} data-category={category}>
          <h2 id={`cat-${category}`}>{category}</h2>
          <ul class="cards">
            {snapshot.categories[category].map((value) => (
              <Card value={value} {...props} />
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}

function Card(props: {
  value: KpiValue;
  snapshot: KpiSnapshot;
  catalogue: Map<string, CatalogueEntry>;
  trend: Answer<Trends>;
  clocks: Clocks;
}) {
  const { value, snapshot, catalogue, trend, clocks } = props;
  const name = catalogue.get(value.kpiId)?.name ?? value.kpiId;
  const link = href({ page: 'kpi', id: snapshot.partnershipId, kpiId: value.kpiId }, clocks);
  return (
    <li
      class={`card ${value.status ?? 'untargeted'}`}
      data-kpi={value.kpiId}
      data-value={value.value ?? ''}
      data-disputes={value.disputes?.join(' ') ?? ''}
    >
      <a href={link} class="card-name">
        {name}
      </a>
      <Disputed id={snapshot.partnershipId} ids={value.disputes ?? []} name={name} clocks={clocks} />
      <p class="figure">{figure(value.value, value.unit, snapshot.currency)}</p>
      <p class="target">
        {value.target !== undefined ? `target ${value.target} · ` : ''}
        <span class="status">{statusText(value.status)}</span>
      </p>
      {value.benchmark && <p class="benchmark muted">Benchmark: {value.benchmark}</p>}
      {trend.state === 'ready' ? (
        <Sparkline label={`${name}, last 12 months`} values={trend.data.get(value.kpiId) ?? []} />
      ) : (
        <span class="spark muted">{trend.state === 'error' ? 'trend unavailable' : '…'}</span>
      )}
    </li>
  );
}

/** The mark of a figure someone contests: it leads to the dispute (the first, when there are several). */
function Disputed(props: { id: string; ids: readonly string[]; name: string; clocks: Clocks }) {
  const { id, ids, name, clocks } = props;
  if (ids.length === 0) return null;
  const link = href({ page: 'partnership', id, tab: 'disputes', disputeId: ids[0] }, clocks);
  const said = ids.length === 1 ? `dispute ${ids[0]}` : `${ids.length} disputes: ${ids.join(', ')}`;
  return (
    <a class="disputed" href={link} aria-label={`${name} is contested by open ${said}`}>
      ⚑ disputed{ids.length > 1 ? ` (${ids.length})` : ''}
    </a>
  );
}

/** For the first-paint benchmark (bench/dashboard.ts): when the first figures are on screen. */
function markFirstFigures() {
  if (performance.getEntriesByName('ledger:figures').length === 0)
    requestAnimationFrame(() => performance.mark('ledger:figures'));
}
