import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { EventStore } from '@ledger/event-store';
import { Public } from '../auth/decorators';
import { EVENT_STORE } from '../config/tokens';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get()
  @Public()
  @HealthCheck()
  @ApiOkResponse({ description: 'The database is reachable' })
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
    ]);
  }
}
