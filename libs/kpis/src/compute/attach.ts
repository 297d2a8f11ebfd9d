import { DEFAULT_CHARTER } from '@ledger/domain';
import { inWindowOf } from '../attribution/model';
import { Dec, percent, round2 } from '../numbers';
import { DealAt, KpiResult, View } from './view';

/** The attribution window of charter version 0; a charter in force passes its own. */
export const DEFAULT_ATTRIBUTION_WINDOW_DAYS = DEFAULT_CHARTER.attribution.windowDays;

/**
 * The member orgs that touched a won deal: the org that registered it (whatever the window, as in
 * attribution) and each org of a `deal.touched` in [wonAt − windowDays, wonAt].
 *
 * Constraints: `deal` is won. Orgs that are not members (an `admin` registration) are not counted.
 */
function touchingOrgs(deal: DealAt, windowDays: number, members: ReadonlySet<string>): Set<string> {
  const touched = inWindowOf(deal.close!.at, deal.touches ?? [], windowDays).map((t) => t.orgId);
  return new Set([deal.registeredBy, ...touched].filter((org) => members.has(org)));
}

/**
 * Won deals of every source touched by at least two member orgs, over all won deals, × 100. The window
 * is the attribution window of the charter governing the view (default 180 days).
 *
 * Guarantees: touches come from the deal itself (DealAt.touches), so a pooled view joins each deal with its
 * own partnership's touches, and a window=period view counts touches made before the period.
 */
export function attachRate(v: View, windowDays = DEFAULT_ATTRIBUTION_WINDOW_DAYS): Dec | null {
  const members = new Set(v.facts.profile?.partnerOrgIds ?? []);
  const won = v.deals.filter((d) => d.status === 'won');
  const attached = won.filter((d) => touchingOrgs(d, windowDays, members).size >= 2);
  return percent(attached.length, won.length);
}

export function partnerAttach(v: View, windowDays = DEFAULT_ATTRIBUTION_WINDOW_DAYS): KpiResult {
  return { kpiId: 'partner_attach_rate', value: round2(attachRate(v, windowDays)) };
}
