import { charterOf } from '../compute/view';
import { KpiFacts } from '../facts/types';
import { D, mean, round2 } from '../numbers';
import { CharterRef } from '../snapshot';
import { Anomaly, MonthValues, anomaliesAt } from './anomalies';
import { BalanceItem, balanceAt } from './balance';
import { CompletenessItem, completenessItems, completenessScore } from './completeness';
import { QualityEvent, qualityLedger } from './events';
import { Timeliness, timeliness } from './timeliness';

/**
 * The data-quality answer (API.md, "Data quality"): completeness, timeliness, balance and anomalies of a
 * partnership's ledger at (asOf, atPosition), and one score over them.
 *
 * Guarantees:
 * - a pure function of the facts and the events up to facts.position (the ledger position the answer
 *   reflects, named `position`): the API and an auditor's offline `ledger data-quality` give the same
 *   bytes for the same events, asOf and atPosition;
 * - score = the mean, over those that are not null, of the completeness score (null when nothing is
 *   expected), 100 − the late share (null when no event was measured) and 100 − 10 × the number of
 *   anomalies (floored at 0; never null, as the contract writes it: a partnership too young for any
 *   series to be judged has no anomaly), rounded half-up to 2 decimals;
 * - every list is capped at MAX_ITEMS, newest first; counts and scores are over all items, not the page;
 * - `charter` names the version the expectations, lateAfterDays and scorecard came from, as KPI answers
 *   do (absent under version 0).
 */
export interface DataQuality {
  readonly partnershipId: string;
  readonly asOf: string;
  readonly position: number;
  readonly score: number | null;
  readonly completeness: { readonly score: number | null; readonly items: readonly CompletenessItem[] };
  readonly timeliness: Timeliness;
  readonly balance: readonly BalanceItem[];
  readonly anomalies: readonly Anomaly[];
  readonly charter?: CharterRef;
}

export interface DataQualityRequest {
  readonly partnershipId: string;
  readonly currency: string;
  /** Business time, ISO-8601 (normalized to UTC milliseconds in the answer). */
  readonly asOf: string;
}

export const MAX_ITEMS = 100;

/**
 * The answer from the KPI facts and the compact events of one partnership, both up to the same ledger
 * position (events past facts.position are left out). `monthValues` lets a caller supply cached month
 * figures (month-cache.ts); by default they are computed.
 */
export function dataQuality(
  facts: KpiFacts,
  events: readonly QualityEvent[],
  request: DataQualityRequest,
  monthValues?: MonthValues,
): DataQuality {
  const asOf = Date.parse(request.asOf);
  const ledger = qualityLedger(facts, events);
  const items = completenessItems(ledger, asOf);
  const completeness = { score: completenessScore(items), items: items.slice(0, MAX_ITEMS) };
  const timely = timeliness(ledger, asOf, MAX_ITEMS);
  const { partnershipId, currency } = request;
  const anomalies = anomaliesAt(facts, { partnershipId, currency, asOf }, monthValues);
  const anomalyTerm = Math.max(0, 100 - 10 * anomalies.items.length);
  const lateTerm = timely.late.share === null ? null : new D(100).minus(timely.late.share).toNumber();
  const { version, definitionHash } = charterOf(facts, asOf);
  return {
    partnershipId,
    asOf: new Date(asOf).toISOString(),
    position: facts.position,
    score: overall([completeness.score, lateTerm, anomalyTerm]),
    completeness,
    timeliness: timely,
    balance: balanceAt(ledger, asOf),
    anomalies: anomalies.items.slice(0, MAX_ITEMS),
    ...(version === 0 ? {} : { charter: { version, definitionHash } }),
  };
}

function overall(terms: readonly (number | null)[]): number | null {
  const present = terms.filter((t): t is number => t !== null);
  return round2(mean(present));
}
