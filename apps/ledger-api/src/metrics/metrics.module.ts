import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { HttpMetricsInterceptor } from './http-metrics.interceptor';
import { MetricsController } from './metrics.controller';
import { LedgerMetrics } from './metrics';

@Global()
@Module({
  controllers: [MetricsController],
  providers: [LedgerMetrics, { provide: APP_INTERCEPTOR, useClass: HttpMetricsInterceptor }],
  exports: [LedgerMetrics],
})
export class MetricsModule {}
