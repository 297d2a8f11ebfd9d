import { useMemo } from 'preact/hooks';
import { Chart, Line } from '../components/chart';
import { Pending } from '../components/status';
import { figure, Figure, plotted } from '../format';
import { scenarioRows } from '../foresight';
import { Assumptions, projection, Projection, SCENARIOS } from '../foresight-answers';
import { partnership } from '../kpi-answers';
import { Clocks } from '../route';
import { useAnswer } from '../use-answer';

type Projections = readonly (readonly [string, Projection])[];

/**
 * The predefined scenarios side by side (API.md, "Scenarios"): partner revenue per quarter for the next
 * four under each, each scenario's assumptions, and the baseline drivers they change, under the clocks
 * (the drivers of the last four quarters complete at asOf; each name's definition known at atPosition).
 */
export function ScenariosTab({ id, clocks }: { id: string; clocks: Clocks }) {
  const answer = useAnswer(async () => {
    const asked = SCENARIOS.map(async (name) => [name, await projection(id, name, clocks)] as const);
    const [profile, ...projections] = await Promise.all([partnership(id), ...asked]);
    return { currency: profile.currency, projections };
  }, [id, clocks.asOf, clocks.atPosition]);
  return (
    <section aria-labelledby="scenarios-title">
      <h2 id="scenarios-title">Scenarios</h2>
      <p class="muted">
        Partner revenue = new partner deals × partner win rate × partner average deal size, each driver the
        mean of the last four quarters complete at “As of”, changed by each scenario’s assumptions; the next
        four quarters projected.
      </p>
      <Pending answer={answer} what="the scenarios">
        {({ currency, projections }) => (
          <>
            <Revenue projections={projections} currency={currency} />
            <AssumptionsTable projections={projections} />
            <Drivers projection={projections[0][1]} currency={currency} />
          </>
        )}
      </Pending>
    </section>
  );
}

const COLOURS = ['--text', '--bad', '--good'];

function Revenue({ projections, currency }: { projections: Projections; currency: string }) {
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
      <table class="data" data-scenarios={projections.map(([n]) => n).join(' ')}>
        <caption>{label}</caption>
        <thead>
          <tr>
            <th scope="col">Quarter starting</th>
            {projections.map(([name]) => (
              <th scope="col" class="num">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr>
              <th scope="row">{row.periodStart.slice(0, 10)}</th>
              {projections.map(([name]) => (
                <td class="num">{figure(row.revenue[name], 'money', currency)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** A change as the scenario states it: signed, in percent or percentage points. */
const signed = (n: number, unit: string) => `${n > 0 ? '+' : n < 0 ? '−' : '±'}${Math.abs(n)} ${unit}`;

function AssumptionsTable({ projections }: { projections: Projections }) {
  const cells = (a: Assumptions) => [
    signed(a.newDealsPct, '%'),
    signed(a.winRatePp, 'pp'),
    signed(a.dealSizePct, '%'),
  ];
  return (
    <>
      <h3>Assumptions</h3>
      <table class="data" data-assumptions>
        <caption>Each scenario’s assumptions, against the baseline drivers</caption>
        <thead>
          <tr>
            <th scope="col">Scenario</th>
            <th scope="col" class="num">
              New deals
            </th>
            <th scope="col" class="num">
              Win rate
            </th>
            <th scope="col" class="num">
              Deal size
            </th>
          </tr>
        </thead>
        <tbody>
          {projections.map(([name, p]) => (
            <tr>
              <th scope="row">{name}</th>
              {cells(p.assumptions).map((text) => (
                <td class="num">{text}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** The win rate as the API gives it: a share of 1 (won / (won + lost)), written as a percentage. */
function rate(value: Figure): string {
  const n = plotted(value);
  return n === null ? 'no data' : `${Math.round(n * 10000) / 100} %`;
}

function Drivers({ projection: p, currency }: { projection: Projection; currency: string }) {
  return (
    <>
      <h3 id="drivers-title">Baseline drivers</h3>
      <dl class="definition" data-drivers aria-labelledby="drivers-title">
        <dt>New partner deals per quarter</dt>
        <dd>{figure(p.drivers.newDeals, 'count')}</dd>
        <dt>Partner win rate</dt>
        <dd>{rate(p.drivers.winRate)}</dd>
        <dt>Partner average deal size</dt>
        <dd>{figure(p.drivers.dealSize, 'money', currency)}</dd>
      </dl>
    </>
  );
}
