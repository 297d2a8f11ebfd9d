import { Map as IMap, Set as ISet } from 'immutable';
import { DomainEvent, assertNever, retractionTarget } from '../events/event';
import { EventData } from '../events/schemas';
import { GovernanceEvent, applyGovernance, emptyGovernance, isGovernanceEvent } from '../charter/governance';
import { applyEntityEvent, entityCauseOf, isEntityEvent } from '../history/entities';
import { ActivePartnership, FormedPartnership, LedgerEntry, Occurrences, PartnershipState } from './state';
import { undo } from './undo';

/**
 * evolve(state, event) → state. Pure; never throws on an event that is in the ledger: a rule that must
 * hold is enforced by `decide` before the append, and an event whose subject is gone (its registration
 * was retracted) simply has no effect, exactly as if the retracted event had never happened. The deal,
 * milestone and escalation lifecycles are the domain's one definition (history/entities.ts).
 */
export function evolve(state: PartnershipState, event: DomainEvent, position?: number): PartnershipState {
  if (event.type === 'partnership.formed') {
    if (state.status !== 'none') return state;
    const active = formed(event);
    return position === undefined ? active : { ...active, position };
  }
  if (state.status === 'none') return state;
  const entry: LedgerEntry = {
    type: event.type,
    recordedBy: event.recordedBy,
    cause: entityCauseOf(event),
    key: occurrenceKeyOf(event),
  };
  const next: FormedPartnership = {
    ...state,
    version: state.version + 1,
    ...(position === undefined ? {} : { position }),
    ledger: state.ledger.set(event.eventId, entry),
  };
  if (isGovernanceEvent(event)) {
    const stamped = position === undefined ? event : { ...event, position };
    return { ...next, governance: applyGovernance(next.governance, stamped) };
  }
  return isEntityEvent(event) ? applyEntityEvent(next, event) : apply(next, event);
}

function formed(event: DomainEvent & { type: 'partnership.formed' }): ActivePartnership {
  const { name, type, partnerOrgIds, currency, startedAt, objectives } = event.data;
  return {
    status: 'active',
    version: 1,
    profile: { name, type, partnerOrgIds, currency, startedAt, ...(objectives ? { objectives } : {}) },
    ledger: IMap<string, LedgerEntry>().set(event.eventId, {
      type: event.type,
      recordedBy: event.recordedBy,
    }),
    retracted: ISet<string>(),
    deals: IMap(),
    milestones: IMap(),
    escalations: IMap(),
    leads: IMap(),
    customers: IMap(),
    governance: emptyGovernance(),
  };
}

/** One more event recording `key` (a lead generated, a customer acquired). */
function occurred(map: Occurrences, key: string, e: DomainEvent): Occurrences {
  return map.set(key, (map.get(key) ?? IMap<string, string>()).set(e.eventId, e.occurredAt));
}

function apply(
  s: FormedPartnership,
  e: Exclude<
    DomainEvent,
    | { type: `deal.${'registered' | 'won' | 'lost'}` | `milestone.${string}` | `escalation.${string}` }
    | GovernanceEvent
  >,
): PartnershipState {
  switch (e.type) {
    case 'lead.generated':
      return { ...s, leads: occurred(s.leads, e.data.leadId, e) };
    case 'customer.acquired':
      return { ...s, customers: occurred(s.customers, e.data.customerId, e) };
    case 'partnership.ended':
      return s.status === 'ended'
        ? s
        : {
            ...s,
            status: 'ended',
            ended: { eventId: e.eventId, endedAt: e.occurredAt, reason: e.data.reason },
          };
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
    case 'scoring_model.set':
    case 'organization.assessed':
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

/** The lead or customer an event records, which undoing it needs to find. */
function occurrenceKeyOf(e: DomainEvent): string | undefined {
  if (e.type === 'lead.generated') return e.data.leadId;
  if (e.type === 'customer.acquired') return e.data.customerId;
  return undefined;
}
