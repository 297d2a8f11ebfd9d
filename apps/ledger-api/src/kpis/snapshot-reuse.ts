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
 * The last answer computed per question (a KPI snapshot per partnership and category; an attribution per
 * partnership and policy), kept so that readers polling the same figures do not each recompute them (an
 * answer costs CPU in proportion to the partnership's events). The one reuse of computed answers.
 *
 * Guarantees:
 * - an answer is only ever one computed from the same facts for the same question (the key: for a
 *   snapshot the partnership, last position, currency and category); a new event of the partnership
 *   changes the position, so it is never masked;
 * - an explicit asOf is answered from memory only when it is the very asOf that was computed, so the
 *   bytes (and snapshotHash) are those a fresh computation would give;
 * - a default asOf ("now") may be answered by a snapshot whose asOf lies at most `windowMs` before now;
 *   the answer names that asOf, so it stays exact and reproducible for what it states;
 * - at most `capacity` snapshots are held (least recently used go first; lru-cache).
 * Constraints: `windowMs` 0 turns reuse for "now" off; explicit asOf reuse stays (it is exact).
 */
export class AnswerReuse<K, T extends { readonly asOf: string }> {
  private readonly entries: LRUCache<string, { readonly asOfMs: number; readonly answer: T }>;

  constructor(
    private readonly windowMs: number,
    private readonly idOf: (key: K) => string,
    capacity = 2_000,
  ) {
    this.entries = new LRUCache({ max: capacity });
  }

  /**
   * A held snapshot for `asOfMs` exactly, or (when `now` is set) for any asOf within the window before it.
   */
  find(key: K, asOfMs: number, now: boolean): T | undefined {
    const id = this.idOf(key);
    const entry = this.entries.peek(id);
    if (!entry) return undefined;
    const fits = now
      ? entry.asOfMs <= asOfMs && asOfMs - entry.asOfMs <= this.windowMs
      : entry.asOfMs === asOfMs;
    if (!fits) return undefined;
    this.entries.get(id); // used: now the most recent
    return entry.answer;
  }

  keep(key: K, answer: T): void {
    this.entries.set(this.idOf(key), { asOfMs: Date.parse(answer.asOf), answer });
  }
}

/** KPI snapshots, by partnership, position, currency and category. */
export class SnapshotReuse extends AnswerReuse<SnapshotKey, KpiSnapshot> {
  constructor(windowMs: number, capacity = 2_000) {
    super(
      windowMs,
      (k) => JSON.stringify([k.partnershipId, k.position, k.currency, k.category ?? null]),
      capacity,
    );
  }
}
