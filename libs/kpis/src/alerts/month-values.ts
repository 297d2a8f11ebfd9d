import { KpiNumber } from '../numbers';
import { MonthValues, monthValuesOf } from '../quality/anomalies';
import { unchangedBefore } from '../quality/month-cache';
import { KpiFacts } from '../facts/types';
import { AlertInput } from './types';

/**
 * The month figures a partnership's anomaly scans read, kept between month closes: each close judges
 * twelve months, eleven of which the previous close computed.
 *
 * Guarantees: a cached month is one no event folded since could change (quality/month-cache.ts:
 * unchangedBefore, told of every event through `applied`), so a close answers with or without the cache
 * alike (property-tested: the live fold uses it, the rebuild fold does not).
 * Constraints: one cache per partnership and fold; `applied` sees every event folded, in order.
 */
export class MonthValueCache {
  private readonly months = new Map<
    string,
    { readonly end: number; readonly values: readonly KpiNumber[] }
  >();

  valuesOf(facts: KpiFacts, partnershipId: string, currency: string): MonthValues {
    const compute = monthValuesOf(facts, partnershipId, currency);
    return (month, kpis) => {
      const key = `${month.start}|${kpis.map((k) => k.kpiId).join(',')}`;
      const known = this.months.get(key);
      if (known) return known.values;
      const values = compute(month, kpis);
      this.months.set(key, { end: month.end, values });
      return values;
    };
  }

  /** Forgets the months an event folded may have changed: from its month on, or all. */
  applied(e: AlertInput): void {
    const { eventId, position, type, occurredAt, recordedAt, recordedBy } = e;
    const appended = [{ eventId, position, type, occurredAt, recordedAt, recordedBy }];
    const from = unchangedBefore(appended, () => undefined); // a retraction's target: unknown, so all
    if (from === Number.POSITIVE_INFINITY) return;
    for (const [key, month] of this.months) if (month.end >= from) this.months.delete(key);
  }
}
