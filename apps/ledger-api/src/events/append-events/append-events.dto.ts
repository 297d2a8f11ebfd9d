import { ApiProperty } from '@nestjs/swagger';
import { POSTABLE_EVENT_TYPES } from '@ledger/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Validate,
  ValidateIf,
  ValidateNested,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';

@ValidatorConstraint({ name: 'expectedVersion' })
class ExpectedVersionRule implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return value === 'any' || value === 'exists' || (Number.isSafeInteger(value) && (value as number) >= 0);
  }
  defaultMessage(): string {
    return 'must be a whole number ≥ 0, "any" or "exists"';
  }
}

export class EventInputDto {
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  eventId?: string;

  @IsString({ message: 'must be a string naming an event type' })
  type!: string;

  @IsString({ message: 'must be an ISO-8601 timestamp with a time zone, such as "2026-01-05T10:00:00Z"' })
  occurredAt!: string;

  @IsObject({ message: 'must be a JSON object' })
  data!: Record<string, unknown>;
}

/**
 * One event `{eventId?, type, occurredAt, data}` or a batch `{expectedVersion?, events: [...]}`; a
 * single event may carry `expectedVersion` too. Validation only: the document describes this body with
 * the discriminated unions of openapi/event-schemas.ts, which class decorators cannot express.
 */
export class AppendEventsDto {
  @IsOptional()
  @Validate(ExpectedVersionRule)
  expectedVersion?: number | 'any' | 'exists';

  @ValidateIf((o: AppendEventsDto) => o.events !== undefined)
  @IsArray({ message: 'must be an array of 1 to 1000 events' })
  @ArrayMinSize(1, { message: 'must hold at least 1 event' })
  @ArrayMaxSize(1000, { message: 'must hold at most 1000 events' })
  @ValidateNested({ each: true })
  @Type(() => EventInputDto)
  events?: EventInputDto[];

  @ValidateIf((o: AppendEventsDto) => o.events === undefined && o.eventId !== undefined)
  @IsUUID('all', { message: 'must be a UUID' })
  eventId?: string;

  @ValidateIf((o: AppendEventsDto) => o.events === undefined)
  @IsString({ message: 'must be a string naming an event type (or send {events: [...]})' })
  type?: string;

  @ValidateIf((o: AppendEventsDto) => o.events === undefined)
  @IsString({ message: 'must be an ISO-8601 timestamp with a time zone, such as "2026-01-05T10:00:00Z"' })
  occurredAt?: string;

  @ValidateIf((o: AppendEventsDto) => o.events === undefined)
  @IsObject({ message: 'must be a JSON object' })
  data?: Record<string, unknown>;
}

export class AppendReceiptDto {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ enum: POSTABLE_EVENT_TYPES }) type!: string;
  @ApiProperty({ type: 'integer' }) version!: number;
  @ApiProperty({ type: 'integer' }) position!: number;
  @ApiProperty({ description: 'RFC 9162 leaf hash (hex)' }) hash!: string;
}

export class AppendedEventsDto {
  @ApiProperty() partnershipId!: string;
  @ApiProperty({ type: 'integer', description: 'The partnership’s version after these events' }) version!: number;
  @ApiProperty({ type: [AppendReceiptDto] }) events!: AppendReceiptDto[];
}
