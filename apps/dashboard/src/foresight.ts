import { Figure, plotted } from './format';
import type { Forecast, Projection, ScoreItem } from './foresight-answers';

/**
 * The foresight views' logic, pure so that it is tested without a browser (test/dashboard/views.spec.ts):
 * the fan chart's geometry, the scenarios side by side, and a partner's movement between tiers.
 */

/** The fan chart's aligned arrays: one time axis, history then forecast periods. */
export interface Fan {
  readonly times: readonly number[];
  readonly history: readonly (number | null)[];
  readonly point: readonly (number | null)[];
  readonly lower80: readonly (number | null)[];
  readonly upper80: readonly (number | null)[];
  readonly lower95: readonly (number | null)[];
  readonly upper95: readonly (number | null)[];
}

/**
 * The forecast drawn after the history. The point line and every band edge start at the last observed
 * value (an interval of width 0 where nothing is uncertain), so the fan opens from what is known instead
 * of floating free of it; before that the forecast's arrays are empty (null) and the bands are not drawn.
 */
export function fanOf(forecast: Pick<Forecast, 'history' | 'points'>): Fan {
  const past = forecast.history.map((p) => plotted(p.value));
  const last = past.length - 1;
  const ahead = (pick: (p: Forecast['points'][number]) => Figure) => [
    ...past.map((value, i) => (i === last ? value : null)),
    ...forecast.points.map((p) => plotted(pick(p))),
  ];
  return {
    times: [...forecast.history, ...forecast.points].map((p) => Date.parse(p.periodStart)),
    history: [...past, ...forecast.points.map(() => null)],
    point: ahead((p) => p.value),
    lower80: ahead((p) => p.lower80),
    upper80: ahead((p) => p.upper80),
    lower95: ahead((p) => p.lower95),
    upper95: ahead((p) => p.upper95),
  };
}

/** What `auto` chose, or the method asked, with the parameters the method fitted (Holt's α and β*, m). */
export function methodText(forecast: Pick<Forecast, 'method' | 'params'>, asked: string): string {
  const { alpha, betaStar, m } = forecast.params;
  const params = [
    alpha !== undefined ? `α = ${alpha}` : '',
    betaStar !== undefined ? `β* = ${betaStar}` : '',
    m !== undefined ? `m = ${m}` : '',
  ].filter(Boolean);
  const chosen = asked === 'auto' ? ' (chosen by auto: the least AICc)' : '';
  return `${forecast.method.replace(/_/g, ' ')}${params.length ? `, ${params.join(', ')}` : ''}${chosen}`;
}

/** One period of the scenario table: each scenario's revenue in it (undefined: that answer has none). */
export interface ScenarioRow {
  readonly periodStart: string;
  readonly revenue: Readonly<Record<string, Figure>>;
}

/** The scenarios' revenue side by side, by period, in the order the periods first appear. */
export function scenarioRows(projections: readonly (readonly [string, Projection])[]): ScenarioRow[] {
  const rows = new Map<string, Record<string, Figure>>();
  for (const [name, answer] of projections)
    for (const { periodStart, revenue } of answer.scenario) {
      const row = rows.get(periodStart) ?? {};
      row[name] = revenue;
      rows.set(periodStart, row);
    }
  return [...rows].map(([periodStart, revenue]) => ({ periodStart, revenue }));
}

export type Movement = 'up' | 'down' | 'same' | 'new' | 'changed';

/** How high each tier of the model in force stands (its minScore), higher is better. */
export function tierRanks(tiers: readonly { tier: string; minScore: number }[]): Map<string, number> {
  return new Map(tiers.map((t) => [t.tier, t.minScore]));
}

/**
 * A partner's move since the end of the previous quarter: `new` when it had no tier then (not yet
 * scored), `same`, `up` or `down` by the tiers' standing, and `changed` when the previous tier cannot
 * be placed (a tier of an older model that the model in force has not): better said than guessed.
 */
export function movementOf(
  item: Pick<ScoreItem, 'tier' | 'previousTier'>,
  ranks: ReadonlyMap<string, number>,
): Movement {
  const { tier, previousTier } = item;
  if (previousTier === null) return 'new';
  if (tier === previousTier) return 'same';
  // No tier now: below every threshold of the model, so lower than any tier it held.
  const now = tier === null ? -Infinity : ranks.get(tier);
  const then = ranks.get(previousTier);
  if (now === undefined || then === undefined) return 'changed';
  return now > then ? 'up' : now < then ? 'down' : 'changed';
}

export const MOVEMENT_TEXT: Readonly<Record<Movement, string>> = {
  up: '▲ up',
  down: '▼ down',
  same: '= same',
  new: '● new',
  changed: '↔ changed',
};
