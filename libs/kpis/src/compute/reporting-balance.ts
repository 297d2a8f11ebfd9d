import { D, DAY_MS, percent, round2 } from '../numbers';
import { byKey } from './order';
import { KpiResult, View } from './view';

const YEAR_MS = 365 * DAY_MS;

/**
 * How many events each member org recorded that occurred in (asOf − 365 days, asOf]: every record fact and
 * every step of a deal (registration, close), milestone (planned, hit) and escalation (raised, acknowledged,
 * resolved), by the org that recorded it.
 *
 * Guarantees: retracted events are not there to count; `admin`'s events and those of no member org are not
 * counted; formation, end and retractions are no fact and are not counted.
 * Constraints: steps folded before steps remembered their recorder (no `by`/`recordedBy`) count for no one
 * until the facts are rebuilt from the ledger.
 */
export function recordedCounts(v: View): Map<string, number> {
  const counts = new Map((v.facts.profile?.partnerOrgIds ?? []).map((org) => [org, 0]));
  const count = (by: string | undefined, at: number | undefined) => {
    if (by === undefined || at === undefined || !counts.has(by)) return;
    if (at > v.asOf - YEAR_MS && at <= v.asOf) counts.set(by, counts.get(by)! + 1);
  };
  for (const list of v.recordsByType.values()) for (const r of list) count(r.recordedBy, r.at);
  for (const d of v.deals) {
    count(d.recordedBy, d.registeredAt);
    count(d.close?.by, d.close?.at);
  }
  for (const m of v.milestones) {
    count(m.recordedBy, m.plannedAt);
    count(m.hit?.by, m.hit?.at);
  }
  for (const x of v.escalations) {
    count(x.recordedBy, x.raisedAt);
    count(x.acknowledged?.by, x.acknowledged?.at);
    count(x.resolved?.by, x.resolved?.at);
  }
  return counts;
}

/**
 * reporting_balance: the smallest member org's share × the number of member orgs × 100 — 100 when every
 * org records as much, 0 when one records nothing — so a ledger that one side keeps alone shows. Breakdown:
 * each member org's share in %. Null (and no breakdown) without any counted event.
 */
export function reportingBalance(v: View): KpiResult {
  const counts = byKey(recordedCounts(v));
  const total = counts.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return { kpiId: 'reporting_balance', value: null };
  const smallest = Math.min(...counts.map(([, n]) => n));
  return {
    kpiId: 'reporting_balance',
    value: round2(percent(new D(smallest).times(counts.length), total)),
    breakdown: Object.fromEntries(counts.map(([org, n]) => [org, round2(percent(n, total))])),
  };
}
