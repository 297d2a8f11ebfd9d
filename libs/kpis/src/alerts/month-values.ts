import { KpiFacts } from '../facts/types';
import { periodOf } from '../periods';
import { MonthValues, monthValuesOf } from '../quality/anomalies';
import { MonthValueTable } from '../quality/month-cache';
import { AlertInput } from './types';

/**
 * The month figures a partnership's anomaly scans read, kept between month closes (each close judges
 * twelve months, eleven of which the previous close computed): the data-quality answer's
 * MonthValueTable, moved forward by every event the alert fold folds.
 *
 * Guarantees: a month held is one no event folded since could change (MonthValueTable, unchangedBefore),
 * so a close answers with or without the cache alike (property-tested: the live fold uses it, the rebuild
 * fold does not).
 * Constraints: one per partnership and fold; `applied` sees every event folded, in order, and valuesOf is
 * asked with the facts at the last event applied.
 */
export class MonthValueCache {
  private readonly table = new MonthValueTable();

  valuesOf(facts: KpiFacts, partnershipId: string, currency: string): MonthValues {
    const compute = monthValuesOf(facts, partnershipId, currency);
    return (month, kpis) => {
      const held = this.table.lookup([month], kpis).get(month.start);
      if (held) return held;
      const values = compute(month, kpis);
      if (facts.position === this.table.position) this.table.keep([month], kpis, [values]);
      return values;
    };
  }

  /** Moves the table past an event (a retraction's target is not known here: it forgets every month). */
  applied(e: AlertInput): void {
    const { eventId, position, type, occurredAt, recordedAt, recordedBy } = e;
    const periodEnd = periodOf('month', occurredAt).end + 1;
    const event = { eventId, position, type, occurredAt, recordedAt, recordedBy, periodEnd };
    this.table.advance([event], position);
  }
}
