/**
 * Timestamps on the wire are ISO-8601 with an explicit zone; inside the ledger they are normalized to
 * UTC with millisecond precision (`2026-01-05T10:00:00.000Z`), the form that is hashed, so one instant
 * has exactly one representation.
 *
 * Constraints:
 * - a zone designator (`Z` or `±hh:mm`) is required: a local time is ambiguous;
 * - at most 3 fraction digits (milliseconds); calendar fields must exist (no 2026-02-30).
 */
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-](\d{2}):(\d{2}))$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const TIMESTAMP_HINT = 'an ISO-8601 timestamp with a time zone, such as "2026-01-05T10:00:00Z"';
export const DATE_HINT = 'an ISO-8601 date ("2026-03-31") or timestamp with a time zone';

function validCalendar(y: string, m: string, d: string): boolean {
  const month = Number(m);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
  return day <= daysInMonth;
}

export function parseTimestamp(text: unknown): Date | null {
  if (typeof text !== 'string') return null;
  const m = TIMESTAMP.exec(text);
  if (!m || !validCalendar(m[1], m[2], m[3])) return null;
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59) return null;
  if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : withinYears(new Date(ms));
}

/** Years 1–9999 in UTC: what ISO-8601 and PostgreSQL both represent plainly (no year 0, no sign). */
function withinYears(date: Date): Date | null {
  const year = date.getUTCFullYear();
  return year >= 1 && year <= 9999 ? date : null;
}

/** A calendar date (taken as 00:00 UTC) or a full timestamp. */
export function parseDateOrTimestamp(text: unknown): Date | null {
  if (typeof text !== 'string') return null;
  const m = DATE.exec(text);
  if (m) return validCalendar(m[1], m[2], m[3]) ? withinYears(new Date(`${text}T00:00:00.000Z`)) : null;
  return parseTimestamp(text);
}

export function normalizeTimestamp(text: string): string {
  const date = parseTimestamp(text);
  if (!date) throw new RangeError(`not a timestamp: ${JSON.stringify(text)}`);
  return date.toISOString();
}

/** Dates are inclusive: a due date of `2026-03-31` lasts until the end of that UTC day. */
export function endOfDateOrTimestamp(text: string): Date | null {
  if (DATE.test(text)) {
    const start = parseDateOrTimestamp(text);
    return start && new Date(start.getTime() + 86_400_000 - 1);
  }
  return parseTimestamp(text);
}
