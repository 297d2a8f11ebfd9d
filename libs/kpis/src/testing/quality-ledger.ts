import { foldFacts } from '../facts/fold';
import { KpiFacts } from '../facts/types';
import { QualityEvent, StoredQualitySource, qualityEventOf } from '../quality/events';
import { Ledger, LedgerOptions } from '../scenarios/ledger';

/**
 * A partnership's ledger for the data-quality tests: the scenarios' Ledger (positions 1, 2, 3 …, ids
 * derived from them) with the moment each event reached the ledger beside it, which the KPI facts
 * forget and data quality is about. Real: the fold and qualityEventOf. Faked: nothing.
 */
export class QualityLedgerFixture {
  readonly ledger: Ledger;
  readonly stored: StoredQualitySource[] = [];

  constructor(opts: LedgerOptions = {}) {
    this.ledger = new Ledger(opts);
    const formed = this.ledger.events[0];
    this.stored.push({ ...formed, recordedAt: formed.occurredAt });
  }

  /** Appends an event recorded at `recordedAt` (default: when it occurred); returns its eventId. */
  add(
    type: string,
    occurredAt: string,
    data: Record<string, unknown>,
    by: string,
    recordedAt = occurredAt,
  ): string {
    const eventId = this.ledger.add(type, occurredAt, data, by);
    const e = this.ledger.events.at(-1)!;
    this.stored.push({ ...e, recordedAt });
    return eventId;
  }

  /** The position of the last event added. */
  get head(): number {
    return this.ledger.head;
  }

  /** The KPI facts folded up to `atPosition` (default: every event). */
  facts(atPosition = Number.POSITIVE_INFINITY): KpiFacts {
    return foldFacts(this.ledger.events.filter((e) => e.position <= atPosition));
  }

  /** Every event as the data-quality answer reads it. */
  quality(): QualityEvent[] {
    return this.stored.map((e) => qualityEventOf(e));
  }
}
