import { Inject, Injectable } from '@nestjs/common';
import { NotFound } from '@ledger/domain';
import { EventStore } from '@ledger/event-store';
import { Caller } from '../auth/caller';
import { EVENT_STORE } from '../config/tokens';
import { PartnershipAccess } from '../partnerships/partnership-access';

/** Object-level access to a ledger position: partners may prove only their own partnerships' events. */
@Injectable()
export class LedgerEvents {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly access: PartnershipAccess,
  ) {}

  async assertReadable(caller: Caller, position: number): Promise<void> {
    if (caller.role !== 'partner') return;
    const [event] = await this.store.readAll({ fromPosition: position, limit: 1 });
    if (!event || event.position !== position)
      throw new NotFound('event_not_found', `no event at position ${position} is visible to this key`);
    await this.access.profile(caller, event.streamId).catch((error: unknown) => {
      throw error instanceof NotFound
        ? new NotFound('event_not_found', `no event at position ${position} is visible to this key`)
        : error;
    });
  }
}
