import { leafHash } from '@ledger/verification';
import { LedgerIntegrityError } from '../errors';
import { RecordedEvent } from '../port';

export const EVENT_COLUMNS =
  'position, stream_id, version, event_id, type, occurred_at, recorded_at, recorded_by, data, hash';

export interface EventRow {
  position: string;
  stream_id: string;
  version: string;
  event_id: string;
  type: string;
  occurred_at: Date;
  recorded_at: Date;
  recorded_by: string;
  data: Record<string, unknown>;
  hash: string;
}

export function fromRow(row: EventRow): RecordedEvent {
  return {
    position: Number(row.position),
    streamId: row.stream_id,
    version: Number(row.version),
    eventId: row.event_id,
    type: row.type,
    occurredAt: row.occurred_at.toISOString(),
    recordedAt: row.recorded_at.toISOString(),
    recordedBy: row.recorded_by,
    data: row.data,
    hash: row.hash,
  };
}

export function hashOf(e: Omit<RecordedEvent, 'hash'>): string {
  return leafHash({ ...e, partnershipId: e.streamId });
}

/** The read half of the paired assertion: the hash computed at append must still match the stored fields. */
export function fromVerifiedRow(row: EventRow): RecordedEvent {
  const event = fromRow(row);
  if (hashOf(event) !== event.hash) throw new LedgerIntegrityError(event.position);
  return event;
}
