import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ATTRIBUTION_MODELS } from '@ledger/domain';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Max, Min } from 'class-validator';
import { AS_OF, AT_POSITION, Position, Timestamp } from '../common/query-fields';
import { CharterRefDto, WhatIfDto } from './kpis.dto';

export class AttributionQuery {
  @ApiPropertyOptional({ enum: ATTRIBUTION_MODELS, description: 'Default: the charter’s' })
  @IsOptional()
  @IsIn(ATTRIBUTION_MODELS, { message: `must be one of: ${ATTRIBUTION_MODELS.join(', ')}` })
  model?: (typeof ATTRIBUTION_MODELS)[number];

  @ApiPropertyOptional({ minimum: 1, maximum: 730, description: 'Default: the charter’s (180)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number of days' })
  @Min(1, { message: 'must be at least 1' })
  @Max(730, { message: 'must be at most 730' })
  windowDays?: number;

  @ApiPropertyOptional({ minimum: 0.01, maximum: 730, description: 'time_decay; default the charter’s (7)' })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({}, { message: 'must be a number of days' })
  @Min(0.01, { message: 'must be at least 0.01' })
  @Max(730, { message: 'must be at most 730' })
  halfLifeDays?: number;

  @Timestamp('Deals won at or after this time (default: all)') from?: string;
  @Timestamp('Deals won at or before this time (default: all won by asOf)') to?: string;
  @Timestamp(AS_OF) asOf?: string;
  @Position(AT_POSITION, 0) atPosition?: number;
  @Position('Wait (up to 5 s) until the read models have applied this position; 503 past that', 1)
  minPosition?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100, description: 'Deals per page' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be at least 1' })
  @Max(1000, { message: 'must be at most 1000' })
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString({ message: 'must be the nextCursor of a previous page' })
  cursor?: string;

  @ApiPropertyOptional({ description: 'What-if: as if this charter proposal were adopted' })
  @IsOptional()
  @IsString({ message: 'must be a proposalId' })
  proposal?: string;
}

export class OrgTotalDto {
  @ApiProperty() orgId!: string;
  @ApiProperty({ example: '1250.00' }) credit!: string;
  @ApiProperty({ description: 'Σ amount of the deals it sourced' }) sourcedRevenue!: string;
  @ApiProperty({ description: 'Σ amount of the deals it influenced' }) influencedRevenue!: string;
  @ApiProperty({ description: 'Deals it touched (registration or deal.touched)' }) deals!: number;
}

export class CreditDto {
  @ApiProperty() orgId!: string;
  @ApiProperty({ example: '333.33' }) credit!: string;
  @ApiProperty({ description: 'The exact weight share, rounded half-up to 4 decimals (0–1)' }) share!: number;
  @ApiProperty({ enum: ['sourced', 'influenced', 'none'] }) classification!: string;
}

export class DealCreditsDto {
  @ApiProperty() dealId!: string;
  @ApiProperty() wonAt!: string;
  @ApiProperty({ example: '1000.00' }) amount!: string;
  @ApiProperty({ type: [CreditDto] }) credits!: readonly CreditDto[];
}

export class AttributionDto {
  @ApiProperty() partnershipId!: string;
  @ApiProperty() asOf!: string;
  @ApiProperty() position!: number;
  @ApiProperty() currency!: string;
  @ApiProperty({ enum: ATTRIBUTION_MODELS }) model!: string;
  @ApiProperty() windowDays!: number;
  @ApiPropertyOptional({ description: 'time_decay only' }) halfLifeDays?: number;
  @ApiProperty({ type: [OrgTotalDto], description: 'Over every selected deal, not only this page' })
  totals!: readonly OrgTotalDto[];
  @ApiProperty({ description: 'Won deals whose only touch is a direct registration' }) unattributed!: string;
  @ApiProperty({ type: [DealCreditsDto] }) deals!: readonly DealCreditsDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
  @ApiPropertyOptional({ type: CharterRefDto }) charter?: CharterRefDto;
  @ApiPropertyOptional({ type: WhatIfDto }) whatIf?: WhatIfDto;
}
