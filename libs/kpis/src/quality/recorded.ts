import { DAY_MS } from '../numbers';

/**
 * Who recorded how much: the one counting rule that the data-quality balance (API.md, "Data quality") and
 * the `reporting_balance` KPI (KPIS.md) share.
 *
 * Guarantees:
 * - "the 12 months up to asOf" is (asOf − 365 days, asOf]: start exclusive, asOf inclusive, as
 *   reporting_balance has always counted it, so both figures read the same window (timeliness too);
 * - only member orgs are counted (admin's and other orgs' stamps count for no one); every member is in
 *   the tally, with 0 when it recorded nothing.
 * Constraints: each caller decides which events it hands in (the KPI its facts, the data-quality answer
 * every event a member recorded); a stamp without a recorder or an instant counts for no one.
 */
export const TRAILING_YEAR_MS = 365 * DAY_MS;

/** Whether business time `at` falls in the 12 months up to asOf: (asOf − 365 days, asOf]. */
export function inTrailingYear(at: number, asOf: number): boolean {
  return at > asOf - TRAILING_YEAR_MS && at <= asOf;
}

/** Something an org recorded, at a business time. */
export interface RecordedStamp {
  readonly by?: string;
  readonly at?: number;
}

/** How many of `stamps` each member org recorded in the 12 months up to asOf (members in the given order). */
export function tallyByOrg(
  members: readonly string[],
  asOf: number,
  stamps: Iterable<RecordedStamp>,
): Map<string, number> {
  const counts = new Map(members.map((org) => [org, 0]));
  for (const { by, at } of stamps) {
    if (by === undefined || at === undefined || !counts.has(by)) continue;
    if (inTrailingYear(at, asOf)) counts.set(by, counts.get(by)! + 1);
  }
  return counts;
}
