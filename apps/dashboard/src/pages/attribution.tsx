import { useState } from 'preact/hooks';
import { get } from '../api';
import { Bars } from '../components/bars';
import { Pending } from '../components/status';
import { figure, plotted } from '../format';
import { Clocks } from '../route';
import { useAnswer } from '../use-answer';

interface Attribution {
  readonly currency: string;
  readonly model: string;
  readonly windowDays: number;
  readonly position: number;
  readonly totals: readonly {
    orgId: string;
    credit: string;
    sourcedRevenue: string;
    influencedRevenue: string;
    deals: number;
  }[];
  readonly unattributed: string;
}

const MODELS = ['charter', 'first_touch', 'last_touch', 'linear', 'time_decay', 'position_based'] as const;

/** Who earned which revenue, per org, under the charter's model or any other the user switches to. */
export function AttributionTab({ id, clocks }: { id: string; clocks: Clocks }) {
  const [model, setModel] = useState<(typeof MODELS)[number]>('charter');
  const answer = useAnswer(
    () =>
      get<Attribution>(`/v1/partnerships/${encodeURIComponent(id)}/attribution`, {
        model: model === 'charter' ? undefined : model,
        asOf: clocks.asOf,
        atPosition: clocks.atPosition,
        limit: 1,
      }),
    [id, model, clocks.asOf, clocks.atPosition],
  );
  return (
    <section aria-labelledby="attribution-title">
      <h2 id="attribution-title">Attribution</h2>
      <label>
        Model{' '}
        <select
          name="model"
          value={model}
          onChange={(e) => setModel((e.target as HTMLSelectElement).value as typeof model)}
        >
          {MODELS.map((m) => (
            <option value={m}>{m === 'charter' ? 'the charter’s model' : m.replace('_', ' ')}</option>
          ))}
        </select>
      </label>
      <Pending answer={answer} what="the attribution">
        {(data) => {
          const bars = [
            ...data.totals.map((t) => ({
              label: t.orgId,
              value: plotted(t.credit) ?? 0,
              text: figure(t.credit, 'money', data.currency),
            })),
            {
              label: 'unattributed',
              value: plotted(data.unattributed) ?? 0,
              text: figure(data.unattributed, 'money', data.currency),
            },
          ];
          const label = `Revenue credited per organization, ${data.model} model, ${data.windowDays}-day window`;
          return (
            <>
              <Bars label={label} bars={bars} />
              <table class="data" data-attribution={data.model}>
                <caption>{label}</caption>
                <thead>
                  <tr>
                    <th scope="col">Organization</th>
                    <th scope="col" class="num">
                      Credit
                    </th>
                    <th scope="col" class="num">
                      Sourced
                    </th>
                    <th scope="col" class="num">
                      Influenced
                    </th>
                    <th scope="col" class="num">
                      Deals
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.totals.map((t) => (
                    <tr data-org={t.orgId}>
                      <th scope="row">{t.orgId}</th>
                      <td class="num" data-value={t.credit}>
                        {figure(t.credit, 'money', data.currency)}
                      </td>
                      <td class="num">{figure(t.sourcedRevenue, 'money', data.currency)}</td>
                      <td class="num">{figure(t.influencedRevenue, 'money', data.currency)}</td>
                      <td class="num">{t.deals}</td>
                    </tr>
                  ))}
                  <tr data-org="unattributed">
                    <th scope="row">unattributed</th>
                    <td class="num" data-value={data.unattributed}>
                      {figure(data.unattributed, 'money', data.currency)}
                    </td>
                    <td colSpan={3} />
                  </tr>
                </tbody>
              </table>
            </>
          );
        }}
      </Pending>
    </section>
  );
}
