import { FormedPartnership, LedgerEntry, PartnershipState } from './state';

/**
 * Undoes what the event `eventId` did, so that the state equals a fold over the non-retracted events.
 * Each entity remembers which event put it in its current status; an event is undone only where it is
 * still the cause (a deal re-registered after its first registration was retracted is left alone).
 */
export function undo(s: FormedPartnership, eventId: string, target: LedgerEntry): PartnershipState {
  const key = target.key ?? '';
  switch (target.type) {
    case 'deal.registered':
      return s.deals.get(key)?.registeredBy === eventId ? { ...s, deals: s.deals.delete(key) } : s;
    case 'deal.won':
    case 'deal.lost': {
      const deal = s.deals.get(key);
      if (deal?.status === 'registered' || deal?.closedBy !== eventId) return s;
      return { ...s, deals: s.deals.set(key, { status: 'registered', registeredBy: deal.registeredBy }) };
    }
    case 'milestone.planned':
      return s.milestones.get(key)?.plannedBy === eventId ? { ...s, milestones: s.milestones.delete(key) } : s;
    case 'milestone.hit': {
      const m = s.milestones.get(key);
      if (m?.status !== 'hit' || m.hitBy !== eventId) return s;
      return { ...s, milestones: s.milestones.set(key, { status: 'planned', plannedBy: m.plannedBy }) };
    }
    case 'escalation.raised':
      return s.escalations.get(key)?.raisedBy === eventId ? { ...s, escalations: s.escalations.delete(key) } : s;
    case 'escalation.acknowledged':
      return undoAcknowledgement(s, key, eventId);
    case 'escalation.resolved': {
      const x = s.escalations.get(key);
      if (x?.status !== 'resolved' || x.resolvedBy !== eventId) return s;
      const reopened = x.acknowledgedBy
        ? ({ status: 'acknowledged', raisedBy: x.raisedBy, acknowledgedBy: x.acknowledgedBy } as const)
        : ({ status: 'raised', raisedBy: x.raisedBy } as const);
      return { ...s, escalations: s.escalations.set(key, reopened) };
    }
    case 'partnership.ended':
      if (s.status !== 'ended' || s.ended.eventId !== eventId) return s;
      return { ...withoutEnded(s), status: 'active' };
    default:
      return s;
  }
}

function undoAcknowledgement(s: FormedPartnership, key: string, eventId: string): PartnershipState {
  const x = s.escalations.get(key);
  if (!x || x.status === 'raised' || x.acknowledgedBy !== eventId) return s;
  const next =
    x.status === 'acknowledged'
      ? ({ status: 'raised', raisedBy: x.raisedBy } as const)
      : ({ status: 'resolved', raisedBy: x.raisedBy, resolvedBy: x.resolvedBy } as const);
  return { ...s, escalations: s.escalations.set(key, next) };
}

function withoutEnded(s: FormedPartnership): Omit<FormedPartnership, 'status' | 'ended'> {
  const { status: _status, ...rest } = s;
  if ('ended' in rest) {
    const { ended: _ended, ...active } = rest;
    return active;
  }
  return rest;
}
