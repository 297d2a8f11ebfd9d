import { Map as IMap } from 'immutable';
import { undoEntityStep } from '../history/entities';
import { FormedPartnership, LedgerEntry, Occurrences, PartnershipState } from './state';

/**
 * Undoes what the event `eventId` did, so that the state equals a fold over the non-retracted events.
 * Entity steps are undone by the domain's one definition (history/entities.ts), which the KPI facts
 * use too; leads, customers and the partnership's end are the decider's own.
 */
export function undo(s: FormedPartnership, eventId: string, target: LedgerEntry): PartnershipState {
  if (target.cause) return undoEntityStep(s, target.cause, eventId);
  const key = target.key ?? '';
  switch (target.type) {
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
