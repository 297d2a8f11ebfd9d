import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { EventStore } from '@ledger/event-store';
import { Public } from '../auth/decorators';
import { EVENT_STORE } from '../config/tokens';
import { ProjectionStatus } from '../projections/projection-status';

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
  @Public()
  @HealthCheck()
  @ApiOkResponse({ description: 'The database is reachable; the projection’s position and lag behind the ledger' })
  @ApiServiceUnavailableResponse({ description: 'The database is not reachable' })
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
