import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { AdminModule } from './admin/admin.module';
import { CharterModule } from './charter/charter.module';
import { AlertsModule } from './alerts/alerts.module';
import { DisputesModule } from './disputes/disputes.module';
import { ForesightModule } from './foresight/foresight.module';
import { ApiKeyGuard } from './auth/api-key.guard';
import { Authenticator } from './auth/authenticator';
import { RateLimitGuard } from './auth/rate-limit.guard';
import { ThrottlerModule } from '@nestjs/throttler';
import { BodyGuardInterceptor } from './common/json-guard';
import { ProblemFilter } from './common/problem.filter';
import { DatabaseConfig, DatabaseModule } from './database/database.module';
import { EventsModule } from './events/events.module';
import { HealthController } from './health/health.controller';
import { MetricsModule } from './metrics/metrics.module';
import { KpisModule } from './kpis/kpis.module';
import { LedgerModule } from './ledger/ledger.module';
import { PartnershipsModule } from './partnerships/partnerships.module';
import { ProgramModule } from './program/program.module';
import { QualityModule } from './quality/quality.module';
import { ProjectionsModule } from './projections/projections.module';
import { ReadModelModule } from './read-model/read-model.module';

@Module({})
export class AppModule {
  static forRoot(config: DatabaseConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DatabaseModule.forRoot(config),
        TerminusModule.forRoot({ logger: false }),
        MetricsModule,
        ThrottlerModule.forRoot({
          throttlers: [{ ttl: 1000, limit: config.rateLimitPerSecond }],
          skipIf: () => config.rateLimitPerSecond === 0,
        }),
        AdminModule,
        PartnershipsModule,
        EventsModule,
        ReadModelModule,
        ProjectionsModule,
        KpisModule,
        CharterModule,
        DisputesModule,
        ForesightModule,
        QualityModule,
        AlertsModule,
        ProgramModule,
        LedgerModule,
      ],
      controllers: [HealthController],
      providers: [
        Authenticator,
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_INTERCEPTOR, useClass: BodyGuardInterceptor },
      ],
    };
  }
}
