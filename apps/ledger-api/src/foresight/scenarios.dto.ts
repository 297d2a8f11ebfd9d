import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FORECAST_PERIODS, ForecastPeriod, MAX_HORIZON, MIN_HORIZON } from '@ledger/kpis';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { AS_OF, AT_POSITION, Position, Timestamp } from '../common/query-fields';

/**
 * The scenario routes' documents (API.md, "Forecasts and scenarios"); the body is parsed by the domain
 * (foresight/requests.ts), the query by class-validator with the forecast route's messages.
 */
const HORIZON = `must be an integer from ${MIN_HORIZON} to ${MAX_HORIZON}`;

export class AssumptionsDto {
  @ApiProperty({ minimum: -100, maximum: 100, description: 'New partner deals: × (1 + newDealsPct/100)' })
  newDealsPct!: number;
  @ApiProperty({ minimum: -100, maximum: 100, description: 'Win rate: + winRatePp/100, clamped to 0–1' })
  winRatePp!: number;
  @ApiProperty({ minimum: -100, maximum: 100, description: 'Deal size: × (1 + dealSizePct/100)' })
  dealSizePct!: number;
}

export class DefineScenarioBody {
  @ApiProperty({ example: 'stress', description: '1–64 lower-case letters, digits, _ or -' }) name!: string;
  @ApiPropertyOptional() description?: string;
  @ApiProperty({ type: AssumptionsDto }) assumptions!: AssumptionsDto;
}

export class ScenarioDto {
  @ApiProperty() name!: string;
  @ApiPropertyOptional() description?: string;
  @ApiProperty({ type: AssumptionsDto }) assumptions!: AssumptionsDto;
  @ApiProperty({ description: 'The scenario.defined event this request wrote' }) eventId!: string;
  @ApiProperty({ description: 'Ledger position of that event' }) position!: number;
  @ApiProperty({ description: 'The org that defined it, or admin' }) definedBy!: string;
  @ApiProperty() definedAt!: string;
}

export class ProjectionQuery {
  @ApiPropertyOptional({ enum: FORECAST_PERIODS, default: 'quarter' })
  @IsOptional()
  @IsIn(FORECAST_PERIODS, { message: `must be one of ${FORECAST_PERIODS.join(', ')}` })
  period?: ForecastPeriod;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: MIN_HORIZON,
    maximum: MAX_HORIZON,
    description: 'Periods ahead (default: a year, 4 quarters or 12 months)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: HORIZON })
  @Min(MIN_HORIZON, { message: HORIZON })
  @Max(MAX_HORIZON, { message: HORIZON })
  horizon?: number;

  @Timestamp(`${AS_OF}; the drivers are those of the last 4 complete periods at it`) asOf?: string;
  @Position(`${AT_POSITION}; the scenario's latest definition known then applies`, 0) atPosition?: number;
  @Position('Wait (up to 5 s) until the read models have applied this position; 503 past that', 1)
  minPosition?: number;
}

const MONEY = { type: 'string', nullable: true, example: '1250.00' } as const;

export class DriversDto {
  @ApiProperty({ type: 'number', nullable: true, description: 'Partner deals registered per period' })
  newDeals!: number | null;
  @ApiProperty({ type: 'number', nullable: true, description: 'won / (won + lost), a fraction 0–1' })
  winRate!: number | null;
  @ApiProperty({ ...MONEY, description: 'Mean won amount of partner deals' }) dealSize!: string | null;
}

export class PeriodDriversDto extends DriversDto {
  @ApiProperty({ example: '2026-01-01T00:00:00.000Z' }) periodStart!: string;
}

export class RevenuePointDto {
  @ApiProperty({ example: '2026-07-01T00:00:00.000Z' }) periodStart!: string;
  @ApiProperty({ ...MONEY, description: 'newDeals × winRate × dealSize; null when a driver is' })
  revenue!: string | null;
}

export class ScenarioDefinitionDto {
  @ApiProperty({ description: 'One of baseline, stress, upside, not (yet) defined by a member' })
  predefined!: boolean;
  @ApiPropertyOptional() description?: string;
  @ApiPropertyOptional({ description: 'The scenario.defined event that applies' }) eventId?: string;
  @ApiPropertyOptional() position?: number;
  @ApiPropertyOptional() definedBy?: string;
  @ApiPropertyOptional() definedAt?: string;
}

export class ProjectionDto {
  @ApiProperty() partnershipId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: FORECAST_PERIODS }) period!: string;
  @ApiProperty() horizon!: number;
  @ApiProperty() asOf!: string;
  @ApiProperty({ description: 'The ledger position the answer reflects' }) position!: number;
  @ApiProperty() currency!: string;
  @ApiProperty({ type: ScenarioDefinitionDto }) definition!: ScenarioDefinitionDto;
  @ApiProperty({ type: AssumptionsDto }) assumptions!: AssumptionsDto;
  @ApiProperty({ type: DriversDto, description: 'Baseline: each driver’s mean over the history' })
  drivers!: DriversDto;
  @ApiProperty({ type: DriversDto, description: 'The drivers under the assumptions' })
  scenarioDrivers!: DriversDto;
  @ApiProperty({
    type: [PeriodDriversDto],
    description: 'The last 4 complete periods at asOf from the partnership’s start, oldest first',
  })
  history!: readonly PeriodDriversDto[];
  @ApiProperty({ type: [RevenuePointDto], description: 'The periods after the last complete one' })
  baseline!: readonly RevenuePointDto[];
  @ApiProperty({ type: [RevenuePointDto] }) scenario!: readonly RevenuePointDto[];
  @ApiProperty({
    description:
      'SHA-256 (hex) of the RFC 8785 canonical JSON of {kpiId: "joint_revenue", period, scenario (the ' +
      'name), assumptions, history, horizon}',
  })
  inputHash!: string;
}
