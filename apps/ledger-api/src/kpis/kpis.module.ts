import { Module } from '@nestjs/common';
import { PartnershipsModule } from '../partnerships/partnerships.module';
import { KpiFactsService } from './kpi-facts.service';
import { KpiQueries } from './kpi-queries';
import { KpisController } from './kpis.controller';

@Module({
  imports: [PartnershipsModule],
  controllers: [KpisController],
  providers: [KpiFactsService, KpiQueries],
})
export class KpisModule {}
