import type { CompletenessItem } from './trust-answers';

export interface GridRow {
  /** `type` alone, or `type · orgId` when the charter expects it from each partner. */
  readonly label: string;
  readonly type: string;
  readonly orgId?: string;
  /** One cell per column: the item of that period, or undefined where nothing was expected. */
  readonly cells: readonly (CompletenessItem | undefined)[];
}

export interface Grid {
  /** Period starts, oldest first (the API lists items newest first). */
  readonly periods: readonly string[];
  readonly rows: readonly GridRow[];
}

/**
 * The completeness items laid out as a grid: a row per (event type, org), a column per period, so a
 * committee sees at a glance which side stopped reporting and since when. Rows sorted by type then org.
 */
export function completenessGrid(items: readonly CompletenessItem[]): Grid {
  const periods = [...new Set(items.map((i) => i.periodStart))].sort(byTime);
  const rowKey = (i: Pick<CompletenessItem, 'type' | 'orgId'>) => `${i.type}\u0000${i.orgId ?? ''}`;
  const rows = new Map<string, GridRow & { cells: (CompletenessItem | undefined)[] }>();
  for (const item of items) {
    const key = rowKey(item);
    if (!rows.has(key))
      rows.set(key, {
        label: item.orgId ? `${item.type} · ${item.orgId}` : item.type,
        type: item.type,
        ...(item.orgId ? { orgId: item.orgId } : {}),
        cells: periods.map(() => undefined),
      });
    rows.get(key)!.cells[periods.indexOf(item.periodStart)] = item;
  }
  return { periods, rows: [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => row) };
}

function byTime(a: string, b: string): number {
  return Date.parse(a) - Date.parse(b);
}

/** A period's column heading: the month (`2026-03`) or the quarter's first month, as the API starts it. */
export const periodLabel = (periodStart: string): string => periodStart.slice(0, 7);

/** Whether two period starts name the same instant, however each was written. */
export const samePeriod = (a: string, b: string): boolean => Date.parse(a) === Date.parse(b);
