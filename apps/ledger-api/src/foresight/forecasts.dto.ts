import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FORECAST_METHODS } from '@ledger/domain';
import { FORECAST_PERIODS } from '@ledger/kpis';
import { AS_OF, AT_POSITION, Position, Timestamp } from '../common/query-fields';

/**
 * The forecast-vs-actual routes' documents (API.md, "Forecasts and scenarios"); the body is parsed by the
 * domain (foresight/requests.ts).
 */
const FIGURE = (description?: string) => ({
  ...(description ? { description } : {}),
  // `nullable` sits beside a `type` (OAS 3.0), inside the one member that a null then matches.
  oneOf: [
    { type: 'number', nullable: true },
    { type: 'string', example: '1250.00' },
  ],
});

export class RecordForecastBody {
  @ApiProperty({ example: 'joint_revenue', description: 'With a scenario: joint_revenue (partner revenue)' })
  kpiId!: string;
  @ApiProperty({ enum: FORECAST_PERIODS }) period!: string;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 12 }) horizon!: number;
  @ApiPropertyOptional({ enum: FORECAST_METHODS, description: 'A method, or else a scenario' })
  method?: string;
  @ApiPropertyOptional({ example: 'stress', description: 'A scenario’s name, or else a method' })
  scenario?: string;
}

export class ForecastsQuery {
  @Timestamp(`${AS_OF}; forecasts made after it are not listed, periods ended by it are judged`)
  asOf?: string;
  @Position(AT_POSITION, 0) atPosition?: number;
  @Position('Wait (up to 5 s) until the read models have applied this position; 503 past that', 1)
  minPosition?: number;
}

export class RecordedPointDto {
  @ApiProperty({ example: '2026-07-01T00:00:00.000Z' }) periodStart!: string;
  @ApiProperty(FIGURE('The forecast')) value!: number | string | null;
  @ApiPropertyOptional(FIGURE()) lower80?: number | string | null;
  @ApiPropertyOptional(FIGURE()) upper80?: number | string | null;
  @ApiPropertyOptional(FIGURE()) lower95?: number | string | null;
  @ApiPropertyOptional(FIGURE()) upper95?: number | string | null;
  @ApiPropertyOptional(FIGURE('Once the period has ended by asOf: the KPI’s window=period value'))
  actual?: number | string | null;
  @ApiPropertyOptional(FIGURE('Once the period has ended: actual − forecast')) error?: number | string | null;
}

export class AccuracyDto {
  @ApiProperty({
    type: 'number',
    nullable: true,
    description: 'Mean |error| / |actual| × 100 over the ended periods whose actual is not 0',
  })
  mape!: number | null;
  @ApiProperty(FIGURE('Mean error (actual − forecast)')) bias!: number | string | null;
  @ApiProperty({
    type: 'number',
    nullable: true,
    description: '% of the actuals inside the 80 % interval; null without intervals (a scenario)',
  })
  coverage80!: number | null;
}

export class RecordedForecastStepDto {
  @ApiProperty() forecastId!: string;
  @ApiProperty({ description: 'The forecast.recorded event this request wrote' }) eventId!: string;
  @ApiProperty({ description: 'Ledger position of that event' }) position!: number;
  @ApiProperty() kpiId!: string;
  @ApiProperty({ enum: FORECAST_PERIODS }) period!: string;
  @ApiProperty() horizon!: number;
  @ApiPropertyOptional({ enum: FORECAST_METHODS }) method?: string;
  @ApiPropertyOptional() scenario?: string;
  @ApiPropertyOptional({ description: 'The method that made the points (what auto chose)' }) madeBy?: string;
  @ApiProperty({ description: 'When it was made: its history is the periods complete then' }) asOf!: string;
  @ApiProperty({ type: [RecordedPointDto] }) points!: RecordedPointDto[];
  @ApiProperty() inputHash!: string;
}

export class RecordedForecastDto extends RecordedForecastStepDto {
  @ApiProperty({ description: 'The org that recorded it, or admin' }) recordedBy!: string;
  @ApiProperty({ type: AccuracyDto, description: 'Over the ended periods; null fields before any' })
  accuracy!: AccuracyDto;
}

export class RecordedForecastsDto {
  @ApiProperty() partnershipId!: string;
  @ApiProperty() asOf!: string;
  @ApiProperty({ description: 'The ledger position the answer reflects' }) position!: number;
  @ApiProperty({ type: [RecordedForecastDto], description: 'In ledger order' })
  items!: RecordedForecastDto[];
}
