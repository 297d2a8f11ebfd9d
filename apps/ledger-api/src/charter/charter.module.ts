import { Module } from '@nestjs/common';
import { PartnershipsModule } from '../partnerships/partnerships.module';
import { CharterReads } from './charter-reads';
import { CharterWrites } from './charter-writes';
import { GovernanceWrite } from './governance-write';
import { CharterController } from './charter.controller';
import { ReviewsController } from './reviews.controller';

@Module({
  imports: [PartnershipsModule],
  controllers: [CharterController, ReviewsController],
  providers: [CharterReads, CharterWrites, GovernanceWrite],
  exports: [CharterReads, GovernanceWrite],
})
export class CharterModule {}
