import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DataQuality } from '@ledger/kpis';
import { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/decorators';
import { Endpoint, PARTNERSHIP_NOT_VISIBLE, tooManyExpensive } from '../openapi/endpoint';
import { QualityReads } from './quality-reads';
import { DataQualityDto, DataQualityQuery } from './quality.dto';

/** How far a partnership's data can be trusted: completeness, timeliness, balance and anomalies. */
@ApiTags('kpis')
@Controller('v1/partnerships/:partnershipId')
export class QualityController {
  constructor(private readonly quality: QualityReads) {}

  @Get('data-quality')
  @Endpoint({
    summary: 'Get a partnership’s data quality',
    roles: ['admin', 'partner', 'auditor', 'governance'],
    description:
      'Completeness against the charter’s `dataQuality.expected`, lag percentiles and the events that ' +
      'arrived more than `lateAfterDays` after their month ended, each org’s share of the events, and ' +
      'monthly KPI figures far out of line (modified z-score |M| > 3.5). `asOf` is business time, ' +
      '`atPosition` ledger time; lists hold at most 100 items, newest first.',
    errors: {
      400: true,
      404: PARTNERSHIP_NOT_VISIBLE,
      429: tooManyExpensive(
        'with `atPosition`, the replays (`LEDGER_KPI_REPLAY_LIMIT`); or the series of the months judged',
        'LEDGER_KPI_SERIES_LIMIT',
      ),
      503:
        'The database is unavailable, or the read models had not applied `minPosition` within 5 s ' +
        '(`projectionPosition` in the body); retrying is safe',
    },
  })
  @ApiOkResponse({ type: DataQualityDto })
  get(
    @CurrentCaller() caller: Caller,
    @Param('partnershipId') partnershipId: string,
    @Query() query: DataQualityQuery,
  ): Promise<DataQuality> {
    return this.quality.answer(caller, partnershipId, query, new Date());
  }
}
