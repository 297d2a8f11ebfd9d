import { Module } from '@nestjs/common';
import { CharterModule } from '../charter/charter.module';
import { Alignment } from './alignment';
import { AttributionController } from './attribution.controller';
import { AttributionQueries } from './attribution-queries';
import { PartnershipsModule } from '../partnerships/partnerships.module';
import { ExpensiveReads } from './expensive-reads';
import { KpiQueries } from './kpi-queries';
import { PastEvents } from './past-events';
import { KpisController } from './kpis.controller';
import { KpiWorkers } from './workers/kpi-workers';
import { WhatIfs } from './what-if';

@Module({
  imports: [PartnershipsModule, CharterModule],
  controllers: [KpisController, AttributionController],
  providers: [PastEvents, ExpensiveReads, KpiQueries, KpiWorkers, WhatIfs, AttributionQueries, Alignment],
  // The data-quality answer reads events and computes its series the same way (quality/).
  // Scenarios and recorded forecasts (foresight/) read facts, series and forecasts through KpiQueries.
  exports: [PastEvents, KpiWorkers, ExpensiveReads, KpiQueries],
})
export class KpisModule {}
