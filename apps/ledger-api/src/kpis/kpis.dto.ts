import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { KPI_CATEGORIES, KpiCategory } from '@ledger/domain';
import { Position, Timestamp } from '../common/query-fields';
import { PERIOD_KINDS, PeriodKind, SERIES_WINDOWS, SeriesWindow } from '@ledger/kpis';
import { IsIn, IsOptional, IsString } from 'class-validator';

const Category = () =>
  applyDecorators(
    ApiPropertyOptional({ enum: KPI_CATEGORIES }),
    IsOptional(),
    IsIn(KPI_CATEGORIES, { message: `must be one of: ${KPI_CATEGORIES.join(', ')}` }),
  );

const Proposal = () =>
  applyDecorators(
    ApiPropertyOptional({
      description: 'What-if: answer as if this charter proposal were adopted at its effectiveFrom',
    }),
    IsOptional(),
    IsString({ message: 'must be a proposalId' }),
  );

export class KpisQuery {
  @Proposal() proposal?: string;
  @Timestamp('Business time: only events that occurred at or before it count (default: now)') asOf?: string;
  @Position('Ledger time: the ledger as it stood after this position (default: the head)', 0)
  atPosition?: number;
  @Category() category?: KpiCategory;
  @Position('Wait (up to 5 s) until the read models have applied this position; 503 past that', 1)
  minPosition?: number;
}

export class SeriesQuery {
  @Proposal() proposal?: string;

  @ApiPropertyOptional({ enum: PERIOD_KINDS, default: 'month' })
  @IsOptional()
  @IsIn(PERIOD_KINDS, { message: `must be one of: ${PERIOD_KINDS.join(', ')}` })
  period?: PeriodKind;

  @Timestamp('First period: the one containing this time (default: the partnership’s start)') from?: string;
  @Timestamp('Last period: the one containing this time, evaluated up to it (default: now)') to?: string;
  @Position('Ledger time: every point as the ledger stood after this position (default: the head)', 0)
  atPosition?: number;

  @ApiPropertyOptional({
    enum: SERIES_WINDOWS,
    default: 'cumulative',
    description:
      '`cumulative`: each KPI at each period’s end; `period`: a KPI that is a sum, count, mean or rate of ' +
      'events counts only the events of that period (`periodic: flow` in the catalogue); stocks keep their ' +
      'value at the period’s end',
  })
  @IsOptional()
  @IsIn(SERIES_WINDOWS, { message: `must be one of: ${SERIES_WINDOWS.join(', ')}` })
  window?: SeriesWindow;
}

export class PortfolioQuery {
  @Category() category?: KpiCategory;
  @Timestamp('Business time (default: now)') asOf?: string;
}

/** A KPI's value: money as a decimal string with 2 decimals, other values numbers; null without data. */
const kpiValue = () => ({
  description:
    'Money as a decimal string with 2 decimals; other values numbers rounded half-up to 2 decimals; ' +
    'null without data',
  // `nullable` sits beside a `type` (OAS 3.0), inside the one member that a null then matches.
  oneOf: [
    { type: 'number', nullable: true },
    { type: 'string', example: '1250.00' },
  ],
});

export class KpiValueDto {
  @ApiProperty() kpiId!: string;
  @ApiProperty(kpiValue()) value!: number | string | null;
  @ApiProperty() unit!: string;
  @ApiPropertyOptional() benchmark?: string;
  @ApiPropertyOptional() target?: number;
  @ApiPropertyOptional() baseline?: number;
  @ApiPropertyOptional({ enum: ['on_track', 'off_track'] }) status?: 'on_track' | 'off_track';
  @ApiPropertyOptional({ type: 'object', additionalProperties: kpiValue(), description: 'By a dimension' })
  breakdown?: Record<string, number | string | null>;
}

/** One optional array per category: an answer for one `category` holds that one only. */
export class KpiCategoriesDto {}
for (const category of KPI_CATEGORIES) {
  ApiPropertyOptional({ type: [KpiValueDto] })(KpiCategoriesDto.prototype, category);
}

export class CharterRefDto {
  @ApiProperty({ type: 'integer', nullable: true, description: 'null for a what-if' }) version!:
    number | null;
  @ApiProperty({ type: String, nullable: true }) definitionHash!: string | null;
}

export class WhatIfDto {
  @ApiProperty() proposalId!: string;
  @ApiProperty() definitionHash!: string;
}

