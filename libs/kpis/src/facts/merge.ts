import { Map as IMap } from 'immutable';
import { KpiFacts, emptyFacts } from './types';

/**
 * The facts of several partnerships as one program: entity keys are prefixed with their partnership so
 * that two partnerships' deal "A1" stay two deals. Program KPIs are then the same pure computation over
 * the pooled facts (a program win rate is all wins over all closed deals, not a mean of rates).
 */
export function mergeFacts(parts: readonly (readonly [string, KpiFacts])[]): KpiFacts {
  const prefixed = <V>(pid: string, map: IMap<string, V>) => map.mapKeys((k) => `${pid}/${k}`);
  return parts.reduce<KpiFacts>((acc, [pid, f]) => ({
    ...acc,
    profile: f.profile && {
      startedAt: Math.min(acc.profile?.startedAt ?? Number.POSITIVE_INFINITY, f.profile.startedAt),
      currency: f.profile.currency,
      partnerOrgIds: [...new Set([...(acc.profile?.partnerOrgIds ?? []), ...f.profile.partnerOrgIds])].sort(),
    },
    deals: acc.deals.merge(prefixed(pid, f.deals)),
    milestones: acc.milestones.merge(prefixed(pid, f.milestones)),
    escalations: acc.escalations.merge(prefixed(pid, f.escalations)),
    records: acc.records.merge(f.records),
    causes: acc.causes.merge(f.causes),
    position: Math.max(acc.position, f.position),
    events: acc.events + f.events,
    latestAt: Math.max(acc.latestAt, f.latestAt),
  }), emptyFacts());
}
