import { KpiFacts, SeriesPoint, SeriesTask } from '@ledger/kpis';
import { LRUCache } from 'lru-cache';

/**
 * The series of complete periods a forecast reads (its history), kept per partnership position, so that
 * forecasts of the same KPI (any method, horizon or asOf in the same period) compute it once: a series of
 * 36 months costs 36 period views of the partnership's facts (~250 ms at 2,000 events here), the forecast
 * itself under a millisecond.
 *
 * Guarantees:
 * - exact, with no time window: a series is a pure function of the facts (the partnership's events up to
 *   facts.position) and the task; the key holds the position, the KPI, its category, currency and window
 *   and every period, and only the figure of a period that ended by `to` is reused, which does not depend
 *   on `to`. A new event of the partnership (a retraction too) changes the position, so it is never masked;
 * - concurrent requests for one key share one computation; a failed one (429, an error) is not kept;
 * - at most `capacity` series are held (least recently used go first; lru-cache).
 * Constraints: what-if series are not reused (their charter is a proposal, not an event of the facts).
 */
export class HistoryReuse {
  private readonly entries: LRUCache<string, Promise<SeriesPoint[]>>;

  constructor(capacity = 500) {
    this.entries = new LRUCache({ max: capacity });
  }

  points(facts: KpiFacts, task: SeriesTask, compute: () => Promise<SeriesPoint[]>): Promise<SeriesPoint[]> {
    const last = task.periods[task.periods.length - 1];
    if (task.whatIf !== undefined || (last && last.end > task.to)) return compute();
    const { partnershipId, currency, kpiId, category, window } = task;
    const periods = task.periods.map((p) => [p.kind, p.start, p.end]);
    const key = JSON.stringify([partnershipId, facts.position, currency, kpiId, category, window, periods]);
    let running = this.entries.get(key);
    if (!running) {
      running = compute();
      this.entries.set(key, running);
      running.catch(() => this.entries.delete(key));
    }
    return running;
  }
}
