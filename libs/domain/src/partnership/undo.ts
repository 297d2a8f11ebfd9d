import { Map as IMap } from 'immutable';
import { FormedPartnership, LedgerEntry, Occurrences, PartnershipState } from './state';

/**
 * Undoes what the event `eventId` did, so that the state equals a fold over the non-retracted events.
 * Each entity remembers which event put it in its current status; an event is undone only where it is
 * still the cause (a deal re-registered after its first registration was retracted is left alone).
 */
export function undo(s: FormedPartnership, eventId: string, target: LedgerEntry): PartnershipState {
  const key = target.key ?? '';
  switch (target.type) {
    case 'deal.registered':
      return s.deals.get(key)?.registered.eventId === eventId ? { ...s, deals: s.deals.delete(key) } : s;
    case 'deal.won':
    case 'deal.lost': {
      const deal = s.deals.get(key);
      if (deal?.status === 'registered' || deal?.closed.eventId !== eventId) return s;
      return { ...s, deals: s.deals.set(key, { status: 'registered', registered: deal.registered }) };
    }
    case 'milestone.planned':
      return s.milestones.get(key)?.planned.eventId === eventId ? { ...s, milestones: s.milestones.delete(key) } : s;
    case 'milestone.hit': {
      const m = s.milestones.get(key);
      if (m?.status !== 'hit' || m.hit.eventId !== eventId) return s;
      return { ...s, milestones: s.milestones.set(key, { status: 'planned', planned: m.planned }) };
    }
    case 'escalation.raised':
      return s.escalations.get(key)?.raised.eventId === eventId ? { ...s, escalations: s.escalations.delete(key) } : s;
    case 'escalation.acknowledged':
      return undoAcknowledgement(s, key, eventId);
    case 'escalation.resolved':
      return undoResolution(s, key, eventId);
    case 'lead.generated':
      return { ...s, leads: withoutOccurrence(s.leads, key, eventId) };
    case 'customer.acquired':
      return { ...s, customers: withoutOccurrence(s.customers, key, eventId) };
    case 'partnership.ended':
      if (s.status !== 'ended' || s.ended.eventId !== eventId) return s;
      return { ...withoutEnded(s), status: 'active' };
    default:
      return s;
  }
}

function undoResolution(s: FormedPartnership, key: string, eventId: string): PartnershipState {
  const x = s.escalations.get(key);
  if (x?.status !== 'resolved' || x.resolved.eventId !== eventId) return s;
  const reopened = x.acknowledged
    ? ({ status: 'acknowledged', raised: x.raised, acknowledged: x.acknowledged } as const)
    : ({ status: 'raised', raised: x.raised } as const);
  return { ...s, escalations: s.escalations.set(key, reopened) };
}

function undoAcknowledgement(s: FormedPartnership, key: string, eventId: string): PartnershipState {
  const x = s.escalations.get(key);
  if (!x || x.status === 'raised' || x.acknowledged?.eventId !== eventId) return s;
  const next =
    x.status === 'acknowledged'
      ? ({ status: 'raised', raised: x.raised } as const)
      : ({ status: 'resolved', raised: x.raised, resolved: x.resolved } as const);
  return { ...s, escalations: s.escalations.set(key, next) };
}

function withoutOccurrence(map: Occurrences, key: string, eventId: string): Occurrences {
  const left = (map.get(key) ?? IMap<string, string>()).delete(eventId);
  return left.size === 0 ? map.delete(key) : map.set(key, left);
}

function withoutEnded(s: FormedPartnership): Omit<FormedPartnership, 'status' | 'ended'> {
  const { status: _status, ...rest } = s;
  if ('ended' in rest) {
    const { ended: _ended, ...active } = rest;
    return active;
  }
  return rest;
}
