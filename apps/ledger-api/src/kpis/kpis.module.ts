import { Module } from '@nestjs/common';
import { PartnershipsModule } from '../partnerships/partnerships.module';
import { KpiFactsService } from './kpi-facts.service';
import { KpiQueries } from './kpi-queries';
import { KpisController } from './kpis.controller';
import { KpiWorkers } from './workers/kpi-workers';

@Module({
  imports: [PartnershipsModule],
  controllers: [KpisController],
  providers: [KpiFactsService, KpiQueries, KpiWorkers],
})
export class KpisModule {}
