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
  readonly facts: KpiFacts;
  readonly deals: readonly DealAt[];
  readonly milestones: readonly MilestoneFact[];
  readonly escalations: readonly EscalationFact[];
  records(type: string): readonly RecordFact[];
}

export function viewAt(facts: KpiFacts, asOf: number, period: Period): View {
  const upTo = (at: number) => at <= asOf;
  const deals = [...facts.deals.values()]
    .filter((d) => upTo(d.registeredAt))
    .map((d) => ({ ...d, status: (d.close && upTo(d.close.at) ? d.close.status : 'open') as DealStatus, partner: d.source !== 'direct' }));
  const byType = new Map<string, RecordFact[]>();
  for (const r of facts.records.values()) {
    if (!upTo(r.at)) continue;
    const list = byType.get(r.type) ?? [];
    list.push(r);
    byType.set(r.type, list);
  }
  // Business-time order, ledger order among equals: "first" and "latest" are well defined.
  for (const list of byType.values()) list.sort((a, b) => a.at - b.at || a.position - b.position);
  return {
    asOf,
    period,
    facts,
    deals,
    milestones: [...facts.milestones.values()].filter((m) => upTo(m.plannedAt)),
    escalations: [...facts.escalations.values()].filter((x) => upTo(x.raisedAt)),
    records: (type) => byType.get(type) ?? [],
  };
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
