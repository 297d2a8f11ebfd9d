import { Module } from '@nestjs/common';
import { KpisModule } from '../kpis/kpis.module';
import { PartnershipsModule } from '../partnerships/partnerships.module';
import { QualityController } from './quality.controller';
import { QualityIndex } from './quality-index';
import { QualityReads } from './quality-reads';

@Module({
  imports: [PartnershipsModule, KpisModule],
  controllers: [QualityController],
  providers: [QualityIndex, QualityReads],
})
export class QualityModule {}
