import { definitionHashOf } from '@ledger/verification';
import { ORGS, STARTED_AT } from './partnership-events';

/**
 * The charter the benchmark adopts: 20 scorecard entries over catalogue KPIs (spread over every
 * category, with targets, baselines, weights and a few owners) and 5 custom KPIs over measured event types.
 */
export const SCORECARD_SIZE = 20;

export interface CatalogueEntry {
  readonly kpiId: string;
  readonly category: string;
}

const CUSTOM_KPIS = [
  custom('x_mdf_spend', 'financial', 'MDF spend', 'cost.incurred', 'sum', 'money', 'lower_is_better', {
    field: 'amount',
    where: { category: 'mdf' },
  }),
  custom(
    'x_survey_score',
    'customer',
    'Mean survey score',
    'survey.answered',
    'mean',
    'score',
    'higher_is_better',
    {
      field: 'score',
    },
  ),
  custom(
    'x_engagements',
    'relationship',
    'Engagements this quarter',
    'engagement.logged',
    'count',
    'count',
    'higher_is_better',
    {
      period: true,
    },
  ),
  custom(
    'x_market_share',
    'expansion',
    'Latest market share',
    'market_share.reported',
    'latest',
    '%',
    'higher_is_better',
    {
      field: 'sharePct',
    },
  ),
  custom('x_won_revenue', 'financial', 'Revenue won', 'deal.won', 'sum', 'money', 'higher_is_better', {
    field: 'amount',
  }),
];

function custom(
  kpiId: string,
  category: string,
  name: string,
  eventType: string,
  aggregate: string,
  unit: string,
  direction: string,
  extra: { field?: string; where?: Record<string, string>; period?: boolean },
) {
  const { period = false, ...rest } = extra;
  return { kpiId, category, name, eventType, aggregate, ...rest, unit, direction, period };
}

/**
 * The charter document over `catalogue` (GET /v1/kpi-catalogue, or KPI_CATALOGUE in-process). The issue's
 * charter leaves the attribution policy at its default (linear, 180 days, as without a charter);
 * `TIME_DECAY` is the same charter with a time_decay policy, measured beside it.
 */
export const TIME_DECAY = { model: 'time_decay', windowDays: 180, halfLifeDays: 30 };

export function charterDocument(catalogue: readonly CatalogueEntry[], attribution?: object) {
  return {
    scorecard: scorecardIds(catalogue).map((kpiId, i) => ({
      kpiId,
      target: 10 + 5 * i,
      baseline: i,
      weight: 1 + (i % 3),
      ...(i % 4 === 0 ? { owners: { [ORGS[0]]: 'Alliance lead', [ORGS[1]]: 'Channel lead' } } : {}),
    })),
    customKpis: CUSTOM_KPIS,
    ...(attribution ? { attribution } : {}),
  };
}

/** SCORECARD_SIZE catalogue KPIs taken in turn from each category, so every category has targets. */
function scorecardIds(catalogue: readonly CatalogueEntry[]): string[] {
  const byCategory = new Map<string, string[]>();
  for (const k of catalogue.filter((c) => c.kpiId !== 'health_score'))
    byCategory.set(k.category, [...(byCategory.get(k.category) ?? []), k.kpiId]);
  const ids: string[] = [];
  for (let round = 0; ids.length < SCORECARD_SIZE; round += 1) {
    const taken = [...byCategory.values()].flatMap((list) => (list[round] ? [list[round]] : []));
    if (taken.length === 0) throw new Error(`the catalogue has fewer than ${SCORECARD_SIZE} KPIs`);
    ids.push(...taken.slice(0, SCORECARD_SIZE - ids.length));
  }
  return ids;
}

export interface CharterEvent {
  readonly type: string;
  readonly occurredAt: string;
  readonly recordedBy: string;
  readonly data: Record<string, unknown>;
}

/**
 * The governance events the routes write for an adoption (test: libs/kpis/src/scenarios/charter.spec.ts),
 * for the in-process figure: proposed by the first org, approved by the others, adopted in the batch of
 * the last approval; effective from the partnership's start, so it governs every asOf.
 */
export function charterEvents(charter: object, at: string): CharterEvent[] {
  const definitionHash = definitionHashOf(charter);
  const proposalId = 'bench-proposal';
  const proposed = {
    proposalId,
    baseVersion: 0,
    charter,
    definitionHash,
    effectiveFrom: STARTED_AT,
  };
  return [
    { type: 'charter.proposed', occurredAt: at, recordedBy: ORGS[0], data: proposed },
    ...ORGS.slice(1).map((org) => ({
      type: 'charter.approved',
      occurredAt: at,
      recordedBy: org,
      data: { proposalId, definitionHash },
    })),
    {
      type: 'charter.adopted',
      occurredAt: at,
      recordedBy: ORGS.at(-1)!,
      data: { proposalId, version: 1, definitionHash, effectiveFrom: STARTED_AT },
    },
  ];
}
