import { z } from 'zod';
import { GOVERNANCE_SCHEMAS, GOVERNANCE_TYPES } from '../charter/events';
import { KPI_IDS } from '../kpi-catalogue';
import { PROGRAM_SCHEMAS, PROGRAM_TYPES } from '../program/events';
import {
  boolean,
  currency,
  dateOrTimestamp,
  identifier,
  money,
  oneOf,
  orgId,
  period,
  ranged,
  quarter,
  text,
  timestamp,
  uuid,
} from './fields';

export const PARTNERSHIP_TYPES = ['reseller', 'technology', 'referral', 'strategic_alliance'] as const;
export const DEAL_SOURCES = ['partner_sourced', 'partner_influenced', 'direct'] as const;
export const TOUCHES = ['intro', 'demo', 'co_sell', 'referral', 'technical', 'other'] as const;
export const CHANNELS = ['partner', 'direct'] as const;
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const RESPONDENTS = ['customer', 'partner'] as const;
export const SURVEY_METRICS = ['nps', 'csat', 'mutual_value', 'brand_awareness'] as const;
export const ACTIVITIES = [
  'joint_planning',
  'business_review',
  'co_marketing',
  'co_selling',
  'training',
  'other',
] as const;
export const COST_CATEGORIES = ['mdf', 'salaries', 'enablement', 'tools', 'co_development', 'other'] as const;
export const IP_KINDS = ['patent', 'trademark', 'other'] as const;
export const MARKET_DIMENSIONS = ['geography', 'vertical', 'segment', 'channel'] as const;
export const IMPACT_DIMENSIONS = ['social', 'environmental', 'development'] as const;

/** The inclusive score range of each survey metric. */
export const SCORE_RANGES: Record<(typeof SURVEY_METRICS)[number], readonly [number, number]> = {
  nps: [0, 10],
  csat: [1, 5],
  mutual_value: [1, 5],
  brand_awareness: [0, 100],
};

/**
 * Money-bearing events may name their currency; it must then be the partnership's (checked by the decider).
 */
const withCurrency = { currency: currency().optional() };

const surveyAnswered = z
  .strictObject({
    surveyId: identifier(),
    respondent: oneOf(RESPONDENTS),
    metric: oneOf(SURVEY_METRICS),
    // Each metric's own scale (SCORE_RANGES) is checked below, with a message naming the metric.
    score: z.number({ error: (i) => (i.input === undefined ? 'is required' : 'must be a number') }),
  })
  .superRefine((d, ctx) => {
    const [min, max] = SCORE_RANGES[d.metric];
    if (d.score < min || d.score > max) {
      ctx.addIssue({
        code: 'custom',
        path: ['score'],
        message: `must be between ${min} and ${max} for metric ${d.metric}`,
      });
    } else if (d.metric === 'nps' && !Number.isInteger(d.score)) {
      ctx.addIssue({
        code: 'custom',
        path: ['score'],
        message: 'must be a whole number from 0 to 10 for metric nps',
      });
    }
  });

const solutionLaunched = z
  .strictObject({
    solutionId: identifier(),
    name: text(200),
    conceivedAt: dateOrTimestamp(),
    launchedAt: dateOrTimestamp().optional(),
  })
  .superRefine((d, ctx) => {
    if (
      d.launchedAt !== undefined &&
      Date.parse(dateOnlyAsUtc(d.launchedAt)) < Date.parse(dateOnlyAsUtc(d.conceivedAt))
    ) {
      ctx.addIssue({ code: 'custom', path: ['launchedAt'], message: 'must not be before conceivedAt' });
    }
  });

function dateOnlyAsUtc(s: string): string {
  return s.length === 10 ? `${s}T00:00:00Z` : s;
}

/**
 * The data schema of every event type of API.md. Unknown fields are rejected, never silently dropped:
 * what a portal posts is exactly what the ledger keeps and hashes.
 */
