import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { PublicEndpoint } from '../openapi/endpoint';
import { LedgerMetrics } from './metrics';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: LedgerMetrics) {}

  @Get()
  @PublicEndpoint({ summary: 'Scrape metrics', description: 'Prometheus text exposition format 0.0.4.' })
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'Metrics',
    schema: { type: 'string', example: 'ledger_events_appended_total 3' },
  })
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
