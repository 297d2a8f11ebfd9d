import { KpiSnapshot } from '@ledger/kpis';
import { LRUCache } from 'lru-cache';

/** What a snapshot was computed from, apart from its asOf: equal keys and equal asOf give equal bytes. */
export interface SnapshotKey {
  readonly partnershipId: string;
  /** The partnership's last applied event: a new event (a retraction too) changes it. */
  readonly position: number;
  readonly currency: string;
  readonly category: string | undefined;
}

/**
 * The last KPI snapshot computed per partnership and category, kept so that readers polling the same
 * figures do not each recompute them (a snapshot costs CPU in proportion to the partnership's events).
 *
 * Guarantees:
 * - an answer is only ever a snapshot computed from the same facts (same partnership, last position,
 *   currency and category); a new event of the partnership changes the position, so it is never masked;
 * - an explicit asOf is answered from memory only when it is the very asOf that was computed, so the
 *   bytes (and snapshotHash) are those a fresh computation would give;
 * - a default asOf ("now") may be answered by a snapshot whose asOf lies at most `windowMs` before now;
 *   the answer names that asOf, so it stays exact and reproducible for what it states;
 * - at most `capacity` snapshots are held (least recently used go first; lru-cache).
 * Constraints: `windowMs` 0 turns reuse for "now" off; explicit asOf reuse stays (it is exact).
 */
export class SnapshotReuse {
  private readonly entries: LRUCache<string, { readonly asOfMs: number; readonly snapshot: KpiSnapshot }>;

  constructor(
    private readonly windowMs: number,
    capacity = 2_000,
  ) {
    this.entries = new LRUCache({ max: capacity });
  }

  /**
   * A held snapshot for `asOfMs` exactly, or (when `now` is set) for any asOf within the window before it.
   */
  find(key: SnapshotKey, asOfMs: number, now: boolean): KpiSnapshot | undefined {
    const id = idOf(key);
    const entry = this.entries.peek(id);
    if (!entry) return undefined;
    const fits = now
      ? entry.asOfMs <= asOfMs && asOfMs - entry.asOfMs <= this.windowMs
      : entry.asOfMs === asOfMs;
    if (!fits) return undefined;
    this.entries.get(id); // used: now the most recent
    return entry.snapshot;
  }

  keep(key: SnapshotKey, snapshot: KpiSnapshot): void {
    this.entries.set(idOf(key), { asOfMs: Date.parse(snapshot.asOf), snapshot });
  }
}

function idOf(key: SnapshotKey): string {
  return JSON.stringify([key.partnershipId, key.position, key.currency, key.category ?? null]);
}