export const EVENT_DATA_SCHEMAS = {
  'partnership.formed': z.strictObject({
    name: text(200),
    type: oneOf(PARTNERSHIP_TYPES),
    partnerOrgIds: z
      .array(orgId(), { error: 'must be an array of organization ids' })
      .min(2, 'must name at least 2 organizations')
      .max(10, 'must name at most 10 organizations'),
    currency: currency(),
    startedAt: timestamp(),
    objectives: z
      .array(z.unknown(), { error: 'must be an array' })
      .max(50, 'must have at most 50 entries')
      .optional(),
  }),
  'deal.registered': z.strictObject({
    dealId: identifier(),
    customerId: identifier(),
    amount: money(),
    source: oneOf(DEAL_SOURCES),
    registeredBy: orgId().optional(),
    ...withCurrency,
  }),
  'deal.won': z.strictObject({ dealId: identifier(), amount: money(), ...withCurrency }),
  'deal.lost': z.strictObject({ dealId: identifier(), reason: text().optional() }),
  'deal.touched': z.strictObject({ dealId: identifier(), orgId: orgId(), touch: oneOf(TOUCHES) }),
  'lead.generated': z.strictObject({ leadId: identifier(), channel: oneOf(CHANNELS), qualified: boolean() }),
  'lead.converted': z.strictObject({ leadId: identifier(), dealId: identifier().optional() }),
  'customer.acquired': z.strictObject({ customerId: identifier(), channel: oneOf(CHANNELS) }),
  'customer.churned': z.strictObject({ customerId: identifier() }),
  'customer.referred': z.strictObject({ customerId: identifier(), referredBy: identifier().optional() }),
  'milestone.planned': z.strictObject({
    milestoneId: identifier(),
    title: text(500),
    dueDate: dateOrTimestamp(),
  }),
  'milestone.hit': z.strictObject({ milestoneId: identifier() }),
  'escalation.raised': z.strictObject({
    escalationId: identifier(),
    severity: oneOf(SEVERITIES),
    summary: text(),
  }),
  'escalation.acknowledged': z.strictObject({ escalationId: identifier() }),
  'escalation.resolved': z.strictObject({ escalationId: identifier() }),
  'survey.answered': surveyAnswered,
  'engagement.logged': z.strictObject({
    activity: oneOf(ACTIVITIES),
    durationMinutes: ranged('minutes').optional(),
  }),
  'cost.incurred': z.strictObject({ amount: money(), category: oneOf(COST_CATEGORIES), ...withCurrency }),
  'cost.saved': z.strictObject({ amount: money(), category: identifier(), ...withCurrency }),
  'revenue.reported': z.strictObject({ period: quarter(), totalRevenue: money(), ...withCurrency }),
  'solution.launched': solutionLaunched,
  'ip.filed': z.strictObject({ ipId: identifier(), kind: oneOf(IP_KINDS) }),
  'market.entered': z.strictObject({ market: identifier(), dimension: oneOf(MARKET_DIMENSIONS) }),
  'market_share.reported': z.strictObject({ market: identifier(), sharePct: ranged('percent') }),
  'resource.allocated': z.strictObject({ hours: ranged('hours'), kind: identifier() }),
  'resource.utilized': z.strictObject({ hours: ranged('hours'), kind: identifier() }),
  'uptime.reported': z.strictObject({ period: period(), uptimePct: ranged('percent') }),
  'impact.recorded': z.strictObject({
    dimension: oneOf(IMPACT_DIMENSIONS),
    metric: identifier(),
    value: ranged('impact'),
    unit: text(64),
  }),
  'target.set': z.strictObject({
    kpiId: z.enum(KPI_IDS as [string, ...string[]], {
      error: (i) =>
        i.input === undefined ? 'is required' : 'must be a KPI id of the catalogue (GET /v1/kpi-catalogue)',
    }),
    target: ranged('target'),
    baseline: ranged('target').optional(),
    dueBy: dateOrTimestamp().optional(),
  }),
  'partnership.ended': z.strictObject({ reason: text() }),
  'event.retracted': z.strictObject({
    eventId: uuid(),
    reason: text(),
    /** Set by the ledger on the retraction an upheld dispute appends (disputes/rules.ts). */
    disputeId: identifier().optional(),
  }),
  ...GOVERNANCE_SCHEMAS,
  ...PROGRAM_SCHEMAS,
} as const;

export type EventType = keyof typeof EVENT_DATA_SCHEMAS;
export const EVENT_TYPES = Object.keys(EVENT_DATA_SCHEMAS) as EventType[];
export type EventData<T extends EventType> = z.infer<(typeof EVENT_DATA_SCHEMAS)[T]>;

/**
 * Types a portal may post to `POST /v1/partnerships/:id/events`: `partnership.formed`, the governance
 * events (charter, reviews, actions, disputes, scenarios, forecasts) and the program's have their own
 * routes.
 */
export const POSTABLE_EVENT_TYPES: readonly EventType[] = EVENT_TYPES.filter(
  (t) =>
    t !== 'partnership.formed' &&
    !(GOVERNANCE_TYPES as readonly string[]).includes(t) &&
    !(PROGRAM_TYPES as readonly string[]).includes(t),
);

/** Event types whose data carries money in the partnership's currency. */
export const MONEY_EVENT_TYPES: ReadonlySet<EventType> = new Set([
  'deal.registered',
  'deal.won',
  'cost.incurred',
  'cost.saved',
  'revenue.reported',
]);

export function isEventType(type: unknown): type is EventType {
  return typeof type === 'string' && Object.prototype.hasOwnProperty.call(EVENT_DATA_SCHEMAS, type);
}
