import { Inject, Injectable } from '@nestjs/common';
import { Caller, canSeePartnership } from '../../auth/caller';
import { EVENT_STORE } from '../../config/tokens';
import { PartnershipAccess } from '../partnership-access';
import { LedgerStore } from '../partnership-fold';
import { PartnershipDto, partnershipView } from '../partnership.dto';

/** Reading partnerships: one, or those the caller may see. */
@Injectable()
export class ReadPartnerships {
  constructor(
    private readonly access: PartnershipAccess,
    @Inject(EVENT_STORE) private readonly store: LedgerStore,
  ) {}

  async get(caller: Caller, partnershipId: string): Promise<PartnershipDto> {
    return partnershipView(partnershipId, await this.access.visible(caller, partnershipId));
  }

  /** One read of every stream's version; only partnerships whose cached state is behind are read further. */
  async list(caller: Caller): Promise<PartnershipDto[]> {
    const views: PartnershipDto[] = [];
    for (const { streamId, version } of await this.store.listStreams()) {
      const { state } = await this.store.state(streamId, version);
      if (state.status !== 'none' && canSeePartnership(caller, state.profile.partnerOrgIds))
        views.push(partnershipView(streamId, state));
    }
    return views;
  }
}