export class KpiSnapshotDto {
  @ApiProperty() partnershipId!: string;
  @ApiProperty({ example: 'EUR' }) currency!: string;
  @ApiProperty({ example: '2026-06-30T23:59:59.000Z' }) asOf!: string;
  @ApiProperty({
    type: 'integer',
    description: 'The ledger position the figures reflect: that of the partnership’s last event known',
  })
  position!: number;
  @ApiProperty({ type: KpiCategoriesDto }) categories!: Partial<Record<KpiCategory, KpiValueDto[]>>;
  @ApiPropertyOptional({
    type: CharterRefDto,
    description: 'The charter the figures are computed under, when a version ≥ 1 or a what-if governs them',
  })
  charter?: CharterRefDto;
  @ApiPropertyOptional({ type: WhatIfDto, description: 'Present on a what-if answer (`proposal`)' })
  whatIf?: WhatIfDto;
  @ApiProperty({
    description:
      'SHA-256 (hex) of the RFC 8785 canonical JSON of {partnershipId, asOf, position, categories}, with ' +
      '`charter` too when the answer has one',
  })
  snapshotHash!: string;
}

export class SeriesPointDto {
  @ApiProperty({ example: '2026-04-01T00:00:00.000Z' }) periodStart!: string;
  @ApiProperty({ example: '2026-06-30T23:59:59.999Z' }) periodEnd!: string;
  @ApiProperty(kpiValue()) value!: number | string | null;
}

export class SeriesDto {
  @ApiProperty() kpiId!: string;
  @ApiProperty({ enum: PERIOD_KINDS }) period!: PeriodKind;
  @ApiProperty({
    type: [SeriesPointDto],
    description: 'A custom KPI is null in periods when no charter defining it was in force',
  })
  items!: SeriesPointDto[];
  @ApiPropertyOptional({ type: WhatIfDto, description: 'Present on a what-if series (`proposal`)' })
  whatIf?: WhatIfDto;
  @ApiPropertyOptional({ type: CharterRefDto, description: 'On a what-if series: version null' })
  charter?: CharterRefDto;
}

export class PortfolioItemDto extends KpiSnapshotDto {
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['active', 'ended'], description: 'At asOf' }) status!: 'active' | 'ended';
}

/** What a set of partnerships shows and no partnership does (see ProgramTotals in workers/kpi-tasks.ts). */
export class ProgramFiguresDto {
  @ApiProperty({
    type: 'number',
    nullable: true,
    description: 'Mean longevity_days over the partnerships started by asOf; null when none',
  })
  avg_longevity_days!: number | null;
  @ApiProperty({
    type: 'number',
    nullable: true,
    description:
      'Partnerships ended in the quarter containing asOf / partnerships active at its start × 100; null ' +
      'when none was active at its start',
  })
  partnership_churn_rate!: number | null;
}

export class ProgramTotalsDto {
  @ApiProperty({ example: 'EUR' }) currency!: string;
  @ApiProperty({ type: 'integer', description: 'The partnerships in this currency' }) partnerships!: number;
  @ApiProperty({
    type: KpiCategoriesDto,
    description: 'The KPIs of the pooled partnerships, as if they were one',
  })
  categories!: Partial<Record<KpiCategory, KpiValueDto[]>>;
  @ApiProperty({ type: ProgramFiguresDto }) program!: ProgramFiguresDto;
}

export class PortfolioDto {
  @ApiProperty({ example: '2026-06-30T23:59:59.000Z' }) asOf!: string;
  @ApiProperty({ type: [PortfolioItemDto], description: 'Every partnership the key may see' })
  items!: PortfolioItemDto[];
  @ApiProperty({ type: [ProgramTotalsDto], description: 'Program totals, one per currency' })
  totals!: ProgramTotalsDto[];
}

export class KpiDefinitionDto {
  @ApiProperty({ example: 'win_rate' }) kpiId!: string;
  @ApiProperty({ enum: KPI_CATEGORIES }) category!: KpiCategory;
  @ApiProperty() name!: string;
  @ApiProperty() formula!: string;
  @ApiProperty({ example: '%' }) unit!: string;
  @ApiProperty({ enum: ['higher_is_better', 'lower_is_better'] })
  direction!: 'higher_is_better' | 'lower_is_better';
  @ApiPropertyOptional() benchmark?: string;
  @ApiProperty({ type: [String], description: 'The event types the KPI is computed from' })
  source!: readonly string[];
  @ApiProperty({
    enum: ['flow', 'stock'],
    description:
      'What a series with window=period answers: `flow` (a sum, count, mean or rate of events) counts each ' +
      'period’s events only; `stock` (a state, latest value, trailing span or comparison of periods) ' +
      'keeps its value at the period’s end',
  })
  periodic!: 'flow' | 'stock';
}

export class KpiCatalogueDto {
  @ApiProperty({ type: [KpiDefinitionDto] }) items!: readonly KpiDefinitionDto[];
}
