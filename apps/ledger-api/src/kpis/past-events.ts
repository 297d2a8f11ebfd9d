import { Inject, Injectable } from '@nestjs/common';
import { EventStore, RecordedEvent } from '@ledger/event-store';
import { EVENT_STORE } from '../config/tokens';

const PAGE = 10_000;

/**
 * A partnership's events read from the store by version, a page at a time: up to a ledger position, for
 * answers about the past (atPosition), or after a version, for what keeps a partnership's events in
 * memory and extends them (quality/quality-index.ts).
 */
@Injectable()
export class PastEvents {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  upTo(partnershipId: string, atPosition: number): Promise<RecordedEvent[]> {
    return this.read(partnershipId, 0, atPosition);
  }

  /** Every event of the partnership after stream version `version`, in order. */
  after(partnershipId: string, version: number): Promise<RecordedEvent[]> {
    return this.read(partnershipId, version, Number.POSITIVE_INFINITY);
  }

  private async read(partnershipId: string, version: number, atPosition: number): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for (let from = version + 1; ;) {
      const page = await this.store.readStream(partnershipId, { fromVersion: from, limit: PAGE });
      for (const e of page) if (e.position <= atPosition) events.push(e);
      if (page.length < PAGE || page.at(-1)!.position > atPosition) return events;
      from = page.at(-1)!.version + 1;
    }
  }
}
