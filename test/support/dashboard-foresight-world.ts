import { posted } from './dashboard-disputes-world';
import { DashboardWorld } from './dashboard-world';
import { Outcome, Refusal, attempt, between, monthStart, programWorld } from './dashboard-foresight-program';
import { Fixtures, TestLedger } from './ledger';

export interface ForesightWorld extends DashboardWorld {
  /** Alpine x Boreal cloud resale: six months of won partner deals (CLOUD_REVENUE), then one this month. */
  readonly cloudId: string;
  /** The first instant of each of its six months, oldest first, then this month's. */
  readonly months: readonly string[];
  /** The forecast Alpine recorded of joint_revenue (auto, monthly, 3 ahead), or why it could not. */
  readonly recorded: { readonly forecastId: string } | Refusal;
  /** Alpine x Boreal field services, formed 2025-01-01: partner deals in each quarter of 2025. */
  readonly fieldId: string;
  /** A day (YYYY-MM-DD) 60 days into the next quarter, at which the ranking is read. */
  readonly rankingDay: string;
  /** The scoring model and the assessments, or why the program routes refused them. */
  readonly program: Outcome;
}

/** Joint revenue won in months[0..5]: 10, 12, 11, 13, 12, 14 thousand. */
export const CLOUD_REVENUE = ['10000.00', '12000.00', '11000.00', '13000.00', '12000.00', '14000.00'];
/** Won this month, after the forecast's history ended: the recorded forecast's first actual. */
export const THIS_MONTH = '15000.00';

/**
 * Per quarter of 2025: deals registered, then the amounts won and how many lost (closed in the quarter).
 * Drivers: new deals 4, 6, 5, 5 (mean 5); win rate 2/4, 3/4, 1/2, 1/4 (mean 0.5); deal size 12,000,
 * 12,000, 10,000, 14,000 (mean 12,000).
 */
export const FIELD_QUARTERS = [
  { registered: 4, won: ['10000.00', '14000.00'], lost: 2 },
  { registered: 6, won: ['12000.00', '12000.00', '12000.00'], lost: 1 },
  { registered: 5, won: ['10000.00'], lost: 1 },
  { registered: 5, won: ['14000.00'], lost: 3 },
];

/**
 * The foresight world, on top of the dashboard's: Alpine x Boreal's monthly revenue for the fan chart and a
 * forecast recorded of it; their field partnership's 2025 deals for the scenarios; and a program of orgs
 * scored by a model of an assessment (fit) and a KPI (milestones on time), whose tiers move across the
 * quarter's end as milestones fall due (dashboard-foresight-program.ts).
 * Real: the API, its database. Every event is posted as a partner would, back-dated.
 */
export async function foresightWorld(ledger: TestLedger, world: DashboardWorld): Promise<ForesightWorld> {
  const fx = new Fixtures(ledger);
  await fx.org('alpine', 'Alpine');
  await fx.org('boreal', 'Boreal');
  const alpine = await fx.key('partner', 'alpine');
  const boreal = await fx.key('partner', 'boreal');
  const months = [6, 5, 4, 3, 2, 1, 0].map((back) => monthStart(back));
  const cloudId = await between(fx, boreal, 'alpine-boreal-cloud', 'Alpine x Boreal cloud resale', months[0]);
  for (const [i, amount] of CLOUD_REVENUE.entries())
    await deal(
      ledger,
      { boreal, alpine },
      cloudId,
      `cl-${i + 1}`,
      at(months[i], 3),
      at(months[i], 20),
      amount,
    );
  // This month's deal, a minute ago (never in the future, whatever the day).
  const recent = new Date(Math.max(Date.parse(months[6]), Date.now() - 60_000)).toISOString();
  await deal(ledger, { boreal, alpine }, cloudId, 'cl-7', recent, recent, THIS_MONTH);
  const recorded = await attempt(ledger, alpine, `/v1/partnerships/${cloudId}/forecasts`, {
    kpiId: 'joint_revenue',
    period: 'month',
    horizon: 3,
    method: 'auto',
  });

  const fieldId = await between(
    fx,
    boreal,
    'alpine-boreal-field',
    'Alpine x Boreal field services',
    '2025-01-01T00:00:00Z',
  );
  await fieldDeals(ledger, { boreal, alpine }, fieldId);

  const next = quarterStart(1);
  const program = await programWorld(ledger, fx, next);
  return {
    ...world,
    cloudId,
    months,
    recorded:
      recorded.status === 201
        ? { forecastId: (recorded.body as { forecastId: string }).forecastId }
        : recorded,
    fieldId,
    rankingDay: new Date(Date.parse(next) + 60 * DAY).toISOString().slice(0, 10),
    program,
  };
}

const DAY = 86_400_000;

type Keys = { readonly boreal: string; readonly alpine: string };

/** Boreal registers a partner-sourced deal, Alpine wins it (or loses it: amount null). */
async function deal(
  ledger: TestLedger,
  keys: Keys,
  id: string,
  dealId: string,
  registeredAt: string,
  closedAt: string,
  amount: string | null,
) {
  const path = `/v1/partnerships/${id}/events`;
  const data = { dealId, customerId: `c-${dealId}`, amount: amount ?? '5000.00', source: 'partner_sourced' };
  await posted(ledger, keys.boreal, path, { type: 'deal.registered', occurredAt: registeredAt, data });
  const close =
    amount === null
      ? { type: 'deal.lost', occurredAt: closedAt, data: { dealId } }
      : { type: 'deal.won', occurredAt: closedAt, data: { dealId, amount } };
  await posted(ledger, keys.alpine, path, close);
}

/** FIELD_QUARTERS: registered on the 5th.. of each quarter's first month, closed on its second's 15th. */
async function fieldDeals(ledger: TestLedger, keys: Keys, id: string) {
  for (const [q, quarter] of FIELD_QUARTERS.entries()) {
    const first = Date.UTC(2025, 3 * q, 1);
    const second = new Date(Date.UTC(2025, 3 * q + 1, 15, 9)).toISOString();
    const closes = [...quarter.won, ...Array<null>(quarter.lost).fill(null)];
    for (let j = 0; j < quarter.registered; j++) {
      const registeredAt = new Date(first + (4 + j) * DAY + 9 * 3_600_000).toISOString();
      const dealId = `f${q + 1}-${j + 1}`;
      if (j < closes.length) await deal(ledger, keys, id, dealId, registeredAt, second, closes[j]);
      else await openDeal(ledger, keys.boreal, id, dealId, registeredAt);
    }
  }
}

async function openDeal(ledger: TestLedger, key: string, id: string, dealId: string, occurredAt: string) {
  const data = { dealId, customerId: `c-${dealId}`, amount: '5000.00', source: 'partner_sourced' };
  await posted(ledger, key, `/v1/partnerships/${id}/events`, { type: 'deal.registered', occurredAt, data });
}

/** The first instant of the quarter `ahead` quarters after this one, UTC. */
function quarterStart(ahead: number): string {
  const now = new Date();
  const quarter = Math.floor(now.getUTCMonth() / 3) + ahead;
  return new Date(Date.UTC(now.getUTCFullYear(), 3 * quarter, 1)).toISOString();
}

/** 09:00 UTC on `day` of the month starting at `start`. */
function at(start: string, day: number): string {
  const d = new Date(start);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), day, 9)).toISOString();
}
