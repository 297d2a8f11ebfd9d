import { z } from 'zod';
import { MONEY_PATTERN } from '../money';
import { DATE_HINT, TIMESTAMP_HINT, parseDateOrTimestamp, parseTimestamp } from '../time';

/**
 * Field builders for event data, each with the message a portal developer reads in a 400.
 * A missing field always says "is required"; a wrong one says what it must be.
 */
const must = (what: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : `must be ${what}`),
});

// NUL cannot be stored by PostgreSQL's jsonb; other C0 controls are never meaningful in these fields.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
export const ORG_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,63}$/;

export const text = (max = 2000) =>
  z
    .string(must('a string'))
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !CONTROL.test(s), 'must not contain control characters');

/** An identifier from the partner's systems (deal, customer, lead, …): 1–128 visible characters. */
export const identifier = () =>
  text(128).refine((s) => s.trim() === s, 'must not start or end with white space');

export const orgId = () =>
  z
    .string(must('an organization id'))
    .regex(ORG_ID_PATTERN, 'must be an organization id (lower-case letters, digits and -, 2–64 characters)');

export const money = () =>
  z
    .string(must('a decimal string such as "1250.00"'))
    .regex(MONEY_PATTERN, 'must be a decimal string with at most 2 fraction digits, such as "1250.00"');

export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, must(`one of: ${values.join(', ')}`));

/**
 * The documented range of every numeric field (INVARIANTS.md, "Constraints"): wide enough for any real
 * partnership with headroom, narrow enough that every KPI over any number of such events is a finite
 * number (a sum of a million maxima, divided by the smallest accepted value, stays far below 1e308).
 */
export const RANGES = {
  /** survey scores, percentages: their own scales */
  percent: [0, 100],
  /** hours of work in one allocation or utilization: 0.01 h (36 s) to a million hours */
  hours: [0.01, 1_000_000],
  /** minutes of one engagement: up to a year */
  minutes: [0.01, 525_600],
  /** an impact measurement, in its own unit (tonnes, people, trees): ± a trillion */
  impact: [-1e12, 1e12],
  /** a KPI target or baseline, in the KPI's unit (money in whole currency units): ± a quadrillion */
  target: [-1e15, 1e15],
} as const satisfies Record<string, readonly [number, number]>;

/** A finite JSON number within [min, max], as INVARIANTS.md documents it. */
export const number = (min: number, max: number) =>
  z.number(must('a number')).min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);

export const ranged = (range: keyof typeof RANGES) => number(RANGES[range][0], RANGES[range][1]);

export const timestamp = () =>
  z.string(must(TIMESTAMP_HINT)).refine((s) => parseTimestamp(s) !== null, `must be ${TIMESTAMP_HINT}`);

export const dateOrTimestamp = () =>
  z.string(must(DATE_HINT)).refine((s) => parseDateOrTimestamp(s) !== null, `must be ${DATE_HINT}`);

export const boolean = () => z.boolean(must('true or false'));

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
export const isCurrency = (code: unknown): code is string => typeof code === 'string' && CURRENCIES.has(code);
export const currency = () =>
  z
    .string(must('an ISO-4217 currency code'))
    .refine(isCurrency, 'must be an ISO-4217 currency code such as "EUR"');

export const quarter = () =>
  z
    .string(must('a calendar quarter such as "2026-Q3"'))
    .regex(/^\d{4}-Q[1-4]$/, 'must be a calendar quarter such as "2026-Q3"');

/** A reporting period: a year, quarter, month or ISO week ("2026", "2026-Q3", "2026-07", "2026-W27"). */
export const period = () =>
  z
    .string(must('a period such as "2026-Q3"'))
    .regex(
      /^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2])|-W(0[1-9]|[1-4]\d|5[0-3]))?$/,
      'must be a period: a year, quarter, month or ISO week, ' +
        'such as "2026", "2026-Q3", "2026-07" or "2026-W27"',
    );

export const uuid = () =>
  z
    .string(must('a UUID'))
    .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be a UUID');

/** A SHA-256 digest as the ledger writes it: 64 lower-case hex digits (definitionHash, snapshotHash). */
export const sha256 = () =>
  z
    .string(must('a SHA-256 hex digest'))
    .regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 hex digest (64 lower-case hex digits)');
