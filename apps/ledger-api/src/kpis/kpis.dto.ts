import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { KPI_CATEGORIES, KpiCategory, TIMESTAMP_HINT, parseTimestamp } from '@ledger/domain';
import { PERIOD_KINDS, PeriodKind } from '@ledger/kpis';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, Validate, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';

@ValidatorConstraint({ name: 'timestamp' })
class TimestampRule implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return parseTimestamp(value) !== null;
  }
  defaultMessage(): string {
    return `must be ${TIMESTAMP_HINT}`;
  }
}

const Timestamp = (description: string) =>
  applyDecorators(ApiPropertyOptional({ example: '2026-06-30T23:59:59Z', description }), IsOptional(), IsString({ message: `must be ${TIMESTAMP_HINT}` }), Validate(TimestampRule));

const Position = (description: string, min: number) =>
  applyDecorators(
    ApiPropertyOptional({ minimum: min, description }),
    IsOptional(),
    Type(() => Number),
    IsInt({ message: 'must be a whole number' }),
    Min(min, { message: `must be at least ${min}` }),
    Max(Number.MAX_SAFE_INTEGER, { message: 'is too large' }),
  );

const Category = () =>
  applyDecorators(ApiPropertyOptional({ enum: KPI_CATEGORIES }), IsOptional(), IsIn(KPI_CATEGORIES, { message: `must be one of: ${KPI_CATEGORIES.join(', ')}` }));

export class KpisQuery {
  @Timestamp('Business time: only events that occurred at or before it count (default: now)') asOf?: string;
  @Position('Ledger time: the ledger as it stood after this position (default: the head)', 0) atPosition?: number;
  @Category() category?: KpiCategory;
  @Position('Wait (up to 5 s) until the read models have applied this position; 503 past that', 1) minPosition?: number;
}

export class SeriesQuery {
  @ApiPropertyOptional({ enum: PERIOD_KINDS, default: 'month' })
  @IsOptional()
  @IsIn(PERIOD_KINDS, { message: `must be one of: ${PERIOD_KINDS.join(', ')}` })
  period?: PeriodKind;

  @Timestamp('First period: the one containing this time (default: the partnership’s start)') from?: string;
  @Timestamp('Last period: the one containing this time, evaluated up to it (default: now)') to?: string;
}

export class PortfolioQuery {
  @Category() category?: KpiCategory;
  @Timestamp('Business time (default: now)') asOf?: string;
}

export class KpiValueDto {
  @ApiProperty() kpiId!: string;
  @ApiProperty({ oneOf: [{ type: 'number' }, { type: 'string' }], nullable: true, description: 'Money as a decimal string with 2 decimals; other values numbers rounded half-up to 2 decimals; null without data' })
  value!: number | string | null;
  @ApiProperty() unit!: string;
  @ApiPropertyOptional() benchmark?: string;
  @ApiPropertyOptional() target?: number;
  @ApiPropertyOptional() baseline?: number;
  @ApiPropertyOptional({ enum: ['on_track', 'off_track'] }) status?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) breakdown?: Record<string, unknown>;
}

export class KpiSnapshotDto {
  @ApiProperty() partnershipId!: string;
  @ApiProperty({ example: 'EUR' }) currency!: string;
  @ApiProperty({ example: '2026-06-30T23:59:59.000Z' }) asOf!: string;
  @ApiProperty({ description: 'The ledger position the figures reflect: that of the partnership’s last event known' }) position!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'array', items: { $ref: '#/components/schemas/KpiValueDto' } } }) categories!: Record<string, KpiValueDto[]>;
  @ApiProperty({ description: 'SHA-256 (hex) of the RFC 8785 canonical JSON of {partnershipId, asOf, position, categories}' }) snapshotHash!: string;
}

export class SeriesPointDto {
  @ApiProperty({ example: '2026-04-01T00:00:00.000Z' }) periodStart!: string;
  @ApiProperty({ example: '2026-06-30T23:59:59.999Z' }) periodEnd!: string;
  @ApiProperty({ oneOf: [{ type: 'number' }, { type: 'string' }], nullable: true }) value!: number | string | null;
}

export class SeriesDto {
  @ApiProperty() kpiId!: string;
  @ApiProperty({ enum: PERIOD_KINDS }) period!: PeriodKind;
  @ApiProperty({ type: [SeriesPointDto] }) items!: SeriesPointDto[];
}
