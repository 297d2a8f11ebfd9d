import { Global, Module } from '@nestjs/common';
import { KpiProjection } from './projection-runner';
import { ProjectionStatus } from './projection-status';
import { ProjectionsController } from './projections.controller';

@Global()
@Module({
  controllers: [ProjectionsController],
  providers: [KpiProjection, ProjectionStatus],
  exports: [ProjectionStatus],
})
export class ProjectionsModule {}
