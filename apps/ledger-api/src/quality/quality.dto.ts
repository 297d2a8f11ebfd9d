import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AS_OF, AT_POSITION, Position, Timestamp } from '../common/query-fields';
import { CharterRefDto } from '../kpis/kpis.dto';

export class DataQualityQuery {
  @Timestamp(AS_OF) asOf?: string;
  @Position(AT_POSITION, 0) atPosition?: number;
  @Position('Wait (up to 5 s) until the read models have applied this position; 503 past that', 1)
  minPosition?: number;
}

/** A percentage 0–100 with 2 decimals, null where nothing was there to measure. */
const share = (description: string) => ({ type: Number, nullable: true, description });

export class CompletenessItemDto {
  @ApiProperty({ example: 'cost.incurred' }) type!: string;
  @ApiPropertyOptional({ description: 'The org expected to record it (`fromEachPartner`)' }) orgId?: string;
  @ApiProperty({ example: '2026-03-01T00:00:00.000Z' }) periodStart!: string;
  @ApiProperty({ example: 1 }) expected!: number;
  @ApiProperty({ description: 'Events of the type that occurred in the period and stand' }) received!: number;
}

export class CompletenessDto {
  @ApiProperty(share('Items received / items × 100; null when the charter expects nothing')) score!:
    number | null;
  @ApiProperty({ type: [CompletenessItemDto], description: 'Newest period first, at most 100' })
  items!: readonly CompletenessItemDto[];
}

export class LagHoursDto {
  @ApiProperty({ type: Number, nullable: true, description: 'Median lag (type 7)' }) p50!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '95th percentile (type 7)' }) p95!: number | null;
  @ApiProperty({ type: Number, nullable: true }) max!: number | null;
}

export class LateEventDto {
  @ApiProperty() eventId!: string;
  @ApiProperty() position!: number;
  @ApiProperty() type!: string;
  @ApiProperty() occurredAt!: string;
  @ApiProperty() recordedAt!: string;
  @ApiProperty({ description: 'The first instant of the month after the one it occurred in' })
  periodEnd!: string;
  @ApiProperty({ description: '(recordedAt − periodEnd) in days, 2 decimals' }) daysLate!: number;
}

export class LateDto {
  @ApiProperty() count!: number;
  @ApiProperty(share('Late events / events measured × 100')) share!: number | null;
  @ApiProperty({ type: [LateEventDto], description: 'Newest first (by position), at most 100' })
  items!: readonly LateEventDto[];
}

export class TimelinessDto {
  @ApiProperty({ type: LagHoursDto, description: 'recordedAt − occurredAt, in hours (2 decimals)' })
  lagHours!: LagHoursDto;
  @ApiProperty({ type: LateDto }) late!: LateDto;
}

export class BalanceItemDto {
  @ApiProperty() orgId!: string;
  @ApiProperty({ description: 'Events it recorded that occurred in the 12 months up to asOf and stand' })
  events!: number;
  @ApiProperty(share('Its events / all members’ × 100')) share!: number | null;
  @ApiProperty({ description: 'Its events of the same window that were retracted' }) retracted!: number;
}

export class AnomalyDto {
  @ApiProperty() kpiId!: string;
  @ApiProperty() periodStart!: string;
  @ApiProperty({ oneOf: [{ type: 'number' }, { type: 'string', example: '30000.00' }] }) value!:
    number | string;
  @ApiProperty({ oneOf: [{ type: 'number' }, { type: 'string', example: '11000.00' }] }) median!:
    number | string;
  @ApiProperty({
    oneOf: [{ type: 'number' }, { type: 'string', example: '19000.00' }],
    description: 'x − median',
  })
  deviation!: number | string;
  @ApiProperty({ description: 'The modified z-score M, rounded half-up to 2 decimals', example: 12.82 })
  score!: number;
  @ApiProperty({ enum: ['mad', 'meanad'] }) rule!: string;
}

export class DataQualityDto {
  @ApiProperty() partnershipId!: string;
  @ApiProperty() asOf!: string;
  @ApiProperty({ description: 'The ledger position the answer reflects' }) position!: number;
  @ApiProperty(share('Mean of the completeness score, 100 − late share and 100 − 10 × anomalies')) score!:
    number | null;
  @ApiProperty({ type: CompletenessDto }) completeness!: CompletenessDto;
  @ApiProperty({ type: TimelinessDto }) timeliness!: TimelinessDto;
  @ApiProperty({ type: [BalanceItemDto], description: 'One per member org, by orgId' })
  balance!: readonly BalanceItemDto[];
  @ApiProperty({ type: [AnomalyDto], description: 'Newest month first, at most 100' })
  anomalies!: readonly AnomalyDto[];
  @ApiPropertyOptional({ type: CharterRefDto, description: 'The charter version in force at asOf' })
  charter?: CharterRefDto;
}
