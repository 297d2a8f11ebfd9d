import { ApiHideProperty, ApiProperty, ApiSchema } from '@nestjs/swagger';
import { RecordedEvent } from '@ledger/event-store';
import { SCHEMA, ref } from '../openapi/names';

/**
 * A recorded event. In the document this class is the envelope only: `type` and `data` are given per
 * event type by the `LedgerEvent` union (openapi/event-schemas.ts), so a client narrows `data` by `type`.
 */
@ApiSchema({
  name: SCHEMA.ledgerEventEnvelope,
  description: 'The fields of every recorded event besides type and data',
})
export class LedgerEventDto {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ example: 'nw-contoso' }) partnershipId!: string;
  @ApiHideProperty() type!: string;
  @ApiProperty({
    type: 'integer',
    description: 'The event’s number in its partnership: 1, 2, 3 … without gaps',
  })
  version!: number;
  @ApiProperty({
    type: 'integer',
    description: 'The event’s number in the whole ledger: 1, 2, 3 … in commit order without gaps',
  })
  position!: number;
  @ApiProperty({ example: '2026-02-04T10:00:00.000Z' }) occurredAt!: string;
  @ApiProperty({ example: '2026-11-24T01:00:00.000Z', description: 'Stamped by the server' })
  recordedAt!: string;
  @ApiProperty({ example: 'northwind', description: 'The caller’s orgId, or admin; stamped by the server' })
  recordedBy!: string;
  @ApiHideProperty() data!: Record<string, unknown>;
  @ApiProperty({ description: 'RFC 9162 leaf hash (hex) of the event', example: '9f2c…' }) hash!: string;
}

export class PartnershipEventsDto {
  @ApiProperty({ type: 'array', items: ref(SCHEMA.ledgerEvent) }) items!: LedgerEventDto[];
  @ApiProperty({ type: 'integer', description: 'The fromVersion of the next page (poll it for new events)' })
  nextVersion!: number;
}

export class LedgerEventsDto {
  @ApiProperty({ type: 'array', items: ref(SCHEMA.ledgerEvent) }) items!: LedgerEventDto[];
  @ApiProperty({ type: 'integer', description: 'The fromPosition of the next page (poll it for new events)' })
  nextPosition!: number;
}

export function eventView(e: RecordedEvent): LedgerEventDto {
  return {
    eventId: e.eventId,
    partnershipId: e.streamId,
    type: e.type,
    version: e.version,
    position: e.position,
    occurredAt: e.occurredAt,
    recordedAt: e.recordedAt,
    recordedBy: e.recordedBy,
    data: e.data as Record<string, unknown>,
    hash: e.hash,
  };
}
