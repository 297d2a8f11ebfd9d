import { useMemo } from 'preact/hooks';
import { Chart, Line } from '../components/chart';
import { DataTable } from '../components/data-table';
import { Pending } from '../components/status';
import { day, figure, Figure, plotted } from '../format';
import { scenarioRows } from '../foresight';
import { Assumptions, projection, Projection, SCENARIOS } from '../foresight-answers';
import { Clocks } from '../route';
import { useAnswer } from '../use-answer';

type Projections = readonly (readonly [string, Projection])[];

/**
 * The predefined scenarios side by side (API.md, "Scenarios"): partner revenue per quarter for the next
 * four under each, each scenario's assumptions, and the baseline drivers they change, under the clocks
 * (the drivers of the last four quarters complete at asOf; each name's definition known at atPosition).
 */
export function ScenariosTab({ id, clocks }: { id: string; clocks: Clocks }) {
  const answer = useAnswer(
    () => Promise.all(SCENARIOS.map(async (name) => [name, await projection(id, name, clocks)] as const)),
    [id, clocks.asOf, clocks.atPosition],
  );
  return (
    <section aria-labelledby="scenarios-title">
      <h2 id="scenarios-title">Scenarios</h2>
      <p class="muted">
        Partner revenue = new partner deals × partner win rate × partner average deal size, each driver the
        mean of the last four quarters complete at “As of”, changed by each scenario’s assumptions; the next
        four quarters projected.
      </p>
      <Pending answer={answer} what="the scenarios">
        {(projections) => (
          <>
            <Revenue projections={projections} />
            <AssumptionsTable projections={projections} />
            <Drivers projection={projections[0][1]} />
          </>
        )}
      </Pending>
    </section>
  );
}

const COLOURS = ['--text', '--bad', '--good'];

function Revenue({ projections }: { projections: Projections }) {
  const rows = useMemo(() => scenarioRows(projections), [projections]);
  const times = useMemo(() => rows.map((r) => Date.parse(r.periodStart)), [rows]);
  const lines = useMemo(
    (): Line[] =>
      projections.map(([name], i) => ({
        label: name,
        values: rows.map((r) => plotted(r.revenue[name])),
        colour: COLOURS[i % COLOURS.length],
        ...(i > 0 ? { dash: true } : {}),
      })),
    [projections, rows],
  );
  const label = `Partner revenue per quarter under ${projections.map(([n]) => n).join(', ')}`;
  return (
    <>
      <Chart label={label} times={times} lines={lines} kind="scenarios" />
      <DataTable
        data-scenarios={projections.map(([n]) => n).join(' ')}
        caption={label}
        columns={[
          { label: 'Quarter starting' },
          ...projections.map(([name]) => ({ label: name, numeric: true })),
        ]}
      >
        {rows.map((row) => (
          <tr>
            <th scope="row">{day(row.periodStart)}</th>
            {projections.map(([name, p]) => (
              <td class="num">{figure(row.revenue[name], 'money', p.currency)}</td>
            ))}
          </tr>
        ))}
      </DataTable>
    </>
  );
}

/** A change as the scenario states it: signed, in percent or percentage points. */
const signed = (n: number, unit: string) => `${n > 0 ? '+' : n < 0 ? '−' : '±'}${Math.abs(n)} ${unit}`;

const ASSUMPTION_COLUMNS = [
  { label: 'Scenario' },
  { label: 'New deals', numeric: true },
  { label: 'Win rate', numeric: true },
  { label: 'Deal size', numeric: true },
];

function AssumptionsTable({ projections }: { projections: Projections }) {
  const cells = (a: Assumptions) => [
    signed(a.newDealsPct, '%'),
    signed(a.winRatePp, 'pp'),
    signed(a.dealSizePct, '%'),
  ];
  return (
    <>
      <h3>Assumptions</h3>
      <DataTable
        data-assumptions
        caption="Each scenario’s assumptions, against the baseline drivers"
        columns={ASSUMPTION_COLUMNS}
      >
        {projections.map(([name, p]) => (
          <tr>
            <th scope="row">{name}</th>
            {cells(p.assumptions).map((text) => (
              <td class="num">{text}</td>
            ))}
          </tr>
        ))}
      </DataTable>
    </>
  );
}

/** The win rate as the API gives it: a share of 1 (won / (won + lost)), written as a percentage. */
function rate(value: Figure): string {
  const n = plotted(value);
  return figure(n === null ? null : n * 100, '%');
}

function Drivers({ projection: p }: { projection: Projection }) {
  return (
    <>
      <h3 id="drivers-title">Baseline drivers</h3>
      <dl class="definition" data-drivers aria-labelledby="drivers-title">
        <dt>New partner deals per quarter</dt>
        <dd>{figure(p.drivers.newDeals, 'count')}</dd>
        <dt>Partner win rate</dt>
        <dd>{rate(p.drivers.winRate)}</dd>
        <dt>Partner average deal size</dt>
        <dd>{figure(p.drivers.dealSize, 'money', p.currency)}</dd>
      </dl>
    </>
  );
}
