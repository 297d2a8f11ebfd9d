import { canonicalJson } from '@ledger/verification';
import { NewEvent, RecordedEvent } from './port';

/**
 * The identity of an event for idempotency: same id, same stream, same type, same occurredAt and the
 * same data as a JSON value (key order and number spelling do not matter). `recordedBy` is not part of
 * it: a retry is the same event whoever sends it.
 */
export function sameEventContent(streamId: string, event: NewEvent, stored: RecordedEvent): boolean {
  return (
    stored.eventId === event.eventId &&
    stored.streamId === streamId &&
    stored.type === event.type &&
    stored.occurredAt === event.occurredAt &&
    canonicalJson(stored.data) === canonicalJson(event.data)
  );
}
