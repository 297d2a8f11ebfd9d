import { DealFact, EscalationFact, KpiFacts, MilestoneFact, RecordFact } from '../facts/types';
import { Period } from '../periods';

export type DealStatus = 'open' | 'won' | 'lost';

export interface DealAt extends DealFact {
  readonly status: DealStatus;
  readonly partner: boolean;
}

/**
 * The facts as they stood at business time `asOf`: everything that happened later is left out, and a
 * deal, milestone or escalation is in the state its events up to `asOf` put it in. `period` is the
 * calendar period that "period" KPIs measure (the quarter containing asOf unless a series asks for another).
 */
export interface View {
  readonly asOf: number;
  readonly period: Period;
  /** Only what KPIs read besides the entities: a view holds no reference to the facts' maps. */
  readonly facts: Pick<KpiFacts, 'profile' | 'ended'>;
  readonly deals: readonly DealAt[];
  readonly milestones: readonly MilestoneFact[];
  readonly escalations: readonly EscalationFact[];
  readonly recordsByType: ReadonlyMap<string, readonly RecordFact[]>;
  records(type: string): readonly RecordFact[];
}

export function viewAt(facts: KpiFacts, asOf: number, period: Period): View {
  const upTo = (at: number) => at <= asOf;
  const deals = [...facts.deals.values()]
    .filter((d) => upTo(d.registeredAt))
    .map((d) => ({
      ...d,
      status: (d.close && upTo(d.close.at) ? d.close.status : 'open') as DealStatus,
      partner: d.source !== 'direct',
    }));
  const byType = new Map<string, RecordFact[]>();
  for (const r of facts.records.values()) {
    if (!upTo(r.at)) continue;
    const list = byType.get(r.type) ?? [];
    list.push(r);
    byType.set(r.type, list);
  }
  for (const list of byType.values()) list.sort(inRecordOrder);
  return viewOf({
    asOf,
    period,
    facts: {
      ...(facts.profile ? { profile: facts.profile } : {}),
      ...(facts.ended ? { ended: facts.ended } : {}),
    },
    deals,
    milestones: [...facts.milestones.values()].filter((m) => upTo(m.plannedAt)),
    escalations: [...facts.escalations.values()].filter((x) => upTo(x.raisedAt)),
    recordsByType: byType,
  });
}

/**
 * Several partnerships' views (same asOf and period) as one program: every deal, milestone, escalation
 * and record of each, so a program win rate is all wins over all closed deals, not a mean of rates. The
 * program has no end; it started with its first partnership and its partner orgs are all of theirs.
 *
 * Guarantees: the same KPIs as the view of the partnerships' facts merged with entity keys kept apart
 * per partnership (property-tested in pooled-view.spec.ts). KPIs read entities only as collections and
 * sum exact decimals, so the order entities come in does not matter; records are put back in record order.
 * Constraints: `views` is not empty and holds one currency.
 */
export function pooledView(views: readonly View[]): View {
  const profiles = views.flatMap((v) => (v.facts.profile ? [v.facts.profile] : []));
  const byType = new Map<string, RecordFact[]>();
  for (const v of views) {
    for (const [type, list] of v.recordsByType) {
      const pooled = byType.get(type) ?? [];
      for (const r of list) pooled.push(r);
      byType.set(type, pooled);
    }
  }
  for (const list of byType.values()) list.sort(inRecordOrder);
  const profile =
    profiles.length === 0
      ? undefined
      : {
          startedAt: profiles.reduce((min, p) => Math.min(min, p.startedAt), Number.POSITIVE_INFINITY),
          currency: profiles.at(-1)!.currency,
          partnerOrgIds: [...new Set(profiles.flatMap((p) => p.partnerOrgIds))].sort(),
        };
  return viewOf({
    asOf: views[0].asOf,
    period: views[0].period,
    facts: profile ? { profile } : {},
    deals: views.flatMap((v) => v.deals),
    milestones: views.flatMap((v) => v.milestones),
    escalations: views.flatMap((v) => v.escalations),
    recordsByType: byType,
  });
}

/** A view of its parts: what viewAt and pooledView build, and what rebuilds a view after a thread hop. */
export function viewOf(parts: Omit<View, 'records'>): View {
  return { ...parts, records: (type) => parts.recordsByType.get(type) ?? [] };
}

/** Business-time order, ledger order among equals: "first" and "latest" are well defined. */
function inRecordOrder(a: RecordFact, b: RecordFact): number {
  return a.at - b.at || a.position - b.position;
}

/** An event-stamp that counts at asOf. */
export function happened(v: View, stamp: { at: number } | undefined): boolean {
  return stamp !== undefined && stamp.at <= v.asOf;
}

export interface KpiResult {
  readonly kpiId: string;
  readonly value: number | string | null;
  readonly breakdown?: Readonly<Record<string, number | string | null>>;
}
