/** How figures are written on screen: exactly as the API gives them, with their unit. */
export type Figure = number | string | null | undefined;

export interface KpiValue {
  readonly kpiId: string;
  readonly value: Figure;
  readonly unit: string;
  readonly benchmark?: string;
  readonly target?: number;
  readonly baseline?: number;
  readonly status?: 'on_track' | 'off_track';
  readonly breakdown?: Record<string, Figure>;
  /** The open disputes touching this KPI (API.md v1.1, "Disputes"). */
  readonly disputes?: readonly string[];
}

export interface CatalogueEntry {
  readonly kpiId: string;
  readonly category: string;
  readonly name: string;
  readonly formula: string;
  readonly unit: string;
  readonly direction: 'higher_is_better' | 'lower_is_better';
  readonly benchmark?: string;
  readonly source: readonly string[];
  readonly periodic?: 'flow' | 'stock';
}

const grouped = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

/**
 * Money stays the decimal string the API sent (never through a float), with thousands separators and
 * the currency; other numbers as the API rounded them.
 */
export function figure(value: Figure, unit: string, currency = ''): string {
  if (value === null || value === undefined) return 'no data';
  if (unit === 'money' && typeof value === 'string') return `${groupDigits(value)} ${currency}`.trim();
  const text = typeof value === 'number' ? grouped.format(value) : value;
  if (unit === '%') return `${text} %`;
  const scale = /^(\d+)-(\d+)$/.exec(unit);
  if (scale) return `${text} (scale ${scale[1]}–${scale[2]})`;
  return `${text} ${unit === 'count' || unit === 'as recorded' ? '' : unit}`.trim();
}

/** What a KPI's figures are written with: its unit and the partnership's currency. */
export interface Shown {
  readonly unit: string;
  readonly currency: string;
}

/** An interval as "lower to upper", each end written as figure() writes it. */
export const interval = (lower: Figure, upper: Figure, { unit, currency }: Shown): string =>
  `${figure(lower, unit, currency)} to ${figure(upper, unit, currency)}`;

function groupDigits(decimal: string): string {
  const [whole, fraction] = decimal.split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = whole.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${digits}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** A number for a chart's axis only: the figure itself is always shown from the API's text. */
export function plotted(value: Figure): number | null {
  if (value === null || value === undefined) return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

export const statusText = (status: KpiValue['status']): string =>
  status === 'on_track' ? 'on track' : status === 'off_track' ? 'off track' : 'no target';

export const shortHash = (hex: string | null | undefined): string => (hex ? `${hex.slice(0, 12)}…` : '—');

export const day = (iso: string | undefined): string => (iso ? iso.slice(0, 10) : '—');

/**
 * The fields of an alert's subject in words; the contract leaves its shape to each kind. An instant at
 * midnight UTC (a period's start) is written as its day.
 */
export function subjectText(subject: unknown): string {
  if (subject === null || subject === undefined) return '—';
  if (typeof subject !== 'object') return String(subject);
  return Object.entries(subject)
    .map(
      ([name, value]) =>
        `${name}: ${typeof value === 'object' ? JSON.stringify(value) : dayOf(String(value))}`,
    )
    .join(', ');
}

const dayOf = (text: string): string =>
  /^\d{4}-\d\d-\d\dT00:00:00(\.0+)?Z$/.test(text) ? text.slice(0, 10) : text;
