import { D, percent, round2 } from '../numbers';
import { tallyByOrg } from '../quality/recorded';
import { typedStampsOf } from './stamps';
import { byKey } from './order';
import { KpiResult, View } from './view';

/**
 * How many events each member org recorded that occurred in (asOf − 365 days, asOf]: every record fact and
 * every step of a deal (registration, close), milestone (planned, hit) and escalation (raised, acknowledged,
 * resolved), by the org that recorded it. The window and the counting are the data-quality balance's
 * (quality/recorded.ts: tallyByOrg), so the two figures cannot drift apart.
 *
 * Guarantees: retracted events are not there to count; `admin`'s events and those of no member org are not
 * counted; formation, end and retractions are no fact and are not counted.
 * Constraints: steps folded before steps remembered their recorder (no `by`/`recordedBy`) count for no one
 * until the facts are rebuilt from the ledger.
 */
export function recordedCounts(v: View): Map<string, number> {
  return tallyByOrg(v.facts.profile?.partnerOrgIds ?? [], v.asOf, typedStampsOf(v));
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
