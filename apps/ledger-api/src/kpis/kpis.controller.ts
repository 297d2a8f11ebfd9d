import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { KPI_CATALOGUE, KpiDefinition } from '@ledger/domain';
import { KpiSnapshot } from '@ledger/kpis';
import { Caller } from '../auth/caller';
import { CurrentCaller, Roles } from '../auth/decorators';
import { KpiQueries } from './kpi-queries';
import { KpiSnapshotDto, KpisQuery, PortfolioQuery, SeriesDto, SeriesQuery } from './kpis.dto';

@ApiTags('kpis')
@ApiBearerAuth()
@Controller('v1')
export class KpisController {
  constructor(private readonly kpis: KpiQueries) {}

  @Get('partnerships/:partnershipId/kpis')
  @Roles('admin', 'partner', 'auditor', 'governance')
  @ApiOkResponse({ type: KpiSnapshotDto })
  snapshot(@CurrentCaller() caller: Caller, @Param('partnershipId') partnershipId: string, @Query() query: KpisQuery): Promise<KpiSnapshot> {
    return this.kpis.snapshot(caller, partnershipId, query, new Date());
  }

  @Get('partnerships/:partnershipId/kpis/:kpiId/series')
  @Roles('admin', 'partner', 'auditor', 'governance')
  @ApiOkResponse({ type: SeriesDto, description: 'The KPI at the end of each period (period KPIs measure that period)' })
  series(
    @CurrentCaller() caller: Caller,
    @Param('partnershipId') partnershipId: string,
    @Param('kpiId') kpiId: string,
    @Query() query: SeriesQuery,
  ): Promise<SeriesDto> {
    return this.kpis.series(caller, partnershipId, kpiId, query, new Date());
  }

  @Get('kpis')
  @Roles('admin', 'auditor', 'governance')
  @ApiOkResponse({ description: 'Every visible partnership’s KPIs (items) and program totals per currency (totals)' })
  portfolio(@CurrentCaller() caller: Caller, @Query() query: PortfolioQuery) {
    return this.kpis.portfolio(caller, query.category, query.asOf);
  }

  @Get('kpi-catalogue')
  @Roles('admin', 'partner', 'auditor', 'governance')
  @ApiOkResponse({ description: 'Every KPI definition: {kpiId, category, name, formula, unit, direction, benchmark?, source}' })
  catalogue(): { items: readonly KpiDefinition[] } {
    return { items: KPI_CATALOGUE };
  }
}
