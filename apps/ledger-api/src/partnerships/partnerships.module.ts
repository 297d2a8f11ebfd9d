import { Module } from '@nestjs/common';
import { FormPartnershipHandler } from './form-partnership/form-partnership.handler';
import { PartnershipAccess } from './partnership-access';
import { PartnershipStates } from './partnership-states';
import { PartnershipsController } from './partnerships.controller';
import { GetPartnershipHandler, ListPartnershipsHandler } from './read-partnerships/read-partnerships.handlers';
import { PartnershipWriter } from './write/partnership-writer';

@Module({
  controllers: [PartnershipsController],
  providers: [PartnershipStates, PartnershipWriter, PartnershipAccess, FormPartnershipHandler, GetPartnershipHandler, ListPartnershipsHandler],
  exports: [PartnershipStates, PartnershipWriter, PartnershipAccess],
})
export class PartnershipsModule {}
