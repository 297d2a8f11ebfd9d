import {
  CharterInForce,
  Governance,
  VERSION_ZERO,
  charterInForce,
  disputeAt,
  disputeState,
  governanceAt,
} from '@ledger/domain';
import { DealFact, EscalationFact, KpiFacts, MilestoneFact, RecordFact } from '../facts/types';
import { Period } from '../periods';
import { Touch, touchesByDeal, windowedRecords } from './windowing';

export type { Touch } from './windowing';

export type DealStatus = 'open' | 'won' | 'lost';

export interface DealAt extends DealFact {
  readonly dealId: string;
  readonly status: DealStatus;
  readonly partner: boolean;
  /**
   * The deal's `deal.touched` records up to asOf (also before a window's `since`), in record order. Joined
   * when the view is made, from the partnership's own facts: a pooled view holds several partnerships'
   * deals, whose ids may be the same. viewAt always sets it; absent (a deal built by hand) means none.
   */
  readonly touches?: readonly Touch[];
}

/**
 * The facts as they stood at business time `asOf`: everything that happened later is left out, and a
 * deal, milestone or escalation is in the state its events up to `asOf` put it in. `period` is the
 * calendar period that "period" KPIs measure (the quarter containing asOf unless a series asks for another).
 *
 * A view with `since` (a series with window=period) is restricted to the window [since, asOf] for the KPIs
 * that are a sum, count, mean or rate of events: `records(type)` holds only the records in the window, deals
 * closed before it are left out, and the KPIs over milestones and escalations take only the steps in it
 * (inWindow). What is context rather than a measured event stays whole: `recordsByType` (history()) holds
 * every record up to asOf, so targets and a deal's touches before the window still count.
 */
export interface View {
  readonly asOf: number;
  /** The window's first instant (ms, inclusive); absent in a cumulative view (every figure up to asOf). */
  readonly since?: number;
  readonly period: Period;
  /** Only what KPIs read besides the entities: a view holds no reference to the facts' maps. */
  readonly facts: Pick<KpiFacts, 'profile' | 'ended'>;
  readonly deals: readonly DealAt[];
  readonly milestones: readonly MilestoneFact[];
  readonly escalations: readonly EscalationFact[];
  /** Every record up to asOf by type, in record order: also those before `since` (see history()). */
  readonly recordsByType: ReadonlyMap<string, readonly RecordFact[]>;
  /** The records of a type in the view's window (up to asOf; from `since` on when it is set). */
  records(type: string): readonly RecordFact[];
  /**
   * The charter the figures are computed under: the version in force at asOf among those adopted in the
   * facts (their ledger position), or a what-if proposal; version 0 (defaults) in a pooled view.
   */
  readonly charter: CharterInForce;
  /** The disputes open at asOf, and what each disputes: the KPIs they touch carry their ids. */
  readonly disputes: readonly OpenDispute[];
}

/** An open dispute as KPI answers read it: an event's type, or a KPI id. */
export interface OpenDispute {
  readonly disputeId: string;
  readonly eventType?: string;
  readonly kpiId?: string;
}

/**
 * The view of the facts at `asOf`; with `since`, restricted to the window [since, asOf] (see View).
 *
 * Guarantees: without `since` the view is exactly the cumulative one (no `since` key, the same records and
 * deals), so cumulative answers do not change.
 */
