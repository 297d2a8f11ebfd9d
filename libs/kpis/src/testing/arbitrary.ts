import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { KpiEvent, kpiEventOf } from '../facts/types';

/**
 * Random partnership histories for property tests: every event type of the catalogue, on small id pools
 * so that closes, hits, conflicts and retractions happen often. Each item is what a portal would post;
 * `retract` names an earlier item by index (modulo the items so far).
 */
export interface PostedEvent {
  readonly type: string;
  readonly occurredAt: string;
  readonly data: Record<string, unknown>;
  readonly retract?: number;
}

const day = fc.integer({ min: 0, max: 400 });
const at = day.chain((d) =>
  fc.integer({ min: 0, max: 23 }).map((h) => new Date(Date.UTC(2025, 9, 1 + d, h)).toISOString()),
);
const id = (prefix: string) => fc.constantFrom(`${prefix}1`, `${prefix}2`, `${prefix}3`);
const cents = fc
  .integer({ min: 0, max: 5_000_000 })
  .map((c) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`);
const score = (min: number, max: number) => fc.integer({ min, max });

const ev = (type: string, data: fc.Arbitrary<Record<string, unknown>>) =>
  fc.record({ type: fc.constant(type), occurredAt: at, data });

/** Charters the random histories propose: the default, a scorecard with weights, custom KPIs. */
const CHARTERS: Record<string, unknown>[] = [
  {},
  {
    scorecard: [
      { kpiId: 'roi', target: 50, weight: 2 },
      { kpiId: 'win_rate', target: 40 },
      { kpiId: 'x_mdf', target: 1000 },
    ],
    attribution: { model: 'time_decay', halfLifeDays: 3 },
    customKpis: [
      {
        kpiId: 'x_mdf',
        category: 'financial',
        name: 'MDF',
        eventType: 'cost.incurred',
        aggregate: 'sum',
        field: 'amount',
        where: { category: 'mdf' },
        unit: 'money',
        direction: 'lower_is_better',
        period: true,
      },
      {
        kpiId: 'x_won',
        category: 'performance',
        name: 'Won',
        eventType: 'deal.won',
        aggregate: 'mean',
        field: 'amount',
        unit: 'money',
        direction: 'higher_is_better',
        period: false,
      },
    ],
  },
  {
    attribution: { model: 'position_based', windowDays: 30 },
    scorecard: [{ kpiId: 'partner_nps', target: 10 }],
  },
];

export const postedEvent: fc.Arbitrary<PostedEvent> = fc.oneof(
  ev(
    'deal.registered',
    fc.record({
      dealId: id('D'),
      customerId: id('C'),
      amount: cents,
      source: fc.constantFrom('partner_sourced', 'partner_influenced', 'direct'),
    }),
  ),
  ev('deal.won', fc.record({ dealId: id('D'), amount: cents })),
  ev('deal.lost', fc.record({ dealId: id('D') })),
  ev(
    'lead.generated',
    fc.record({ leadId: id('L'), channel: fc.constantFrom('partner', 'direct'), qualified: fc.boolean() }),
  ),
  ev('lead.converted', fc.record({ leadId: id('L') })),
  ev('customer.acquired', fc.record({ customerId: id('C'), channel: fc.constantFrom('partner', 'direct') })),
  ev('customer.churned', fc.record({ customerId: id('C') })),
  ev('customer.referred', fc.record({ customerId: id('C') })),
  ev('milestone.planned', fc.record({ milestoneId: id('M'), title: fc.constant('m'), dueDate: at })),
  ev('milestone.hit', fc.record({ milestoneId: id('M') })),
  ev(
    'escalation.raised',
    fc.record({
      escalationId: id('E'),
      severity: fc.constantFrom('low', 'medium', 'high', 'critical'),
      summary: fc.constant('s'),
    }),
  ),
  ev('escalation.acknowledged', fc.record({ escalationId: id('E') })),
  ev('escalation.resolved', fc.record({ escalationId: id('E') })),
  ev(
    'survey.answered',
    fc.oneof(
      fc.record({
        surveyId: id('S'),
        respondent: fc.constantFrom('customer', 'partner'),
        metric: fc.constant('nps'),
        score: score(0, 10),
      }),
      fc.record({
        surveyId: id('S'),
        respondent: fc.constantFrom('customer', 'partner'),
        metric: fc.constantFrom('csat', 'mutual_value'),
        score: score(1, 5),
      }),
      fc.record({
        surveyId: id('S'),
        respondent: fc.constant('customer'),
        metric: fc.constant('brand_awareness'),
        score: score(0, 100),
      }),
    ),
  ),
  ev('engagement.logged', fc.record({ activity: fc.constantFrom('joint_planning', 'training') })),
  ev('cost.incurred', fc.record({ amount: cents, category: fc.constantFrom('mdf', 'tools') })),
  ev('cost.saved', fc.record({ amount: cents, category: fc.constant('ops') })),
  ev(
    'revenue.reported',
    fc.record({ period: fc.constantFrom('2025-Q4', '2026-Q1', '2026-Q2'), totalRevenue: cents }),
  ),
  ev(
    'solution.launched',
    fc.record({ solutionId: id('X'), name: fc.constant('x'), conceivedAt: fc.constant('2025-06-01') }),
  ),
  ev('ip.filed', fc.record({ ipId: id('I'), kind: fc.constantFrom('patent', 'trademark', 'other') })),
  ev('market.entered', fc.record({ market: id('mk'), dimension: fc.constantFrom('geography', 'vertical') })),
  ev('market_share.reported', fc.record({ market: id('mk'), sharePct: score(0, 100) })),
  ev('resource.allocated', fc.record({ hours: score(1, 100), kind: fc.constant('eng') })),
  ev('resource.utilized', fc.record({ hours: score(1, 100), kind: fc.constant('eng') })),
  ev('uptime.reported', fc.record({ period: fc.constant('2026-01'), uptimePct: score(90, 100) })),
  ev(
    'impact.recorded',
    fc.record({
      dimension: fc.constantFrom('social', 'environmental'),
      metric: fc.constant('trees'),
      value: score(1, 50),
      unit: fc.constant('count'),
    }),
  ),
  ev(
    'target.set',
    fc.record({
      kpiId: fc.constantFrom('roi', 'win_rate', 'program_costs', 'partner_nps'),
      target: score(0, 200),
      baseline: score(1, 90),
    }),
  ),
  ev(
    'deal.touched',
    fc.record({ dealId: id('D'), orgId: fc.constant('northwind'), touch: fc.constant('demo') }),
  ),
  // Governance: proposals of a few charters, approvals and adoptions (out of order ones change nothing).
  ev(
    'charter.proposed',
    fc.record({
      proposalId: id('P'),
      baseVersion: fc.constant(0),
      charter: fc.constantFrom(...CHARTERS),
      definitionHash: fc.constant('a'.repeat(64)),
      effectiveFrom: at,
    }),
  ),
  ev('charter.approved', fc.record({ proposalId: id('P'), definitionHash: fc.constant('a'.repeat(64)) })),
  ev(
    'charter.adopted',
    fc.record({
      proposalId: id('P'),
      version: fc.integer({ min: 1, max: 3 }),
      definitionHash: fc.constant('a'.repeat(64)),
      effectiveFrom: at,
    }),
  ),
  fc.record({
    type: fc.constant('event.retracted'),
    occurredAt: at,
    data: fc.constant({ reason: 'correction' }),
    retract: fc.nat(200),
  }),
);

export const history = (maxLength = 40) =>
  fc.array(postedEvent, { minLength: Math.ceil(maxLength / 2), maxLength });

/** A history as ledger events of one partnership: formed first, then each item (retractions resolved). */
export function kpiEventsOf(posted: readonly PostedEvent[]): KpiEvent[] {
  const events: KpiEvent[] = [
    kpiEventOf({
      eventId: randomUUID(),
      type: 'partnership.formed',
      position: 1,
      occurredAt: '2025-10-01T00:00:00.000Z',
      recordedBy: 'northwind',
      data: {
        currency: 'EUR',
        partnerOrgIds: ['northwind', 'contoso'],
        startedAt: '2025-10-01T00:00:00.000Z',
      },
    }),
  ];
  for (const p of posted) {
    const data =
      p.retract === undefined ? p.data : { ...p.data, eventId: events[p.retract % events.length].eventId };
    events.push(
      kpiEventOf({
        eventId: randomUUID(),
        type: p.type,
        position: events.length + 1,
        occurredAt: p.occurredAt,
        recordedBy: 'contoso',
        data,
      }),
    );
  }
  return events;
}
