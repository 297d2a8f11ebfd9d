import { byKey } from '../compute/order';
import { percent, round2 } from '../numbers';
import { QualityLedger } from './events';
import { inTrailingYear } from './recorded';

/**
 * Balance (API.md, "Data quality"): how much of the partnership's record each member org keeps, since
 * asymmetric measurement erodes trust.
 *
 * Guarantees:
 * - `events`: the events the org recorded (`recordedBy`) that occurred in the 12 months up to asOf
 *   ((asOf − 365 days, asOf], recorded.ts: the window and counting reporting_balance uses),
 *   known at the ledger position and not retracted: `partnership.formed`, governance (charter proposals,
 *   approvals, reviews, disputes) and the org's own retractions included, as the contract counts every
 *   event an org recorded; events the ledger appends itself (`byLedger`) excluded;
 * - `share`: its events / all members' × 100, 2 decimals (null when no member recorded any);
 * - `retracted`: how many of its events that occurred in the window are retracted (by whomever);
 * - one entry per member org, by orgId (RFC 8785 code-unit order).
 * Constraints: reporting_balance counts the same way over its facts, which hold the data events only
 * (no formation, governance or retraction events: they are no facts), and is left as it was so that
 * no stored snapshotHash changes (README.md, "Data quality").
 */
export interface BalanceItem {
  readonly orgId: string;
  readonly events: number;
  readonly share: number | null;
  readonly retracted: number;
}

export function balanceAt(ledger: QualityLedger, asOf: number): BalanceItem[] {
  const counts = new Map(ledger.members.map((org) => [org, { events: 0, retracted: 0 }]));
  // One pass, as tallyByOrg counts (recorded.ts): members only, in the 12 months up to asOf.
  for (const e of ledger.events) {
    const count = counts.get(e.recordedBy);
    if (!count || e.byLedger || !inTrailingYear(e.occurredAt, asOf)) continue;
    if (ledger.retracted.has(e.eventId)) count.retracted += 1;
    else count.events += 1;
  }
  const total = [...counts.values()].reduce((sum, n) => sum + n.events, 0);
  return byKey(counts).map(([orgId, { events, retracted }]) => ({
    orgId,
    events,
    share: round2(percent(events, total)),
    retracted,
  }));
}
