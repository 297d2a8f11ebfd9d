import { get } from '../api';
import { OpenAlerts } from '../components/open-alerts';
import { Column, SortableTable } from '../components/sortable';
import { Pending } from '../components/status';
import { figure, KpiValue, plotted } from '../format';
import { KpiSnapshot, valueOf } from '../kpi-answers';
import { Clocks, href } from '../route';
import { useAnswer } from '../use-answer';

interface Portfolio {
  readonly asOf: string;
  readonly items: readonly (KpiSnapshot & { name: string; status: string })[];
}

interface Health {
  readonly info?: { projections?: Record<string, { lag?: number; state?: string }> };
}

type Row = Portfolio['items'][number];

const kpiColumn = (kpiId: string, label: string): Column<Row> => ({
  id: kpiId,
  label,
  numeric: true,
  key: (row) => plotted(valueOf(row, kpiId)?.value),
  cell: (row) => <KpiFigure value={valueOf(row, kpiId)} currency={row.currency} />,
});

/** Of the KPIs with a target (the charter's scorecard or target.set), how many are on track. */
function onTarget(row: Row): { on: number; of: number } {
  const targeted = Object.values(row.categories)
    .flat()
    .filter((v) => v.status);
  return { on: targeted.filter((v) => v.status === 'on_track').length, of: targeted.length };
}

function columns(clocks: Clocks): Column<Row>[] {
  return [
    {
      id: 'name',
      label: 'Partnership',
      key: (row) => row.name,
      cell: (row) => (
        <a href={href({ page: 'partnership', id: row.partnershipId, tab: 'kpis' }, clocks)}>{row.name}</a>
      ),
    },
    { id: 'status', label: 'Status', key: (row) => row.status, cell: (row) => row.status },
    kpiColumn('health_score', 'Health score'),
    kpiColumn('joint_revenue', 'Joint revenue'),
    kpiColumn('win_rate', 'Win rate'),
    kpiColumn('roi', 'ROI'),
    {
      id: 'on_target',
      label: 'On target',
      numeric: true,
      key: (row) => (onTarget(row).of ? onTarget(row).on / onTarget(row).of : null),
      cell: (row) => {
        const { on, of } = onTarget(row);
        return of ? (
          <span class={on === of ? 'good' : 'bad'}>{`${on} of ${of}`}</span>
        ) : (
          <span class="muted">no targets</span>
        );
      },
    },
    {
      id: 'position',
      label: 'Position',
      numeric: true,
      key: (row) => row.position,
      cell: (row) => row.position,
    },
  ];
}

function KpiFigure({ value, currency }: { value: KpiValue | undefined; currency: string }) {
  if (!value) return <span class="muted">—</span>;
  const cls = value.status === 'on_track' ? 'good' : value.status === 'off_track' ? 'bad' : '';
  return (
    <span class={cls} data-value={value.value ?? ''}>
      {figure(value.value, value.unit, currency)}
      {value.target !== undefined ? <span class="muted"> / {value.target}</span> : null}
    </span>
  );
}

/** Every partnership the key may see, with its health and key KPIs against target; sortable. */
export function Portfolio({ clocks }: { clocks: Clocks }) {
  const portfolio = useAnswer(() => get<Portfolio>('/v1/kpis', { asOf: clocks.asOf }), [clocks.asOf]);
  const health = useAnswer(() => get<Health>('/health'), [clocks.asOf]);
  return (
    <section aria-labelledby="portfolio-title">
      <h1 id="portfolio-title">Portfolio</h1>
      {clocks.atPosition ? (
        <p class="muted">
          The portfolio is computed at the ledger’s head; position {clocks.atPosition} applies on each
          partnership’s pages.
        </p>
      ) : null}
      <Lag health={health.state === 'ready' ? health.data : undefined} />
      <Pending answer={portfolio} what="the portfolio">
        {(data) => (
          <SortableTable
            caption={`${data.items.length} partnerships as of ${data.asOf}`}
            columns={columns(clocks)}
            rows={data.items}
            rowKey={(row) => row.partnershipId}
          />
        )}
      </Pending>
      <OpenAlerts clocks={clocks} />
    </section>
  );
}

function Lag({ health }: { health: Health | undefined }) {
  const kpis = health?.info?.projections?.kpis;
  if (!kpis) return null;
  return (
    <p class={kpis.lag ? 'alert warn' : 'muted'} data-lag={kpis.lag ?? 0}>
      KPI projection: {kpis.state}, {kpis.lag ?? 0} events behind the ledger
    </p>
  );
}
