import { Injectable } from '@nestjs/common';
import { FormedPartnership } from '@ledger/domain';
import { Caller, canSeePartnership, partnershipNotFound } from '../auth/caller';
import { PARTNERSHIP_ID } from './form-partnership/form-partnership.dto';
import { PartnershipStates } from './partnership-states';

/** Loads a partnership the caller may see, or answers 404 whether it is missing or someone else's. */
@Injectable()
export class PartnershipAccess {
  constructor(private readonly states: PartnershipStates) {}

  async visible(caller: Caller, partnershipId: string): Promise<FormedPartnership> {
    // An id no partnership can have is answered without a database round trip.
    if (!PARTNERSHIP_ID.test(partnershipId)) throw partnershipNotFound(partnershipId);
    const state = await this.states.load(partnershipId);
    if (state.status === 'none' || !canSeePartnership(caller, state.profile.partnerOrgIds)) {
      throw partnershipNotFound(partnershipId);
    }
    return state;
  }
}
