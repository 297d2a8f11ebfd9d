import { Map as IMap } from 'immutable';
import { KpiFacts, RecordFact, emptyFacts } from '../facts/types';

/**
 * The facts of several partnerships as one program: entity keys are prefixed with their partnership so
 * that two partnerships' deal "A1" stay two deals (and so are the deals a `deal.touched` names). This is
 * what program totals mean, kept as the oracle for pooledView, which computes them without copying every
 * partnership's facts into one map.
 */
export function mergeFacts(parts: readonly (readonly [string, KpiFacts])[]): KpiFacts {
  const deals = new Map<string, unknown>();
  const milestones = new Map<string, unknown>();
  const escalations = new Map<string, unknown>();
  const records = new Map<string, unknown>();
  const orgs = new Set<string>();
  let merged = emptyFacts();
  let startedAt = Number.POSITIVE_INFINITY;
  for (const [pid, f] of parts) {
    for (const [k, v] of f.deals) deals.set(`${pid}/${k}`, v);
    for (const [k, v] of f.milestones) milestones.set(`${pid}/${k}`, v);
    for (const [k, v] of f.escalations) escalations.set(`${pid}/${k}`, v);
    for (const [k, v] of f.records) records.set(k, v.type === 'deal.touched' ? touchOf(pid, v) : v);
    for (const org of f.profile?.partnerOrgIds ?? []) orgs.add(org);
    if (f.profile) {
      startedAt = Math.min(startedAt, f.profile.startedAt);
      merged = { ...merged, profile: { startedAt, currency: f.profile.currency, partnerOrgIds: [] } };
    }
    merged = {
      ...merged,
      position: Math.max(merged.position, f.position),
      events: merged.events + f.events,
      latestAt: Math.max(merged.latestAt, f.latestAt),
    };
  }
  return {
    ...merged,
    ...(merged.profile ? { profile: { ...merged.profile, partnerOrgIds: [...orgs].sort() } } : {}),
    deals: IMap(deals) as KpiFacts['deals'],
    milestones: IMap(milestones) as KpiFacts['milestones'],
    escalations: IMap(escalations) as KpiFacts['escalations'],
    records: IMap(records) as KpiFacts['records'],
  };
}

/** A touch of the partnership's deal, naming it by its key in the merged facts. */
function touchOf(pid: string, r: RecordFact): RecordFact {
  return { ...r, data: { ...r.data, dealId: `${pid}/${String(r.data.dealId)}` } };
}
