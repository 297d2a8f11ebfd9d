import { ApiProperty } from '@nestjs/swagger';
import { POSTABLE_EVENT_TYPES } from '@ledger/domain';

export class AppendReceiptDto {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ enum: POSTABLE_EVENT_TYPES }) type!: string;
  @ApiProperty({ type: 'integer' }) version!: number;
  @ApiProperty({ type: 'integer' }) position!: number;
  @ApiProperty({ description: 'RFC 9162 leaf hash (hex)' }) hash!: string;
}

export class AppendedEventsDto {
  @ApiProperty() partnershipId!: string;
  @ApiProperty({ type: 'integer', description: 'The partnership’s version after these events' })
  version!: number;
  @ApiProperty({ type: [AppendReceiptDto] }) events!: AppendReceiptDto[];
}
