import { Module } from '@nestjs/common';
import { FormPartnershipHandler } from './form-partnership/form-partnership.handler';
import { PartnershipAccess } from './partnership-access';
import { PartnershipsController } from './partnerships.controller';
import { GetPartnershipHandler, ListPartnershipsHandler } from './read-partnerships/read-partnerships.handlers';
import { PartnershipCommands } from './write/partnership-commands';

@Module({
  controllers: [PartnershipsController],
  providers: [PartnershipCommands, PartnershipAccess, FormPartnershipHandler, GetPartnershipHandler, ListPartnershipsHandler],
  exports: [PartnershipCommands, PartnershipAccess],
})
export class PartnershipsModule {}
