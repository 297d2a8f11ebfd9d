import { KPI_CATALOGUE, KpiCategory } from '@ledger/domain';
import { View } from '../compute/view';
import { foldFacts } from '../facts/fold';
import { KpiEvent, kpiEventOf } from '../facts/types';
import { Period } from '../periods';
import { replayKpis } from '../replay';
import { KpiSnapshot, KpiValue, viewFor } from '../snapshot';
import { SeriesWindow, periodValue } from '../window';

/** The two partner orgs of every scenario; `northwind` forms the partnership. */
export const NW = 'northwind';
export const CO = 'contoso';

export interface LedgerOptions {
  readonly partnershipId?: string;
  readonly startedAt?: string;
  readonly partnerOrgIds?: readonly string[];
  readonly currency?: string;
  /** The position of partnership.formed (default 1); later events follow with `step` between positions. */
  readonly firstPosition?: number;
  readonly step?: number;
}

/**
 * A partnership's ledger built event by event, positions 1, 2, 3 … in the order `add` is called (or
 * spaced by `step`, as if other partnerships' events were interleaved). Event ids are deterministic UUIDs.
 */
export class Ledger {
  readonly events: KpiEvent[] = [];
  readonly partnershipId: string;
  readonly currency: string;
  private nextPosition: number;
  private readonly step: number;

  constructor(opts: LedgerOptions = {}) {
    this.partnershipId = opts.partnershipId ?? 'nw-contoso';
    this.currency = opts.currency ?? 'EUR';
    this.nextPosition = opts.firstPosition ?? 1;
    this.step = opts.step ?? 1;
    const startedAt = opts.startedAt ?? '2026-01-01T00:00:00Z';
    this.add('partnership.formed', startedAt, {
      name: 'Northwind x Contoso',
      type: 'reseller',
      partnerOrgIds: [...(opts.partnerOrgIds ?? [NW, CO])],
      currency: this.currency,
      startedAt,
    });
  }

  /** Appends an event and returns its eventId. */
  add(type: string, occurredAt: string, data: Record<string, unknown>, by: string = NW): string {
    const position = this.nextPosition;
    this.nextPosition += this.step;
    const eventId = `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`;
    this.events.push(kpiEventOf({ eventId, type, position, occurredAt, recordedBy: by, data }));
    return eventId;
  }

  retract(eventId: string, occurredAt: string, by: string = NW): string {
    return this.add('event.retracted', occurredAt, { eventId, reason: 'correction' }, by);
  }

  /** The position of the last event added. */
  get head(): number {
    return this.events.at(-1)!.position;
  }

  kpis(
    asOf: string,
    extra: { atPosition?: number; categories?: readonly KpiCategory[]; period?: Period } = {},
  ): KpiSnapshot {
    return replayKpis(this.events, {
      partnershipId: this.partnershipId,
      currency: this.currency,
      asOf,
      ...extra,
    });
  }
}

/** The view of the whole ledger at asOf (the quarter containing it), as a portfolio takes it. */
export function viewOf(ledger: Ledger, asOf: string): View {
  return viewFor(foldFacts(ledger.events), { asOf });
}

/**
 * One KPI for one period, as a series point answers it (window `cumulative` or `period`), taken at the
 * period's end or at `to` when that is earlier.
 */
export function inPeriod(
  ledger: Ledger,
  kpiId: string,
  period: Period,
  window: SeriesWindow,
  to = Number.POSITIVE_INFINITY,
): KpiValue {
  const { category } = KPI_CATALOGUE.find((k) => k.kpiId === kpiId)!;
  return periodValue(foldFacts(ledger.events), {
    partnershipId: ledger.partnershipId,
    currency: ledger.currency,
    kpiId,
    category,
    period,
    asOf: Math.min(period.end, to),
    window,
  })!;
}

/** The whole KPI entry. */
export function entry(snapshot: KpiSnapshot, kpiId: string): KpiValue {
  const found = Object.values(snapshot.categories)
    .flat()
    .find((k) => k!.kpiId === kpiId);
  if (!found) throw new Error(`no KPI ${kpiId}`);
  return found;
}

/**
 * `kpi`, `kpi.entry` (breakdown) or `kpi.status`, as the golden files name them (like testing/golden's pick).
 */
export function v(snapshot: KpiSnapshot, key: string): unknown {
  const [kpiId, part] = key.split('.');
  const kpi = entry(snapshot, kpiId);
  if (part === undefined) return kpi.value;
  if (part === 'status') return kpi.status;
  return kpi.breakdown?.[part];
}

/** Every KPI of the snapshot as {kpiId: value}. */
export function values(snapshot: KpiSnapshot): Record<string, unknown> {
  return Object.fromEntries(
    Object.values(snapshot.categories)
      .flat()
      .map((k) => [k!.kpiId, k!.value]),
  );
}
