import { Global, Module } from '@nestjs/common';
import { KpiReadModel } from './kpi-read-model';
import { ProjectionRunner } from './projection-runner';
import { ProjectionStatus } from './projection-status';
import { ProjectionsController } from './projections.controller';
import { Rebuilds } from './rebuilds';

@Global()
@Module({
  controllers: [ProjectionsController],
  providers: [KpiReadModel, ProjectionRunner, ProjectionStatus, Rebuilds],
  exports: [KpiReadModel, ProjectionRunner, ProjectionStatus],
})
export class ProjectionsModule {}
