import { PartnershipState, evolve, initialState, storedAsDomainEvent } from '@ledger/domain';
import { EventStore, StreamFold } from '@ledger/event-store';

/** The ledger's store: every stream folds into a partnership's decider state. */
export type LedgerStore = EventStore<PartnershipState>;

/** Stored events become domain events where they leave the store (storedAsDomainEvent). */
export const toDomainEvent = storedAsDomainEvent;

export const PARTNERSHIP_FOLD: StreamFold<PartnershipState> = {
  initial: initialState,
  evolve: (state, event) => evolve(state, toDomainEvent(event), event.position),
};
