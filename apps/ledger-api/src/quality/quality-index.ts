import { Injectable } from '@nestjs/common';
import { MonthValueTable, QualityEvent, internOf, qualityEventOf } from '@ledger/kpis';
import { LRUCache } from 'lru-cache';
import { PastEvents } from '../kpis/past-events';

/**
 * Partnerships whose compact events are held: about 200 bytes an event (150 for the record, the rest its
 * id; types and recorders shared; measured with 50,000), so 32 partnerships of 50,000 events hold about
 * 320 MB at most; most partnerships hold far fewer events.
 */
export const INDEXED_PARTNERSHIPS = 32;

/** One partnership's events as the data-quality answer reads them, up to `position`. */
export interface IndexedPartnership {
  /** In position order. */
  readonly events: readonly QualityEvent[];
  /** The ledger position of the last event held (0: none). */
  readonly position: number;
  /** Month values of the live read model's facts, kept while appends leave them unchanged. */
  readonly months: MonthValueTable;
}

class Held implements IndexedPartnership {
  readonly events: QualityEvent[] = [];
  readonly months = new MonthValueTable();
  readonly intern = internOf();
  version = 0;
  position = 0;
}

/**
 * The data-quality answer's in-process index: per partnership, its events as QualityEvents (what the KPI
 * facts forget: when each was recorded, what is retracted, what the ledger appended itself), extended
 * from the event store by reading only the versions after the last one held (PastEvents.after).
 *
 * Guarantees:
 * - `upTo(id, p)` resolves to events that hold every event of the partnership with a position ≤ p that
 *   was committed before the call (each extension reads to the stream's end; a caller that joined an
 *   extension begun before its position was committed extends again);
 * - the events held are the store's, in order, each once: an extension appends only versions after the
 *   last one held, and concurrent callers share one extension (lru-cache's fetch);
 * - at most INDEXED_PARTNERSHIPS are held, the least recently used let go (read again when asked).
 * Constraints: the events are append-only, so what is held never goes stale, it only falls behind.
 */
@Injectable()
export class QualityIndex {
  private readonly held: LRUCache<string, Held>;

  constructor(private readonly past: PastEvents) {
    this.held = new LRUCache<string, Held>({
      max: INDEXED_PARTNERSHIPS,
      fetchMethod: (id, held) => this.extend(id, held ?? new Held()),
      // A failed read (the database away) leaves what was held, rather than reading it all again.
      noDeleteOnFetchRejection: true,
    });
  }

  async upTo(partnershipId: string, position: number): Promise<IndexedPartnership> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const held = this.held.get(partnershipId);
      if (held && held.position >= position) return held;
      await this.held.fetch(partnershipId, { forceRefresh: true });
    }
    throw new Error(`the events of ${partnershipId} up to position ${position} were not found in the store`);
  }

  private async extend(partnershipId: string, held: Held): Promise<Held> {
    const read = await this.past.after(partnershipId, held.version);
    // Nothing is awaited from here on: readers see the events before or after the whole extension.
    for (const e of read) held.events.push(qualityEventOf(e, held.intern));
    const last = read.at(-1);
    if (last) {
      held.version = last.version;
      held.position = last.position;
    }
    return held;
  }
}
