import { RecordFact } from '../facts/types';

/** What these functions read of a View (view.ts), named here so that view.ts may import this file. */
interface Windowed {
  readonly asOf: number;
  readonly since?: number;
  readonly recordsByType: ReadonlyMap<string, readonly RecordFact[]>;
}

/**
 * What restricts a view to a window [since, asOf] (a series with window=period, see View) and what stays
 * whole in it.
 */

/** One `deal.touched`: which member org touched the deal, and when (business time, ms). */
export interface Touch {
  readonly orgId: string;
  readonly at: number;
}

/**
 * The records of each type from `since` on, filtered once per type on first use.
 * Constraints: `byType` holds records up to asOf only, in record order (the order is kept).
 */
export function windowedRecords(
  byType: ReadonlyMap<string, readonly RecordFact[]>,
  since: number,
): (type: string) => readonly RecordFact[] {
  const windowed = new Map<string, readonly RecordFact[]>();
  return (type) => {
    const known = windowed.get(type);
    if (known) return known;
    const list = (byType.get(type) ?? []).filter((r) => r.at >= since);
    windowed.set(type, list);
    return list;
  };
}

/** Every record of a type up to asOf, also those before a window's `since`: context such as targets. */
export function history(v: Windowed, type: string): readonly RecordFact[] {
  return v.recordsByType.get(type) ?? [];
}

/** A business time in the view's window: up to asOf, and from `since` on in a windowed view. */
export function inWindow(v: Windowed, at: number): boolean {
  return at <= v.asOf && (v.since === undefined || at >= v.since);
}

/** A deal's touches by the key of the facts' deal map, from the `deal.touched` records in record order. */
export function touchesByDeal(records: readonly RecordFact[]): Map<string, Touch[]> {
  const touches = new Map<string, Touch[]>();
  for (const r of records) {
    const dealId = String(r.data.dealId);
    const list = touches.get(dealId) ?? [];
    list.push({ orgId: String(r.data.orgId), at: r.at });
    touches.set(dealId, list);
  }
  return touches;
}
