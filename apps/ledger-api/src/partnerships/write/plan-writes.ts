import { DomainError, PartnershipCommand, PartnershipState, decideBatch } from '@ledger/domain';
import {
  ExpectedVersion,
  IdempotencyConflictError,
  NewEvent,
  RecordedEvent,
  WrongExpectedVersionError,
  matchesExpectedVersion,
  sameEventContent,
} from '@ledger/event-store';

export interface WriteRequest {
  readonly commands: readonly PartnershipCommand[];
  /** The caller's expectation of the partnership's version before these events. */
  readonly expectedVersion: ExpectedVersion;
}

export type WritePlan =
  | { readonly kind: 'reject'; readonly error: Error }
  /** Every event is already stored with identical content: answer with the original receipt. */
  | { readonly kind: 'replay'; readonly stored: readonly RecordedEvent[] }
  /** A retry of a request accepted earlier in the same batch: answer with that one's receipt. */
  | { readonly kind: 'duplicate'; readonly of: number }
  | { readonly kind: 'append'; readonly events: readonly NewEvent[]; readonly expected: ExpectedVersion; readonly state: PartnershipState };

/**
 * Plans a batch of write requests to one partnership, in order, each against the state the ones before
 * it leave: idempotency first (so a retry after a lost reply is answered, not refused), then the
 * caller's expected version, then the business rules. Pure.
 */
export function planWrites(
  partnershipId: string,
  requests: readonly WriteRequest[],
  start: PartnershipState,
  stored: ReadonlyMap<string, RecordedEvent>,
): WritePlan[] {
  let state = start;
  const accepted = new Map<string, { index: number; event: NewEvent }>();
  return requests.map((request, index): WritePlan => {
    const events = request.commands.map((c) => c.event as NewEvent);
    const earlier = checkIdempotency(partnershipId, events, stored, accepted);
    if (earlier) return earlier;
    if (!matchesExpectedVersion(request.expectedVersion, state.version)) {
      return { kind: 'reject', error: new WrongExpectedVersionError(partnershipId, request.expectedVersion, state.version) };
    }
    try {
      const decided = decideBatch(request.commands, state);
      const expected: ExpectedVersion = state.version === 0 ? 'no_stream' : state.version;
      state = decided.state;
      for (const event of events) accepted.set(event.eventId, { index, event });
      return { kind: 'append', events: decided.events as NewEvent[], expected, state };
    } catch (error) {
      if (error instanceof DomainError) return { kind: 'reject', error };
      throw error;
    }
  });
}

function checkIdempotency(
  partnershipId: string,
  events: readonly NewEvent[],
  stored: ReadonlyMap<string, RecordedEvent>,
  accepted: ReadonlyMap<string, { index: number; event: NewEvent }>,
): WritePlan | undefined {
  const inLedger = events.map((e) => stored.get(e.eventId));
  const inBatch = events.map((e) => accepted.get(e.eventId));
  if (inLedger.every((x) => !x) && inBatch.every((x) => !x)) return undefined;
  if (inLedger.every((x, i) => x && sameEventContent(partnershipId, events[i], x))) {
    return { kind: 'replay', stored: inLedger as RecordedEvent[] };
  }
  const first = inBatch[0];
  if (first && inBatch.every((x, i) => x && x.index === first.index && sameNewEvent(events[i], x.event))) {
    return { kind: 'duplicate', of: first.index };
  }
  const taken = events.find((_, i) => inLedger[i] || inBatch[i])!;
  const reason = events.every((_, i) => inLedger[i] || inBatch[i])
    ? 'was already appended with different content'
    : 'was already appended, but this request also holds new events';
  return { kind: 'reject', error: new IdempotencyConflictError(taken.eventId, reason) };
}

function sameNewEvent(a: NewEvent, b: NewEvent): boolean {
  return sameEventContent('', a, { ...b, streamId: '', version: 0, position: 0, recordedAt: '', hash: '' });
}
