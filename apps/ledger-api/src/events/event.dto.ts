import { ApiProperty } from '@nestjs/swagger';
import { RecordedEvent } from '@ledger/event-store';

export class LedgerEventDto {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ example: 'nw-contoso' }) partnershipId!: string;
  @ApiProperty({ example: 'deal.won' }) type!: string;
  @ApiProperty({ description: 'The event’s number in its partnership: 1, 2, 3 … without gaps' }) version!: number;
  @ApiProperty({ description: 'The event’s number in the whole ledger: 1, 2, 3 … in commit order without gaps' }) position!: number;
  @ApiProperty({ example: '2026-02-04T10:00:00.000Z' }) occurredAt!: string;
  @ApiProperty({ example: '2026-11-24T01:00:00.000Z', description: 'Stamped by the server' }) recordedAt!: string;
  @ApiProperty({ example: 'northwind', description: 'The caller’s orgId, or admin; stamped by the server' }) recordedBy!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
  @ApiProperty({ description: 'RFC 9162 leaf hash (hex) of the event', example: '9f2c…' }) hash!: string;
}

export class PartnershipEventsDto {
  @ApiProperty({ type: [LedgerEventDto] }) items!: LedgerEventDto[];
  @ApiProperty({ description: 'The fromVersion of the next page (poll it for new events)' }) nextVersion!: number;
}

export class LedgerEventsDto {
  @ApiProperty({ type: [LedgerEventDto] }) items!: LedgerEventDto[];
  @ApiProperty({ description: 'The fromPosition of the next page (poll it for new events)' }) nextPosition!: number;
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
