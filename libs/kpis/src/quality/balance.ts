import { byKey } from '../compute/order';
import { percent, round2 } from '../numbers';
import { QualityLedger } from './events';
import { RecordedStamp, tallyByOrg } from './recorded';

/**
 * Balance (API.md, "Data quality"): how much of the partnership's record each member org keeps, since
 * asymmetric measurement erodes trust.
 *
 * Guarantees:
 * - `events`: the events the org recorded (`recordedBy`) that occurred in the 12 months up to asOf
 *   ((asOf − 365 days, asOf], recorded.ts: tallyByOrg, the window and counting reporting_balance uses),
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
  const counts = tallyByOrg(ledger.members, asOf, stampsOf(ledger, false));
  const retracted = tallyByOrg(ledger.members, asOf, stampsOf(ledger, true));
  const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
  return byKey(counts).map(([orgId, events]) => ({
    orgId,
    events,
    share: round2(percent(events, total)),
    retracted: retracted.get(orgId)!,
  }));
}

/** Who recorded each event (not the ledger's own) and when it occurred: those retracted, or those standing. */
function* stampsOf(ledger: QualityLedger, retracted: boolean): Generator<RecordedStamp> {
  for (const e of ledger.events)
    if (!e.byLedger && ledger.retracted.has(e.eventId) === retracted)
      yield { by: e.recordedBy, at: e.occurredAt };
}
