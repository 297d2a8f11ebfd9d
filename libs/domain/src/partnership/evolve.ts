import { Map as IMap, Set as ISet } from 'immutable';
import { DomainEvent, assertNever, retractionTarget } from '../events/event';
import { EventData } from '../events/schemas';
import { Cause, Deal, Escalation, FormedPartnership, LedgerEntry, Milestone, Occurrences, PartnershipState } from './state';
import { undo } from './undo';

/**
 * evolve(state, event) → state. Pure; never throws on an event that is in the ledger: a rule that must
 * hold is enforced by `decide` before the append, and an event whose subject is gone (its registration
 * was retracted) simply has no effect, exactly as if the retracted event had never happened.
 */
export function evolve(state: PartnershipState, event: DomainEvent): PartnershipState {
  if (event.type === 'partnership.formed') return state.status === 'none' ? formed(event) : state;
  if (state.status === 'none') return state;
  const entry: LedgerEntry = { type: event.type, key: keyOf(event), recordedBy: event.recordedBy };
  const next: FormedPartnership = { ...state, version: state.version + 1, ledger: state.ledger.set(event.eventId, entry) };
  return apply(next, event);
}

function formed(event: DomainEvent & { type: 'partnership.formed' }): PartnershipState {
  const { name, type, partnerOrgIds, currency, startedAt, objectives } = event.data;
  return {
    status: 'active',
    version: 1,
    profile: { name, type, partnerOrgIds, currency, startedAt, ...(objectives ? { objectives } : {}) },
    ledger: IMap<string, LedgerEntry>().set(event.eventId, { type: event.type, recordedBy: event.recordedBy }),
    retracted: ISet<string>(),
    deals: IMap<string, Deal>(),
    milestones: IMap<string, Milestone>(),
    escalations: IMap<string, Escalation>(),
    leads: IMap(),
    customers: IMap(),
  };
}

const causeOf = (e: DomainEvent): Cause => ({ eventId: e.eventId, at: e.occurredAt });

/** One more event recording `key` (a lead generated, a customer acquired). */
function occurred(map: Occurrences, key: string, e: DomainEvent): Occurrences {
  return map.set(key, (map.get(key) ?? IMap<string, string>()).set(e.eventId, e.occurredAt));
}

function apply(s: FormedPartnership, e: DomainEvent): PartnershipState {
  switch (e.type) {
    case 'deal.registered':
      return { ...s, deals: s.deals.set(e.data.dealId, { status: 'registered', registered: causeOf(e) }) };
    case 'deal.won':
    case 'deal.lost': {
      const deal = s.deals.get(e.data.dealId);
      if (deal?.status !== 'registered') return s;
      const status = e.type === 'deal.won' ? 'won' : 'lost';
      return { ...s, deals: s.deals.set(e.data.dealId, { status, registered: deal.registered, closed: causeOf(e) }) };
    }
    case 'milestone.planned':
      return { ...s, milestones: s.milestones.set(e.data.milestoneId, { status: 'planned', planned: causeOf(e) }) };
    case 'milestone.hit': {
      const m = s.milestones.get(e.data.milestoneId);
      if (m?.status !== 'planned') return s;
      return { ...s, milestones: s.milestones.set(e.data.milestoneId, { status: 'hit', planned: m.planned, hit: causeOf(e) }) };
    }
    case 'escalation.raised':
      return { ...s, escalations: s.escalations.set(e.data.escalationId, { status: 'raised', raised: causeOf(e) }) };
    case 'escalation.acknowledged': {
      const x = s.escalations.get(e.data.escalationId);
      if (x?.status !== 'raised') return s;
      const acknowledged = { status: 'acknowledged', raised: x.raised, acknowledged: causeOf(e) } as const;
      return { ...s, escalations: s.escalations.set(e.data.escalationId, acknowledged) };
    }
    case 'escalation.resolved': {
      const x = s.escalations.get(e.data.escalationId);
      if (!x || x.status === 'resolved') return s;
      const acknowledged = x.status === 'acknowledged' ? { acknowledged: x.acknowledged } : {};
      const resolved = { status: 'resolved', raised: x.raised, resolved: causeOf(e), ...acknowledged } as const;
      return { ...s, escalations: s.escalations.set(e.data.escalationId, resolved) };
    }
    case 'lead.generated':
      return { ...s, leads: occurred(s.leads, e.data.leadId, e) };
    case 'customer.acquired':
      return { ...s, customers: occurred(s.customers, e.data.customerId, e) };
    case 'partnership.ended':
      return s.status === 'ended' ? s : { ...s, status: 'ended', ended: { eventId: e.eventId, endedAt: e.occurredAt, reason: e.data.reason } };
    case 'event.retracted':
      return retract(s, e.data);
    case 'partnership.formed':
    case 'deal.touched':
    case 'lead.converted':
    case 'customer.churned':
    case 'customer.referred':
    case 'survey.answered':
    case 'engagement.logged':
    case 'cost.incurred':
    case 'cost.saved':
    case 'revenue.reported':
    case 'solution.launched':
    case 'ip.filed':
    case 'market.entered':
    case 'market_share.reported':
    case 'resource.allocated':
    case 'resource.utilized':
    case 'uptime.reported':
    case 'impact.recorded':
    case 'target.set':
      return s;
    default:
      return assertNever(e);
  }
}

function retract(s: FormedPartnership, data: EventData<'event.retracted'>): PartnershipState {
  const id = retractionTarget(data);
  const target = s.ledger.get(id);
  if (!target || s.retracted.has(id)) return s;
  return undo({ ...s, retracted: s.retracted.add(id) }, id, target);
}

/** The subject an event is about, which undoing it needs to find. */
function keyOf(e: DomainEvent): string | undefined {
  switch (e.type) {
    case 'deal.registered':
    case 'deal.won':
    case 'deal.lost':
      return e.data.dealId;
    case 'milestone.planned':
    case 'milestone.hit':
      return e.data.milestoneId;
    case 'escalation.raised':
    case 'escalation.acknowledged':
    case 'escalation.resolved':
      return e.data.escalationId;
    case 'lead.generated':
      return e.data.leadId;
    case 'customer.acquired':
      return e.data.customerId;
    default:
      return undefined;
  }
}

