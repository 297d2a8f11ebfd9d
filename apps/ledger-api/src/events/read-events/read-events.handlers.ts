import { Inject, Injectable } from '@nestjs/common';
import { EventStore } from '@ledger/event-store';
import { Caller } from '../../auth/caller';
import { EVENT_STORE } from '../../config/tokens';
import { PartnershipAccess } from '../../partnerships/partnership-access';
import { LedgerEventsDto, PartnershipEventsDto, eventView } from '../event.dto';

/** Reading the ledger: a partnership's events by version (members), the whole ledger by position. */
@Injectable()
export class ReadEvents {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly access: PartnershipAccess,
  ) {}

  async ofPartnership(
    caller: Caller,
    partnershipId: string,
    fromVersion: number,
    limit: number,
  ): Promise<PartnershipEventsDto> {
    await this.access.visible(caller, partnershipId);
    const events = await this.store.readStream(partnershipId, { fromVersion, limit });
    const last = events.at(-1);
    return { items: events.map(eventView), nextVersion: last ? last.version + 1 : fromVersion };
  }

  async ofLedger(fromPosition: number, limit: number): Promise<LedgerEventsDto> {
    const events = await this.store.readAll({ fromPosition, limit });
    const last = events.at(-1);
    return { items: events.map(eventView), nextPosition: last ? last.position + 1 : fromPosition };
  }
}
