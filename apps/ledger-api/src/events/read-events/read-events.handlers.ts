import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { EventStore } from '@ledger/event-store';
import { Caller } from '../../auth/caller';
import { EVENT_STORE } from '../../config/tokens';
import { PartnershipAccess } from '../../partnerships/partnership-access';
import { LedgerEventsDto, PartnershipEventsDto, eventView } from '../event.dto';

export class ReadPartnershipEvents extends Query<PartnershipEventsDto> {
  constructor(readonly caller: Caller, readonly partnershipId: string, readonly fromVersion: number, readonly limit: number) {
    super();
  }
}

export class ReadLedger extends Query<LedgerEventsDto> {
  constructor(readonly fromPosition: number, readonly limit: number) {
    super();
  }
}

@QueryHandler(ReadPartnershipEvents)
export class ReadPartnershipEventsHandler implements IQueryHandler<ReadPartnershipEvents> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly access: PartnershipAccess,
  ) {}

  async execute({ caller, partnershipId, fromVersion, limit }: ReadPartnershipEvents): Promise<PartnershipEventsDto> {
    await this.access.visible(caller, partnershipId);
    const events = await this.store.readStream(partnershipId, { fromVersion, limit });
    const last = events.at(-1);
    return { items: events.map(eventView), nextVersion: last ? last.version + 1 : fromVersion };
  }
}

@QueryHandler(ReadLedger)
export class ReadLedgerHandler implements IQueryHandler<ReadLedger> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ fromPosition, limit }: ReadLedger): Promise<LedgerEventsDto> {
    const events = await this.store.readAll({ fromPosition, limit });
    const last = events.at(-1);
    return { items: events.map(eventView), nextPosition: last ? last.position + 1 : fromPosition };
  }
}
