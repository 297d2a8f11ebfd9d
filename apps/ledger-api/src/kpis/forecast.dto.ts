import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  FORECAST_METHODS,
  FORECAST_PERIODS,
  ForecastPeriod,
  MAX_HISTORY_PERIODS,
  MAX_HORIZON,
  MIN_HORIZON,
  RequestedMethod,
} from '@ledger/kpis';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { Position, Timestamp } from '../common/query-fields';

const METHODS = ['auto', ...FORECAST_METHODS] as const;

/**
 * The forecast route's query (API.md, "Forecasts and scenarios"). Messages are the library's
 * (libs/kpis/src/forecast/validate.ts), which checks the same again.
 */
export class ForecastQuery {
  @ApiPropertyOptional({ enum: FORECAST_PERIODS, default: 'month' })
  @IsOptional()
  @IsIn(FORECAST_PERIODS, { message: `must be one of ${FORECAST_PERIODS.join(', ')}` })
  period?: ForecastPeriod;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: MIN_HORIZON,
    maximum: MAX_HORIZON,
    description: 'Periods ahead (default: a year, 12 months or 4 quarters)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: `must be an integer from ${MIN_HORIZON} to ${MAX_HORIZON}` })
  @Min(MIN_HORIZON, { message: `must be an integer from ${MIN_HORIZON} to ${MAX_HORIZON}` })
  @Max(MAX_HORIZON, { message: `must be an integer from ${MIN_HORIZON} to ${MAX_HORIZON}` })
  horizon?: number;

  @ApiPropertyOptional({
    enum: METHODS,
    default: 'auto',
    description: '`auto`: the least AICc among the methods with enough points',
  })
  @IsOptional()
  @IsIn(METHODS, { message: `must be one of ${METHODS.join(', ')}` })
  method?: RequestedMethod;

  @Timestamp('Business time: the history is the complete periods up to it (default: now)') asOf?: string;
  @Position('Ledger time: the ledger as it stood after this position (default: the head)', 0)
  atPosition?: number;
  @Position('Wait (up to 5 s) until the read models have applied this position; 503 past that', 1)
  minPosition?: number;
}

/** A figure as a KPI shows it: money a decimal string, anything else a number (2 decimals). */
const figure = (description?: string) => ({
  ...(description ? { description } : {}),
  oneOf: [{ type: 'number' }, { type: 'string', example: '1250.00' }],
});

export class ForecastParamsDto {
  @ApiPropertyOptional({ description: 'Holt: the level’s smoothing parameter', example: 0.5 }) alpha?: number;
  @ApiPropertyOptional({ description: 'Holt: the trend’s smoothing parameter β* (β = αβ*)', example: 0.1 })
  betaStar?: number;
  @ApiPropertyOptional({ type: 'integer', description: 'Seasonal naive: the season (12 or 4)' }) m?: number;
}

export class ForecastHistoryPointDto {
  @ApiProperty({ example: '2026-04-01T00:00:00.000Z' }) periodStart!: string;
  @ApiProperty(figure()) value!: number | string;
}

export class ForecastPointDto extends ForecastHistoryPointDto {
  @ApiProperty(figure()) lower80!: number | string;
  @ApiProperty(figure()) upper80!: number | string;
  @ApiProperty(figure()) lower95!: number | string;
  @ApiProperty(figure()) upper95!: number | string;
}

export class ForecastDto {
  @ApiProperty() kpiId!: string;
  @ApiProperty({ enum: FORECAST_PERIODS }) period!: ForecastPeriod;
  @ApiProperty({
    enum: FORECAST_METHODS,
    description: 'The method that made the points (`auto`: the one chosen)',
  })
  method!: string;
  @ApiProperty({ type: ForecastParamsDto, description: 'What the method chose; {} for the others' })
  params!: ForecastParamsDto;
  @ApiProperty({
    type: [ForecastHistoryPointDto],
    description:
      `The window=period series of the complete periods up to asOf from the partnership’s start, at most ` +
      `the ${MAX_HISTORY_PERIODS} most recent periods, nulls left out`,
  })
  history!: ForecastHistoryPointDto[];
  @ApiProperty({ type: [ForecastPointDto], description: 'The periods after the last history point' })
  points!: ForecastPointDto[];
  @ApiProperty(figure('σ̂ = √(Σe²/(N − K)) over the one-step residuals')) residualSd!: number | string;
  @ApiProperty({
    description:
      'SHA-256 (hex) of the RFC 8785 canonical JSON of {kpiId, period, method, params, history, horizon}',
  })
  inputHash!: string;
}
