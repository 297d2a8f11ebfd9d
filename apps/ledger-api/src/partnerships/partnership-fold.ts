import { DomainEvent, PartnershipState, evolve, initialState } from '@ledger/domain';
import { EventStore, RecordedEvent, StreamFold } from '@ledger/event-store';

/** The ledger's store: every stream folds into a partnership's decider state. */
export type LedgerStore = EventStore<PartnershipState>;

/**
 * Stored events become domain events here and nowhere else: they were validated by the domain's
 * schemas before they were appended, so their shape is the domain's.
 */
export function toDomainEvent(e: RecordedEvent): DomainEvent {
  return { eventId: e.eventId, type: e.type, occurredAt: e.occurredAt, recordedBy: e.recordedBy, data: e.data } as DomainEvent;
}

export const PARTNERSHIP_FOLD: StreamFold<PartnershipState> = {
  initial: initialState,
  evolve: (state, event) => evolve(state, toDomainEvent(event)),
};
