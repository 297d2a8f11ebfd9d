import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/decorators';
import { BODY_ERRORS, Endpoint, PARTNERSHIP_NOT_VISIBLE, tooManyExpensive } from '../openapi/endpoint';
import {
  ForecastsQuery,
  RecordForecastBody,
  RecordedForecastStepDto,
  RecordedForecastsDto,
} from './forecasts.dto';
import { RecordedForecasts } from './recorded-forecasts';

const READERS = ['admin', 'partner', 'auditor', 'governance'] as const;
const WRITERS = ['admin', 'partner'] as const;

/** Forecast vs actual: forecasts on the record, judged against what happened (API.md). */
@ApiTags('foresight')
@Controller('v1/partnerships/:partnershipId/forecasts')
export class ForecastsController {
  constructor(private readonly forecasts: RecordedForecasts) {}

  @Post()
  @Endpoint({
    summary: 'Record a forecast as it is now',
    roles: [...WRITERS],
    description:
      'Computes the forecast now (a method: as `GET …/kpis/:kpiId/forecast` at asOf = now; a scenario: ' +
      'its projection’s revenue, kpiId joint_revenue) and writes it as forecast.recorded, which can ' +
      'never be revised or retracted.',
    errors: {
      ...BODY_ERRORS,
      400:
        'A bad field (named in `errors`); too few points of history (`history`); a scenario with a ' +
        'kpiId other than joint_revenue',
      404: `${PARTNERSHIP_NOT_VISIBLE}; or no such kpiId or scenario`,
      409: 'the partnership has ended',
      429: tooManyExpensive('the series', 'LEDGER_KPI_SERIES_LIMIT'),
    },
  })
  @ApiBody({ type: RecordForecastBody, required: true })
  @ApiCreatedResponse({ type: RecordedForecastStepDto })
  record(@CurrentCaller() caller: Caller, @Param('partnershipId') id: string, @Body() body: unknown) {
    return this.forecasts.record(caller, id, body, new Date());
  }

  @Get()
  @Endpoint({
    summary: 'Recorded forecasts against their actuals',
    roles: [...READERS],
    description:
      'Each forecast recorded by asOf (in the ledger at atPosition), with `actual` (the KPI’s ' +
      'window=period value) and `error` (actual − forecast) for every period ended by asOf, and its ' +
      'accuracy over those periods: mape, bias (the mean error) and coverage80.',
    errors: {
      400: true,
      404: PARTNERSHIP_NOT_VISIBLE,
      429: tooManyExpensive('the series, or with `atPosition` the replays,', 'LEDGER_KPI_SERIES_LIMIT'),
    },
  })
  @ApiOkResponse({ type: RecordedForecastsDto })
  list(
    @CurrentCaller() caller: Caller,
    @Param('partnershipId') id: string,
    @Query() query: ForecastsQuery,
  ): Promise<RecordedForecastsDto> {
    return this.forecasts.list(caller, id, query, new Date());
  }
}
