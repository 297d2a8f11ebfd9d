import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { EventStore } from '@ledger/event-store';
import { PublicEndpoint } from '../openapi/endpoint';
import { EVENT_STORE } from '../config/tokens';
import { ProjectionStatus } from '../projections/projection-status';
import { HealthDto } from './health.dto';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: ProjectionStatus,
  ) {}

  @Get()
  @PublicEndpoint({
    summary: 'Check health',
    description: 'The database is reachable; the KPI projection’s position and lag behind the ledger.',
    errors: { 503: 'The database is not reachable' },
  })
  // Documented here instead: terminus's own schema does not match what this check answers.
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOkResponse({ type: HealthDto, description: 'The database is reachable' })
  check() {
    return this.health.check([
      async () => {
        const database = this.indicators.check('database');
        try {
          const position = await this.store.headPosition();
          return database.up({ ledgerPosition: position });
        } catch (error) {
          return database.down({ message: error instanceof Error ? error.message : String(error) });
        }
      },
      async () => {
        // Informational: a lagging projection is reported, never a reason to fail the check.
        const projections = this.indicators.check('projections');
        try {
          const { position, lag, state } = await this.projections.view();
          return projections.up({ kpis: { position, lag, state } });
        } catch {
          return projections.up({ kpis: { state: 'unknown' } });
        }
      },
    ]);
  }
}
