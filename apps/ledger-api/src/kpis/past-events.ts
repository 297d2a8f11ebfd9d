import { Inject, Injectable } from '@nestjs/common';
import { EventStore, RecordedEvent } from '@ledger/event-store';
import { EVENT_STORE } from '../config/tokens';

const PAGE = 10_000;

/** A partnership's events up to a ledger position, for answers about the past (atPosition). */
@Injectable()
export class PastEvents {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async upTo(partnershipId: string, atPosition: number): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for (let from = 1; ;) {
      const page = await this.store.readStream(partnershipId, { fromVersion: from, limit: PAGE });
      for (const e of page) if (e.position <= atPosition) events.push(e);
      if (page.length < PAGE || page.at(-1)!.position > atPosition) return events;
      from = page.at(-1)!.version + 1;
    }
  }
}
