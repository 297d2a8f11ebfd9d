import { plotted } from './format';
import { KpiSnapshot, snapshot, valueOf } from './kpi-answers';
import type { Clocks } from './route';

/** The ends of the 11 months before asOf's month, then asOf itself: the 12 points of a card's trend. */
export function monthEnds(asOf: string | undefined, now = Date.now()): string[] {
  const end = asOf ? new Date(asOf) : new Date(now);
  const ends: string[] = [];
  for (let back = 11; back >= 1; back--)
    ends.push(new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - back + 1, 1) - 1).toISOString());
  ends.push(end.toISOString());
  return ends;
}

/**
 * Each KPI's value at the end of each of the last 12 months, under the same ledger clock: 12 KPI answers
 * (each answers every KPI at once), three at a time, instead of one series per KPI. A KPI's value at a
 * month's end is what its cumulative series gives for that month (API.md), so the two agree.
 */
export async function trends(id: string, clocks: Clocks): Promise<Map<string, (number | null)[]>> {
  const ends = monthEnds(clocks.asOf);
  const answers: KpiSnapshot[] = new Array(ends.length);
  let next = 0;
  const worker = async () => {
    while (next < ends.length) {
      const i = next++;
      answers[i] = await snapshot(id, { ...clocks, asOf: ends[i] });
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  const byKpi = new Map<string, (number | null)[]>();
  for (const kpiId of Object.values(answers.at(-1)!.categories)
    .flat()
    .map((v) => v.kpiId))
    byKpi.set(
      kpiId,
      answers.map((answer) => plotted(valueOf(answer, kpiId)?.value)),
    );
  return byKpi;
}
