/**
 * Calendar periods in UTC. Bounds are inclusive milliseconds: [start, end]. Weeks are ISO weeks
 * (Monday 00:00 UTC); quarters are calendar quarters (`2026-Q3`).
 */
export type PeriodKind = 'week' | 'month' | 'quarter' | 'year';
export const PERIOD_KINDS: readonly PeriodKind[] = ['week', 'month', 'quarter', 'year'];

export interface Period {
  readonly kind: PeriodKind;
  readonly start: number;
  readonly end: number;
}

export function periodOf(kind: PeriodKind, at: number): Period {
  const d = new Date(at);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  switch (kind) {
    case 'year':
      return bounds(kind, Date.UTC(y, 0, 1), Date.UTC(y + 1, 0, 1));
    case 'quarter': {
      const q = Math.floor(m / 3) * 3;
      return bounds(kind, Date.UTC(y, q, 1), Date.UTC(y, q + 3, 1));
    }
    case 'month':
      return bounds(kind, Date.UTC(y, m, 1), Date.UTC(y, m + 1, 1));
    case 'week': {
      const monday = Date.UTC(y, m, d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
      return bounds(kind, monday, monday + 7 * 86_400_000);
    }
  }
}

function bounds(kind: PeriodKind, start: number, next: number): Period {
  return { kind, start, end: next - 1 };
}

export function previousPeriod(p: Period): Period {
  return periodOf(p.kind, p.start - 1);
}

export function nextPeriod(p: Period): Period {
  return periodOf(p.kind, p.end + 1);
}

export function contains(p: Period, at: number): boolean {
  return at >= p.start && at <= p.end;
}

/** The `revenue.reported` label of a quarter: `2026-Q3`. */
export function quarterLabel(at: number): string {
  const d = new Date(at);
  return `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
}

/** The quarters (labels) that lie wholly inside a period; none for weeks and months. */
export function quartersWithin(p: Period): string[] {
  if (p.kind === 'quarter') return [quarterLabel(p.start)];
  if (p.kind !== 'year') return [];
  const y = new Date(p.start).getUTCFullYear();
  return [1, 2, 3, 4].map((q) => `${y}-Q${q}`);
}

/**
 * The same period one year earlier: the same month, quarter or year of the year before; for a week, the
 * week 52 weeks before (the same ISO week number except after a 53-week year).
 */
export function yearEarlier(p: Period): Period {
  if (p.kind === 'week') return periodOf('week', p.start - 52 * 7 * 86_400_000);
  const d = new Date(p.start);
  return periodOf(p.kind, Date.UTC(d.getUTCFullYear() - 1, d.getUTCMonth(), 1));
}
