import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/decorators';
import { Endpoint } from '../openapi/endpoint';
import { AlertReads } from './alert-reads';
import { AlertsDto, AlertsQuery } from './alerts.dto';

/** Alerts kept by the projection (API.md, "Alerts"). */
@ApiTags('alerts')
@Controller('v1/alerts')
export class AlertsController {
  constructor(private readonly reads: AlertReads) {}

  @Get()
  @Endpoint({
    summary: 'Alerts raised and cleared by the projection',
    roles: ['admin', 'partner', 'auditor', 'governance'],
    description: 'Partners see their partnerships only. Newest raisedAt first.',
    errors: {
      400: 'a query field breaks its rule',
      404: 'partnershipId names no partnership visible to this key',
    },
  })
  @ApiOkResponse({ type: AlertsDto })
  list(@CurrentCaller() caller: Caller, @Query() q: AlertsQuery): Promise<AlertsDto> {
    return this.reads.list(caller, q);
  }
}
