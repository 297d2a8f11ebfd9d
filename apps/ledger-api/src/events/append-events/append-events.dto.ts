import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
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
  @ApiPropertyOptional({ format: 'uuid', description: 'Generated when absent; send one to make retries idempotent' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  eventId?: string;

  @ApiProperty({ enum: POSTABLE_EVENT_TYPES, example: 'deal.registered' })
  @IsString({ message: 'must be a string naming an event type' })
  type!: string;

  @ApiProperty({ example: '2026-01-05T10:00:00Z', description: 'When it happened (business time); at most 5 minutes ahead' })
  @IsString({ message: 'must be an ISO-8601 timestamp with a time zone, such as "2026-01-05T10:00:00Z"' })
  occurredAt!: string;

  @ApiProperty({ description: 'The event type’s fields (see the EventData schemas)', oneOf: POSTABLE_EVENT_TYPES.map((t) => ({ $ref: getSchemaPath(`EventData.${t}`) })) })
  @IsObject({ message: 'must be a JSON object' })
  data!: Record<string, unknown>;
}

/**
 * One event `{eventId?, type, occurredAt, data}` or a batch `{expectedVersion?, events: [...]}`; a
 * single event may carry `expectedVersion` too.
 */
export class AppendEventsDto {
  @ApiPropertyOptional({ oneOf: [{ type: 'integer', minimum: 0 }, { type: 'string', enum: ['any', 'exists'] }], description: 'Default "any"' })
  @IsOptional()
  @Validate(ExpectedVersionRule)
  expectedVersion?: number | 'any' | 'exists';

  @ApiPropertyOptional({ type: [EventInputDto], minItems: 1, maxItems: 1000, description: 'A batch: appended atomically, all or none' })
  @ValidateIf((o: AppendEventsDto) => o.events !== undefined)
  @IsArray({ message: 'must be an array of 1 to 1000 events' })
  @ArrayMinSize(1, { message: 'must hold at least 1 event' })
  @ArrayMaxSize(1000, { message: 'must hold at most 1000 events' })
  @ValidateNested({ each: true })
  @Type(() => EventInputDto)
  events?: EventInputDto[];

  @ApiPropertyOptional({ format: 'uuid' })
  @ValidateIf((o: AppendEventsDto) => o.events === undefined && o.eventId !== undefined)
  @IsUUID('all', { message: 'must be a UUID' })
  eventId?: string;

  @ApiPropertyOptional({ enum: POSTABLE_EVENT_TYPES })
  @ValidateIf((o: AppendEventsDto) => o.events === undefined)
  @IsString({ message: 'must be a string naming an event type (or send {events: [...]})' })
  type?: string;

  @ApiPropertyOptional({ example: '2026-01-05T10:00:00Z' })
  @ValidateIf((o: AppendEventsDto) => o.events === undefined)
  @IsString({ message: 'must be an ISO-8601 timestamp with a time zone, such as "2026-01-05T10:00:00Z"' })
  occurredAt?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @ValidateIf((o: AppendEventsDto) => o.events === undefined)
  @IsObject({ message: 'must be a JSON object' })
  data?: Record<string, unknown>;
}

export class AppendReceiptDto {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty() type!: string;
  @ApiProperty() version!: number;
  @ApiProperty() position!: number;
  @ApiProperty({ description: 'RFC 9162 leaf hash (hex)' }) hash!: string;
}

export class AppendedEventsDto {
  @ApiProperty() partnershipId!: string;
  @ApiProperty({ description: 'The partnership’s version after these events' }) version!: number;
  @ApiProperty({ type: [AppendReceiptDto] }) events!: AppendReceiptDto[];
}
