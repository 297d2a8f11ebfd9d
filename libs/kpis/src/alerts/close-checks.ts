import { KPI_CATALOGUE, KpiCategory } from '@ledger/domain';
import { typedStampsOf } from '../compute/stamps';
import { View } from '../compute/view';
import { KpiFacts } from '../facts/types';
import { Period, periodOf } from '../periods';
import { MonthValues, anomaliesAt } from '../quality/anomalies';
import { snapshotOfView } from '../snapshot';
import { settingsAt } from './state';
import { Alert, AlertState } from './types';

/** What a month close (close.ts) finds, each a list of alert subjects. */
type Subjects = Alert['subject'][];
const CATEGORY = new Map(KPI_CATALOGUE.map((k) => [k.kpiId, k.category]));

/** The months flagged on the scanned KPIs' series at M − 1 ms (quality/anomalies.ts). */
export function anomalySubjects(s: AlertState, m: number, facts: KpiFacts, values?: MonthValues): Subjects {
  const request = { partnershipId: s.partnershipId, currency: s.currency, asOf: m - 1 };
  return anomaliesAt(facts, request, values).items.map(({ kpiId, periodStart }) => ({ kpiId, periodStart }));
}

/** KPIs with a target whose status is off_track; only the categories that hold a target are computed. */
export function offTrackSubjects(s: AlertState, viewAt: () => View): Subjects {
  if (!s.targets) return [];
  const view = viewAt();
  const categories = targetedCategories(view);
  if (categories.length === 0) return [];
  const { partnershipId, currency } = s;
  const asOf = new Date(view.asOf).toISOString();
  const request = { partnershipId, currency, asOf, position: s.position, categories };
  return Object.values(snapshotOfView(view, request).categories)
    .flat()
    .filter((k) => k.status === 'off_track')
    .map((k) => ({ kpiId: k.kpiId }));
}

/** The categories of the KPIs the scorecard or a target.set gives a target (health_score's included). */
function targetedCategories(view: View): KpiCategory[] {
  const { charter } = view.charter;
  const ids = charter.scorecard.filter((e) => e.target !== undefined).map((e) => e.kpiId);
  for (const r of view.recordsByType.get('target.set') ?? []) ids.push(String(r.data.kpiId));
  const custom = new Map(charter.customKpis.map((c) => [c.kpiId, c.category]));
  const found = ids.flatMap((id) => CATEGORY.get(id) ?? custom.get(id) ?? []);
  return [...new Set(found)];
}

/** Each expectation whose period ended at M, per member when fromEachPartner, with no standing report. */
export function missingSubjects(s: AlertState, m: number, viewAt: () => View): Subjects {
  const inForce = settingsAt(s, m - 1);
  const found: Subjects = [];
  if (inForce.expected.length === 0) return found;
  const view = viewAt();
  for (const entry of inForce.expected) {
    const period = periodOf(entry.every, m - 1);
    if (period.end + 1 !== m || !expectedIn(s, period, inForce.from)) continue;
    const periodStart = new Date(period.start).toISOString();
    const by = reporters(view, entry.type, period);
    for (const orgId of entry.fromEachPartner ? s.members : [undefined]) {
      if (orgId === undefined ? by.size > 0 : by.has(orgId)) continue;
      found.push({ type: entry.type, every: entry.every, periodStart, ...(orgId ? { orgId } : {}) });
    }
  }
  return found;
}

/** From the period containing the version's effectiveFrom, until the one the partnership ended in. */
function expectedIn(s: AlertState, period: Period, from: number): boolean {
  if (period.end < periodOf(period.kind, from).start) return false;
  return s.endedAt === null || period.start <= s.endedAt;
}

/** Who reported an event of this type that occurred in the period and stands (a retracted one does not). */
function reporters(view: View, type: string, period: Period): Set<string | undefined> {
  const by = new Set<string | undefined>();
  for (const e of typedStampsOf(view)) {
    if (e.type === type && e.at !== undefined && e.at >= period.start && e.at <= period.end) by.add(e.by);
  }
  return by;
}
