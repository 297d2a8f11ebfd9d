import { Map as IMap, Set as ISet } from 'immutable';
import { DomainEvent, assertNever, retractionTarget } from '../events/event';
import { EventData } from '../events/schemas';
import { Deal, Escalation, FormedPartnership, LedgerEntry, Milestone, PartnershipState } from './state';
import { undo } from './undo';

/**
 * evolve(state, event) → state. Pure; never throws on an event that is in the ledger: a rule that must
 * hold is enforced by `decide` before the append, and an event whose subject is gone (its registration
 * was retracted) simply has no effect, exactly as if the retracted event had never happened.
 */
export function evolve(state: PartnershipState, event: DomainEvent): PartnershipState {
  if (event.type === 'partnership.formed') return state.status === 'none' ? formed(event) : state;
  if (state.status === 'none') return state;
  const entry: LedgerEntry = { type: event.type, key: keyOf(event) };
  const next: FormedPartnership = { ...state, version: state.version + 1, ledger: state.ledger.set(event.eventId, entry) };
  return apply(next, event);
}

function formed(event: DomainEvent & { type: 'partnership.formed' }): PartnershipState {
  const { name, type, partnerOrgIds, currency, startedAt, objectives } = event.data;
  return {
    status: 'active',
    version: 1,
    profile: { name, type, partnerOrgIds, currency, startedAt, ...(objectives ? { objectives } : {}) },
    ledger: IMap<string, LedgerEntry>().set(event.eventId, { type: event.type }),
    retracted: ISet<string>(),
    deals: IMap<string, Deal>(),
    milestones: IMap<string, Milestone>(),
    escalations: IMap<string, Escalation>(),
  };
}

function apply(s: FormedPartnership, e: DomainEvent): PartnershipState {
  switch (e.type) {
    case 'deal.registered':
      return { ...s, deals: s.deals.set(e.data.dealId, { status: 'registered', registeredBy: e.eventId }) };
    case 'deal.won':
    case 'deal.lost': {
      const deal = s.deals.get(e.data.dealId);
      if (deal?.status !== 'registered') return s;
      const status = e.type === 'deal.won' ? 'won' : 'lost';
      return { ...s, deals: s.deals.set(e.data.dealId, { status, registeredBy: deal.registeredBy, closedBy: e.eventId }) };
    }
    case 'milestone.planned':
      return { ...s, milestones: s.milestones.set(e.data.milestoneId, { status: 'planned', plannedBy: e.eventId }) };
    case 'milestone.hit': {
      const m = s.milestones.get(e.data.milestoneId);
      if (m?.status !== 'planned') return s;
      return { ...s, milestones: s.milestones.set(e.data.milestoneId, { status: 'hit', plannedBy: m.plannedBy, hitBy: e.eventId }) };
    }
    case 'escalation.raised':
      return { ...s, escalations: s.escalations.set(e.data.escalationId, { status: 'raised', raisedBy: e.eventId }) };
    case 'escalation.acknowledged': {
      const x = s.escalations.get(e.data.escalationId);
      if (x?.status !== 'raised') return s;
      const acknowledged = { status: 'acknowledged', raisedBy: x.raisedBy, acknowledgedBy: e.eventId } as const;
      return { ...s, escalations: s.escalations.set(e.data.escalationId, acknowledged) };
    }
    case 'escalation.resolved': {
      const x = s.escalations.get(e.data.escalationId);
      if (!x || x.status === 'resolved') return s;
      const acknowledgedBy = x.status === 'acknowledged' ? x.acknowledgedBy : undefined;
      const resolved = { status: 'resolved', raisedBy: x.raisedBy, resolvedBy: e.eventId, ...(acknowledgedBy ? { acknowledgedBy } : {}) } as const;
      return { ...s, escalations: s.escalations.set(e.data.escalationId, resolved) };
    }
    case 'partnership.ended':
      return s.status === 'ended' ? s : { ...s, status: 'ended', ended: { eventId: e.eventId, endedAt: e.occurredAt, reason: e.data.reason } };
    case 'event.retracted':
      return retract(s, e.data);
    case 'partnership.formed':
    case 'deal.touched':
    case 'lead.generated':
    case 'lead.converted':
    case 'customer.acquired':
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

function keyOf(e: DomainEvent): string | undefined {
  const d = e.data as Record<string, unknown>;
  const key = e.type.startsWith('deal.') ? d.dealId : e.type.startsWith('milestone.') ? d.milestoneId : e.type.startsWith('escalation.') ? d.escalationId : undefined;
  return typeof key === 'string' ? key : undefined;
}

