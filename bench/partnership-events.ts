/**
 * A generated partnership of three member orgs for the charter and attribution benchmarks: deals
 * registered by each org with mixed sources, won deals each touched by members within 180 days before
 * the win, wins spread over two years, lost and open deals, and the records the charter's custom KPIs
 * read (costs, surveys, engagements, market shares) beside leads and customers. Deterministic: the same
 * shape gives the same events (a seeded generator), so two partnerships can hold the same ledger.
 */
export const ORGS = ['acme', 'globex', 'initech'] as const;
export const STARTED_AT = '2024-01-01T00:00:00.000Z';
const DAY = 86_400_000;
const HOUR = 3_600_000;
const START = Date.parse(STARTED_AT);
/** Wins fall in [WINS_FROM, WINS_FROM + 2 years); records anywhere from the start to LAST. */
const WINS_FROM = Date.parse('2024-11-01T00:00:00.000Z');
const LAST = Date.parse('2026-11-25T00:00:00.000Z');
const TOUCH_WINDOW_DAYS = 180;

export interface Shape {
  readonly wonDeals: number;
  readonly lostDeals: number;
  readonly openDeals: number;
  readonly touchesPerWin: number;
  readonly records: number;
}

export interface GeneratedEvent {
  readonly type: string;
  readonly occurredAt: string;
  readonly data: Record<string, unknown>;
}

interface Timed extends GeneratedEvent {
  readonly at: number;
  /** Registration before touches before the close, when two fall on the same millisecond. */
  readonly rank: number;
}

/** The events of one partnership (without partnership.formed), in business-time order. */
export function generateEvents(shape: Shape, seed = 15): GeneratedEvent[] {
  const rnd = random(seed);
  const events: Timed[] = [
    ...range(shape.wonDeals).flatMap((i) => wonDeal(rnd, i, shape.touchesPerWin)),
    ...range(shape.lostDeals).flatMap((i) => lostDeal(rnd, i)),
    ...range(shape.openDeals).map((i) => registration(rnd, `O${i}`, LAST - rnd() * 120 * DAY)),
    ...range(shape.records).map((i) => record(rnd, i)),
  ];
  return events
    .sort((a, b) => a.at - b.at || a.rank - b.rank)
    .map(({ type, occurredAt, data }) => ({ type, occurredAt, data }));
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const iso = (ms: number) => new Date(Math.round(ms)).toISOString();
const pick = <T>(rnd: () => number, values: readonly T[]): T => values[Math.floor(rnd() * values.length)];
const amount = (rnd: () => number, min: number, max: number) => (min + rnd() * (max - min)).toFixed(2);

/** mulberry32: a small seeded generator, so runs and partnerships hold the same ledger. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function timed(type: string, at: number, data: Record<string, unknown>, rank = 0): Timed {
  return { type, at: Math.round(at), occurredAt: iso(at), data, rank };
}

function registration(rnd: () => number, dealId: string, at: number): Timed {
  const source = pick(rnd, ['partner_sourced', 'partner_sourced', 'partner_influenced', 'direct'] as const);
  return timed('deal.registered', at, {
    dealId,
    customerId: `cust-${dealId}`,
    amount: amount(rnd, 5_000, 120_000),
    source,
    registeredBy: pick(rnd, ORGS),
  });
}

/** Registered 30–240 days before its win; `touches` touches by members in the 180 days before the win. */
function wonDeal(rnd: () => number, i: number, touches: number): Timed[] {
  const dealId = `W${i}`;
  const wonAt = WINS_FROM + rnd() * 730 * DAY;
  const registered = Math.max(START + HOUR, wonAt - (30 + rnd() * 210) * DAY);
  const earliest = Math.max(registered + HOUR, wonAt - TOUCH_WINDOW_DAYS * DAY);
  const touchTimes = range(touches).map(() => earliest + rnd() * (wonAt - HOUR - earliest));
  return [
    registration(rnd, dealId, registered),
    ...touchTimes.map((at) => timed('deal.touched', at, touch(rnd, dealId), 1)),
    timed('deal.won', wonAt, { dealId, amount: amount(rnd, 5_000, 150_000) }, 2),
  ];
}

const touch = (rnd: () => number, dealId: string) => ({
  dealId,
  orgId: pick(rnd, ORGS),
  touch: pick(rnd, ['intro', 'demo', 'co_sell', 'referral', 'technical', 'other'] as const),
});

function lostDeal(rnd: () => number, i: number): Timed[] {
  const dealId = `L${i}`;
  const registered = START + HOUR + rnd() * (LAST - START - 200 * DAY);
  const lostAt = registered + (30 + rnd() * 170) * DAY;
  return [registration(rnd, dealId, registered), timed('deal.lost', lostAt, { dealId }, 2)];
}

const RECORDS: readonly [number, (rnd: () => number, i: number) => Record<string, unknown>, string][] = [
  [0.3, (rnd) => ({ amount: amount(rnd, 200, 20_000), category: costCategory(rnd) }), 'cost.incurred'],
  [0.55, survey, 'survey.answered'],
  [
    0.75,
    (rnd) => ({ activity: activity(rnd), durationMinutes: 30 + Math.floor(rnd() * 8) * 30 }),
    'engagement.logged',
  ],
  [
    0.8,
    (rnd) => ({ market: pick(rnd, ['emea', 'na', 'apac']), sharePct: +(rnd() * 40).toFixed(2) }),
    'market_share.reported',
  ],
  [
    0.9,
    (rnd, i) => ({ leadId: `lead-${i}`, channel: pick(rnd, ['partner', 'direct']), qualified: rnd() < 0.4 }),
    'lead.generated',
  ],
  [
    1,
    (rnd, i) => ({ customerId: `acq-${i}`, channel: pick(rnd, ['partner', 'direct']) }),
    'customer.acquired',
  ],
];

const costCategory = (rnd: () => number) =>
  pick(rnd, ['mdf', 'mdf', 'salaries', 'enablement', 'tools', 'co_development', 'other'] as const);
const activity = (rnd: () => number) =>
  pick(rnd, ['joint_planning', 'business_review', 'co_marketing', 'co_selling', 'training'] as const);

function survey(rnd: () => number, i: number): Record<string, unknown> {
  const respondent = rnd() < 0.6 ? 'customer' : 'partner';
  const nps = rnd() < 0.5;
  return {
    surveyId: `survey-${i}`,
    respondent,
    metric: nps ? 'nps' : 'csat',
    score: nps ? Math.floor(rnd() * 11) : 1 + Math.floor(rnd() * 5),
  };
}

function record(rnd: () => number, i: number): Timed {
  const at = START + HOUR + rnd() * (LAST - START - HOUR);
  const roll = rnd();
  const [, data, type] = RECORDS.find(([upTo]) => roll < upTo)!;
  return timed(type, at, data(rnd, i));
}
