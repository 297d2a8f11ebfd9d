import { Module } from '@nestjs/common';
import { PartnershipsModule } from '../partnerships/partnerships.module';
import { KpiQueries } from './kpi-queries';
import { PastEvents } from './past-events';
import { KpisController } from './kpis.controller';
import { KpiWorkers } from './workers/kpi-workers';

@Module({
  imports: [PartnershipsModule],
  controllers: [KpisController],
  providers: [PastEvents, KpiQueries, KpiWorkers],
})
export class KpisModule {}
