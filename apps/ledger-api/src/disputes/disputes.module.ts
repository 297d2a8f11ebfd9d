import { Module } from '@nestjs/common';
import { CharterModule } from '../charter/charter.module';
import { PartnershipsModule } from '../partnerships/partnerships.module';
import { DisputeReads } from './dispute-reads';
import { DisputeWrites } from './dispute-writes';
import { DisputesController } from './disputes.controller';

@Module({
  imports: [PartnershipsModule, CharterModule],
  controllers: [DisputesController],
  providers: [DisputeReads, DisputeWrites],
})
export class DisputesModule {}
