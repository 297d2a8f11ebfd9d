import { Module } from '@nestjs/common';
import { PartnershipsModule } from '../partnerships/partnerships.module';
import { ReadModelModule } from '../read-model/read-model.module';
import { AlertReads } from './alert-reads';
import { AlertsController } from './alerts.controller';

@Module({
  imports: [PartnershipsModule, ReadModelModule],
  controllers: [AlertsController],
  providers: [AlertReads],
})
export class AlertsModule {}
