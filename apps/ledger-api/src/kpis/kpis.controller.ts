import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { KPI_CATALOGUE } from '@ledger/domain';
import { Forecast, KpiSnapshot } from '@ledger/kpis';
import { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/decorators';
import { Endpoint, PARTNERSHIP_NOT_VISIBLE, tooManyExpensive } from '../openapi/endpoint';
import { ForecastDto, ForecastQuery } from './forecast.dto';
import { KpiQueries } from './kpi-queries';
import {
  KpiCatalogueDto,
  KpiSnapshotDto,
  KpisQuery,
  PortfolioDto,
  PortfolioQuery,
  SeriesDto,
  SeriesQuery,
} from './kpis.dto';

@ApiTags('kpis')
@Controller('v1')
export class KpisController {
  constructor(private readonly kpis: KpiQueries) {}

  @Get('partnerships/:partnershipId/kpis')
  @Endpoint({
    summary: 'Get a partnership’s KPIs',
    roles: ['admin', 'partner', 'auditor', 'governance'],
    description:
      'Bitemporal: `asOf` is business time, `atPosition` ledger time. With `minPosition` the answer ' +
      'waits (up to 5 s) until the read models have applied that position, so a portal reads its own write.',
    errors: {
      400: true,
      404: PARTNERSHIP_NOT_VISIBLE,
      429: tooManyExpensive('with `atPosition`: the replays', 'LEDGER_KPI_REPLAY_LIMIT'),
      503:
        'The database is unavailable, or the read models had not applied `minPosition` within 5 s ' +
        '(`projectionPosition` in the body); retrying is safe',
    },
  })
  @ApiOkResponse({ type: KpiSnapshotDto })
  snapshot(
    @CurrentCaller() caller: Caller,
    @Param('partnershipId') partnershipId: string,
    @Query() query: KpisQuery,
  ): Promise<KpiSnapshot> {
    return this.kpis.snapshot(caller, partnershipId, query, new Date());
  }

  @Get('partnerships/:partnershipId/kpis/:kpiId/series')
  @Endpoint({
    summary: 'Get a KPI as a time series',
    roles: ['admin', 'partner', 'auditor', 'governance'],
    errors: {
      400: true,
      404: `${PARTNERSHIP_NOT_VISIBLE}; or the catalogue has no such kpiId`,
      429: tooManyExpensive('the series', 'LEDGER_KPI_SERIES_LIMIT'),
    },
  })
  @ApiOkResponse({
    type: SeriesDto,
    description: 'The KPI at the end of each period (period KPIs measure that period)',
  })
  series(
    @CurrentCaller() caller: Caller,
    @Param('partnershipId') partnershipId: string,
    @Param('kpiId') kpiId: string,
    @Query() query: SeriesQuery,
  ): Promise<SeriesDto> {
    return this.kpis.series(caller, partnershipId, kpiId, query, new Date());
  }

  @Get('partnerships/:partnershipId/kpis/:kpiId/forecast')
  @Endpoint({
    summary: 'Forecast a KPI',
    roles: ['admin', 'partner', 'auditor', 'governance'],
    description:
      'The history is the KPI’s `window=period` series of the complete periods up to `asOf`, from the ' +
      'first complete period on or after the partnership’s start, at most the 36 most recent, nulls left ' +
      'out; the points follow its last point, with 80 % and 95 % intervals (FPP3 §5.5, §8.1–8.2). ' +
      '`auto` picks the least AICc among the methods with enough points. The same inputs give the same ' +
      'bytes, and `ledger forecast` gives them offline from an export.',
    errors: {
      400:
        'A bad `period`, `method`, `horizon`, `asOf` or `atPosition`; or too few points of history ' +
        '(`history`: fewer than 2, or fewer than the method asked needs)',
      404: `${PARTNERSHIP_NOT_VISIBLE}; or the catalogue has no such kpiId`,
      429: tooManyExpensive('the series', 'LEDGER_KPI_SERIES_LIMIT'),
      503:
        'The database is unavailable, or the read models had not applied `minPosition` within 5 s ' +
        '(`projectionPosition` in the body); retrying is safe',
    },
  })
  @ApiOkResponse({ type: ForecastDto, description: 'The history, the points and their intervals' })
  forecast(
    @CurrentCaller() caller: Caller,
    @Param('partnershipId') partnershipId: string,
    @Param('kpiId') kpiId: string,
    @Query() query: ForecastQuery,
  ): Promise<Forecast> {
    return this.kpis.forecast(caller, partnershipId, kpiId, query, new Date());
  }

  @Get('kpis')
  @Endpoint({
    summary: 'Get the portfolio’s KPIs',
    roles: ['admin', 'auditor', 'governance'],
    description: 'Requests for the same category and asOf while one waits share its run (and its answer).',
    errors: { 400: true, 429: tooManyExpensive('the portfolio runs', 'LEDGER_KPI_PORTFOLIO_LIMIT') },
  })
  @ApiOkResponse({ type: PortfolioDto, description: 'Every visible partnership’s KPIs; totals per currency' })
  portfolio(@CurrentCaller() caller: Caller, @Query() query: PortfolioQuery): Promise<PortfolioDto> {
    return this.kpis.portfolio(caller, query.category, query.asOf);
  }

  @Get('kpi-catalogue')
  @Endpoint({ summary: 'Get the KPI catalogue', roles: ['admin', 'partner', 'auditor', 'governance'] })
  @ApiOkResponse({ type: KpiCatalogueDto, description: 'Every KPI definition' })
  catalogue(): KpiCatalogueDto {
    return { items: KPI_CATALOGUE };
  }
}
