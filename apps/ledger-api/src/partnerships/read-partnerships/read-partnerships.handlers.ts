import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Caller, canSeePartnership } from '../../auth/caller';
import { EVENT_STORE } from '../../config/tokens';
import { PartnershipAccess } from '../partnership-access';
import { LedgerStore } from '../partnership-fold';
import { PartnershipDto, partnershipView } from '../partnership.dto';

export class GetPartnership extends Query<PartnershipDto> {
  constructor(readonly caller: Caller, readonly partnershipId: string) {
    super();
  }
}

export class ListPartnerships extends Query<PartnershipDto[]> {
  constructor(readonly caller: Caller) {
    super();
  }
}

@QueryHandler(GetPartnership)
export class GetPartnershipHandler implements IQueryHandler<GetPartnership> {
  constructor(private readonly access: PartnershipAccess) {}

  async execute({ caller, partnershipId }: GetPartnership): Promise<PartnershipDto> {
    return partnershipView(partnershipId, await this.access.visible(caller, partnershipId));
  }
}

/** One read of every stream's version; only partnerships whose cached state is behind are read further (the store's cache). */
@QueryHandler(ListPartnerships)
export class ListPartnershipsHandler implements IQueryHandler<ListPartnerships> {
  constructor(@Inject(EVENT_STORE) private readonly store: LedgerStore) {}

  async execute({ caller }: ListPartnerships): Promise<PartnershipDto[]> {
    const streams = await this.store.listStreams();
    const views: PartnershipDto[] = [];
    for (const { streamId, version } of streams) {
      const { state } = await this.store.state(streamId, version);
      if (state.status !== 'none' && canSeePartnership(caller, state.profile.partnerOrgIds)) views.push(partnershipView(streamId, state));
    }
    return views;
  }
}