export function viewAt(facts: KpiFacts, asOf: number, period: Period, since?: number, whatIf?: string): View {
  const upTo = (at: number) => at <= asOf;
  const byType = new Map<string, RecordFact[]>();
  for (const r of facts.records.values()) {
    if (!upTo(r.at)) continue;
    const list = byType.get(r.type) ?? [];
    list.push(r);
    byType.set(r.type, list);
  }
  for (const list of byType.values()) list.sort(inRecordOrder);
  const touches = touchesByDeal(byType.get('deal.touched') ?? []);
  // A deal is closed from its close on, or from its registration when an older ledger holds a close that
  // occurred before it: the same instant the cumulative view first counts it, so periods add up.
  const closedBefore = (d: DealFact, t: number) => !!d.close && Math.max(d.registeredAt, d.close.at) < t;
  const deals = [...facts.deals]
    .filter(([, d]) => upTo(d.registeredAt) && !(since !== undefined && closedBefore(d, since)))
    .map(([dealId, d]) => ({
      ...d,
      dealId,
      status: (d.close && upTo(d.close.at) ? d.close.status : 'open') as DealStatus,
      partner: d.source !== 'direct',
      touches: touches.get(dealId) ?? [],
    }));
  return viewOf({
    asOf,
    ...(since !== undefined ? { since } : {}),
    period,
    facts: {
      ...(facts.profile ? { profile: facts.profile } : {}),
      ...(facts.ended ? { ended: facts.ended } : {}),
    },
    deals,
    milestones: [...facts.milestones.values()].filter((m) => upTo(m.plannedAt)),
    escalations: [...facts.escalations.values()].filter((x) => upTo(x.raisedAt)),
    recordsByType: byType,
    ...governedAt(facts, asOf, whatIf),
  });
}

/** The charter and the open disputes at asOf, from one fold of the facts' governance log. */
function governedAt(facts: Pick<KpiFacts, 'governance'>, asOf: number, whatIf?: string) {
  if (facts.governance.length === 0) return { charter: VERSION_ZERO, disputes: [] };
  const governance = governanceAt(facts.governance);
  return { charter: charterUnder(governance, asOf, whatIf), disputes: openDisputes(governance, asOf) };
}

function charterUnder(governance: Governance, asOf: number, whatIf?: string): CharterInForce {
  const proposal = whatIf === undefined ? undefined : governance.proposals.get(whatIf);
  return charterInForce(governance, asOf, proposal);
}

/** Disputes open at asOf, in the order they were opened (ledger order). */
function openDisputes(governance: Governance, asOf: number): OpenDispute[] {
  return [...governance.disputes.values()].flatMap((d) => {
    const known = disputeAt(d, asOf);
    if (!known || disputeState(known) !== 'open') return [];
    const s = known.subject;
    const what = 'eventId' in s ? { eventType: s.eventType } : { kpiId: s.kpiId };
    return [{ disputeId: d.disputeId, ...what }];
  });
}

/** The charter in force at asOf (or the what-if proposal's), from the facts' governance log. */
export function charterOf(
  facts: Pick<KpiFacts, 'governance'>,
  asOf: number,
  whatIf?: string,
): CharterInForce {
  if (facts.governance.length === 0) return VERSION_ZERO;
  return charterUnder(governanceAt(facts.governance), asOf, whatIf);
}

/**
 * Several partnerships' views (same asOf, period and since) as one program: every deal, milestone,
 * escalation and record of each, so a program win rate is all wins over all closed deals, not a mean of
 * rates. The program has no end; it started with its first partnership and its partner orgs are all of
 * theirs.
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
  const since = views[0].since;
  return viewOf({
    asOf: views[0].asOf,
    ...(since !== undefined ? { since } : {}),
    period: views[0].period,
    facts: profile ? { profile } : {},
    deals: views.flatMap((v) => v.deals),
    milestones: views.flatMap((v) => v.milestones),
    escalations: views.flatMap((v) => v.escalations),
    recordsByType: byType,
    charter: VERSION_ZERO,
    disputes: [],
  });
}

/** A view of its parts: what viewAt and pooledView build, and what rebuilds a view after a thread hop. */
export function viewOf(parts: Omit<View, 'records'>): View {
  const since = parts.since;
  if (since === undefined) return { ...parts, records: (type) => parts.recordsByType.get(type) ?? [] };
  return { ...parts, records: windowedRecords(parts.recordsByType, since) };
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
