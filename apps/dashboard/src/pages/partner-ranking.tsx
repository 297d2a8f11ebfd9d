import { useMemo } from 'preact/hooks';
import { Pending } from '../components/status';
import { figure } from '../format';
import { Movement, MOVEMENT_TEXT, movementOf, tierRanks } from '../foresight';
import { PartnerScores, partnerScores, ScoreItem } from '../foresight-answers';
import { Clocks } from '../route';
import { useAnswer } from '../use-answer';

/**
 * The program's partner ranking under the clocks (API.md, "Partner scoring and tiering"): each org's
 * score, its tier and the one it held at the end of the previous quarter, how it moved, what each
 * criterion gave, and what could not be scored (a criterion without a value counts 0).
 */
export function PartnerRanking({ clocks }: { clocks: Clocks }) {
  const answer = useAnswer(() => partnerScores(clocks), [clocks.asOf, clocks.atPosition]);
  return (
    <section aria-labelledby="ranking-title">
      <h1 id="ranking-title">Partner ranking</h1>
      <p class="muted">
        Score = Σ weight × clamp((x − min) / (max − min), 0, 1) / Σ weight × 100; the tier is the highest
        whose minimum score it reaches. The previous tier is the one held at the end of the previous quarter,
        under the model in force then.
      </p>
      <Pending answer={answer} what="the partner ranking">
        {(data) =>
          data.modelVersion === 0 ? (
            <p class="muted" data-model-version="0">
              No scoring model is in force at this time: nobody is scored (an admin or governance key sets one
              with PUT /v1/program/scoring-model).
            </p>
          ) : (
            <Ranking data={data} />
          )
        }
      </Pending>
    </section>
  );
}

/** The criteria in the order the model lists them: every item's breakdown names each of them, in order. */
function criteriaOf(items: readonly ScoreItem[]): { id: string; weight: number }[] {
  return (items[0]?.breakdown ?? []).map((c) => ({ id: c.criterionId, weight: c.weight }));
}

function Ranking({ data }: { data: PartnerScores }) {
  const criteria = useMemo(() => criteriaOf(data.items), [data]);
  const ranks = useMemo(() => tierRanks(data.tiers), [data]);
  return (
    <div class="scroll">
      <table class="data ranking" data-model-version={data.modelVersion}>
        <caption>
          {`${data.items.length} organizations ranked by score under scoring model version ` +
            `${data.modelVersion}, as of ${data.asOf}`}
        </caption>
        <thead>
          <tr>
            <th scope="col" class="num">
              Rank
            </th>
            <th scope="col">Organization</th>
            <th scope="col" class="num">
              Score
            </th>
            <th scope="col">Tier</th>
            <th scope="col">Previous tier</th>
            <th scope="col">Movement</th>
            {criteria.map((c) => (
              <th scope="col" class="num">
                {`${c.id} (weight ${c.weight})`}
              </th>
            ))}
            <th scope="col">Missing</th>
          </tr>
        </thead>
        <tbody>
          {data.items.map((item, i) => (
            <Row item={item} rank={i + 1} move={movementOf(item, ranks)} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

const MOVE_CLASS: Partial<Record<Movement, string>> = { up: 'good', down: 'bad' };

function Row(props: { item: ScoreItem; rank: number; move: Movement }) {
  const { item, move } = props;
  return (
    <tr data-org={item.orgId} data-movement={move}>
      <td class="num">{props.rank}</td>
      <th scope="row">{item.orgId}</th>
      <td class="num" data-score={item.score}>
        {figure(item.score, '')}
      </td>
      <td>{item.tier ?? 'none'}</td>
      <td>{item.previousTier ?? 'none'}</td>
      <td class={MOVE_CLASS[move] ?? ''}>{MOVEMENT_TEXT[move]}</td>
      {item.breakdown.map((part) =>
        item.missing.includes(part.criterionId) ? (
          <td class="num muted">missing</td>
        ) : (
          <td class="num">{`${figure(part.value, '')} → ${figure(part.normalized, '')}`}</td>
        ),
      )}
      <td>{item.missing.length ? item.missing.join(', ') : '—'}</td>
    </tr>
  );
}
