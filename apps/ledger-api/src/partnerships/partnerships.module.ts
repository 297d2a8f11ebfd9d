import { Module } from '@nestjs/common';
import { FormPartnership } from './form-partnership/form-partnership.handler';
import { PartnershipAccess } from './partnership-access';
import { PartnershipsController } from './partnerships.controller';
import { ReadPartnerships } from './read-partnerships/read-partnerships.handlers';
import { PartnershipCommands } from './write/partnership-commands';

@Module({
  controllers: [PartnershipsController],
  providers: [PartnershipCommands, PartnershipAccess, FormPartnership, ReadPartnerships],
  exports: [PartnershipCommands, PartnershipAccess],
})
export class PartnershipsModule {}
