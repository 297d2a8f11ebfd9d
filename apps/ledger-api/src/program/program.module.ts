import { Module } from '@nestjs/common';
import { AdminModule } from '../admin/admin.module';
import { KpisModule } from '../kpis/kpis.module';
import { PartnerScoresQueries } from './partner-scores';
import { PartnershipFiguresSource } from './partnership-figures';
import { ProgramController } from './program.controller';
import { ProgramLog } from './program-log';
import { ProgramWrites } from './program-writes';

/** The program level (API.md, "Partner scoring and tiering"): the reserved `program` stream and scores. */
@Module({
  imports: [KpisModule, AdminModule],
  controllers: [ProgramController],
  providers: [ProgramLog, ProgramWrites, PartnershipFiguresSource, PartnerScoresQueries],
})
export class ProgramModule {}
