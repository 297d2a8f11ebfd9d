import { randomUUID } from 'node:crypto';
import { bearer, Fixtures, testBackends, TestLedger, unique, useLedger } from './support/ledger';

/**
 * Every event type of API.md's "Event types" table that a portal posts to `POST /v1/partnerships/:id/events`
 * (all but `partnership.formed`, which `POST /v1/partnerships` writes): valid data is stored exactly as sent,
 * invalid data answers 400 with one `errors` entry per bad field, at its exact path.
 */
type Data = Record<string, unknown>;
type World = Awaited<ReturnType<Fixtures['world']>>;
interface EventBody {
  eventId: string;
  type: string;
  occurredAt: string;
  data: Data;
}
/**
 * What a row posts: the event's data, optional fields to add in the "full" variant, and the events its
 * business rules need first.
 */
interface Example {
  data: Data;
  optional?: Data;
  given?: EventBody[];
}

/** The postable types, in the order of API.md's table. */
const POSTABLE_TYPES = [
  'deal.registered',
  'deal.won',
  'deal.lost',
  'deal.touched',
  'lead.generated',
  'lead.converted',
  'customer.acquired',
  'customer.churned',
  'customer.referred',
  'milestone.planned',
  'milestone.hit',
  'escalation.raised',
  'escalation.acknowledged',
  'escalation.resolved',
  'survey.answered',
  'engagement.logged',
  'cost.incurred',
  'cost.saved',
  'revenue.reported',
  'solution.launched',
  'ip.filed',
  'market.entered',
  'market_share.reported',
  'resource.allocated',
  'resource.utilized',
  'uptime.reported',
  'impact.recorded',
  'target.set',
  'partnership.ended',
  'event.retracted',
] as const;
type PostableType = (typeof POSTABLE_TYPES)[number];

/** The required data fields of each type (API.md, fields without `?`). */
const REQUIRED: Record<PostableType, string[]> = {
  'deal.registered': ['dealId', 'customerId', 'amount', 'source'],
  'deal.won': ['dealId', 'amount'],
  'deal.lost': ['dealId'],
  'deal.touched': ['dealId', 'orgId', 'touch'],
  'lead.generated': ['leadId', 'channel', 'qualified'],
  'lead.converted': ['leadId'],
  'customer.acquired': ['customerId', 'channel'],
  'customer.churned': ['customerId'],
  'customer.referred': ['customerId'],
  'milestone.planned': ['milestoneId', 'title', 'dueDate'],
  'milestone.hit': ['milestoneId'],
  'escalation.raised': ['escalationId', 'severity', 'summary'],
  'escalation.acknowledged': ['escalationId'],
  'escalation.resolved': ['escalationId'],
  'survey.answered': ['surveyId', 'respondent', 'metric', 'score'],
  'engagement.logged': ['activity'],
  'cost.incurred': ['amount', 'category'],
  'cost.saved': ['amount', 'category'],
  'revenue.reported': ['period', 'totalRevenue'],
  'solution.launched': ['solutionId', 'name', 'conceivedAt'],
  'ip.filed': ['ipId', 'kind'],
  'market.entered': ['market', 'dimension'],
  'market_share.reported': ['market', 'sharePct'],
  'resource.allocated': ['hours', 'kind'],
  'resource.utilized': ['hours', 'kind'],
  'uptime.reported': ['period', 'uptimePct'],
  'impact.recorded': ['dimension', 'metric', 'value', 'unit'],
  'target.set': ['kpiId', 'target'],
  'partnership.ended': ['reason'],
  'event.retracted': ['eventId', 'reason'],
};

const event = (type: string, data: Data, occurredAt = '2026-03-01T09:00:00Z'): EventBody => ({
  eventId: randomUUID(),
  type,
  occurredAt,
  data,
});
const registered = (dealId: string) =>
  event('deal.registered', {
    dealId,
    customerId: `cust-${dealId}`,
    amount: '1000.00',
    source: 'partner_sourced',
  });
/** An id no other row of a shared partnership uses. */
const uid = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** A valid example of every postable type: required fields in `data`, every optional field in `optional`. */
const EXAMPLES: Record<PostableType, (w: World) => Example> = {
  'deal.registered': (w) => ({
    data: { dealId: 'D-1', customerId: 'C-1', amount: '1250.00', source: 'partner_sourced' },
    optional: { registeredBy: w.orgs.b, currency: 'EUR' },
  }),
  'deal.won': () => ({
    given: [registered('D-1')],
    data: { dealId: 'D-1', amount: '1300.50' },
    optional: { currency: 'EUR' },
  }),
  'deal.lost': () => ({
    given: [registered('D-1')],
    data: { dealId: 'D-1' },
    optional: { reason: 'chose a competitor' },
  }),
  // The integrity rules: a touch, a conversion and a churn need their subject first.
  'deal.touched': (w) => ({
    given: [registered('D-1')],
    data: { dealId: 'D-1', orgId: w.orgs.b, touch: 'co_sell' },
  }),
  'lead.generated': () => ({ data: { leadId: 'L-1', channel: 'partner', qualified: true } }),
  'lead.converted': () => ({
    given: [
      event('lead.generated', { leadId: 'L-1', channel: 'partner', qualified: true }),
      registered('D-1'),
    ],
    data: { leadId: 'L-1' },
    optional: { dealId: 'D-1' },
  }),
  'customer.acquired': () => ({ data: { customerId: 'C-1', channel: 'partner' } }),
  'customer.churned': () => ({
    given: [event('customer.acquired', { customerId: 'C-1', channel: 'partner' })],
    data: { customerId: 'C-1' },
  }),
  'customer.referred': () => ({ data: { customerId: 'C-2' }, optional: { referredBy: 'C-1' } }),
  'milestone.planned': () => ({
    data: { milestoneId: 'M-1', title: 'Joint go-to-market plan signed', dueDate: '2026-06-30' },
  }),
  'milestone.hit': () => ({
    given: [
      event('milestone.planned', {
        milestoneId: 'M-1',
        title: 'Joint go-to-market plan signed',
        dueDate: '2026-06-30',
      }),
    ],
    data: { milestoneId: 'M-1' },
  }),
  'escalation.raised': () => ({
    data: { escalationId: 'E-1', severity: 'critical', summary: 'Shared API down for EU customers' },
  }),
  'escalation.acknowledged': () => ({
    given: [
      event('escalation.raised', { escalationId: 'E-1', severity: 'high', summary: 'Integration outage' }),
    ],
    data: { escalationId: 'E-1' },
  }),
  'escalation.resolved': () => ({
    given: [
      event('escalation.raised', { escalationId: 'E-1', severity: 'high', summary: 'Integration outage' }),
    ],
    data: { escalationId: 'E-1' },
  }),
  'survey.answered': () => ({ data: { surveyId: 'S-1', respondent: 'customer', metric: 'nps', score: 9 } }),
  'engagement.logged': () => ({ data: { activity: 'business_review' }, optional: { durationMinutes: 90 } }),
  'cost.incurred': () => ({ data: { amount: '5000.00', category: 'mdf' }, optional: { currency: 'EUR' } }),
  'cost.saved': () => ({ data: { amount: '750.25', category: 'tools' }, optional: { currency: 'EUR' } }),
  'revenue.reported': () => ({
    data: { period: '2026-Q3', totalRevenue: '2500000.00' },
    optional: { currency: 'EUR' },
  }),
  'solution.launched': () => ({
    data: { solutionId: 'SOL-1', name: 'Joint analytics add-on', conceivedAt: '2026-01-15' },
    optional: { launchedAt: '2026-06-01T09:00:00Z' },
  }),
  'ip.filed': () => ({ data: { ipId: 'IP-1', kind: 'patent' } }),
  'market.entered': () => ({ data: { market: 'DACH', dimension: 'geography' } }),
  'market_share.reported': () => ({ data: { market: 'DACH', sharePct: 12.5 } }),
  'resource.allocated': () => ({ data: { hours: 120, kind: 'engineering' } }),
  'resource.utilized': () => ({ data: { hours: 96.5, kind: 'engineering' } }),
  'uptime.reported': () => ({ data: { period: '2026-Q3', uptimePct: 99.95 } }),
  'impact.recorded': () => ({
    data: { dimension: 'environmental', metric: 'co2_avoided', value: 12.5, unit: 't' },
  }),
  'target.set': () => ({
    data: { kpiId: 'win_rate', target: 40 },
    optional: { baseline: 30, dueBy: '2026-12-31' },
  }),
  'partnership.ended': () => ({ data: { reason: 'contract over' } }),
  'event.retracted': () => {
    const target = event('cost.incurred', { amount: '100.00', category: 'tools' });
    return { given: [target], data: { eventId: target.eventId, reason: 'entered twice' } };
  },
};

/**
 * One row per type with its required fields only, and one more with every optional field where it has any.
 */
const VALID_ROWS: [string, string, (w: World) => Example][] = POSTABLE_TYPES.flatMap((type) => {
  const minimal: [string, string, (w: World) => Example] = [
    type,
    'required fields',
    (w) => ({ ...EXAMPLES[type](w), optional: undefined }),
  ];
  const hasOptional = EXAMPLES[type]({ orgs: { a: 'org-a', b: 'org-b' } } as World).optional !== undefined;
  if (!hasOptional) return [minimal];
  const full: [string, string, (w: World) => Example] = [
    type,
    'with every optional field',
    (w) => {
      const ex = EXAMPLES[type](w);
      return { given: ex.given, data: { ...ex.data, ...ex.optional } };
    },
  ];
  return [minimal, full];
});

/** Further valid values: bounds, forms and choices that the rules allow. */
const MORE_VALID_ROWS: [string, string, (w: World) => Example][] = [
  [
    'deal.registered',
    'source partner_influenced, registered by the caller',
    (w) => ({
      data: {
        dealId: 'D-2',
        customerId: 'C-2',
        amount: '0',
        source: 'partner_influenced',
        registeredBy: w.orgs.a,
      },
    }),
  ],
  [
    'deal.registered',
    'source direct, whole amount',
    () => ({ data: { dealId: 'D-3', customerId: 'C-3', amount: '1250', source: 'direct' } }),
  ],
  [
    'cost.incurred',
    'amount with one fraction digit',
    () => ({ data: { amount: '1250.5', category: 'co_development' } }),
  ],
  [
    'lead.generated',
    'an unqualified direct lead',
    () => ({ data: { leadId: 'L-2', channel: 'direct', qualified: false } }),
  ],
  [
    'survey.answered',
    'nps 0 (lowest)',
    () => ({ data: { surveyId: 'S-1', respondent: 'partner', metric: 'nps', score: 0 } }),
  ],
  [
    'survey.answered',
    'nps 10 (highest)',
    () => ({ data: { surveyId: 'S-1', respondent: 'customer', metric: 'nps', score: 10 } }),
  ],
  [
    'survey.answered',
    'csat 1 (lowest)',
    () => ({ data: { surveyId: 'S-1', respondent: 'customer', metric: 'csat', score: 1 } }),
  ],
  [
    'survey.answered',
    'csat 5 (highest)',
    () => ({ data: { surveyId: 'S-1', respondent: 'customer', metric: 'csat', score: 5 } }),
  ],
  [
    'survey.answered',
    'mutual_value 1 (lowest)',
    () => ({ data: { surveyId: 'S-1', respondent: 'partner', metric: 'mutual_value', score: 1 } }),
  ],
  [
    'survey.answered',
    'mutual_value 5 (highest)',
    () => ({ data: { surveyId: 'S-1', respondent: 'partner', metric: 'mutual_value', score: 5 } }),
  ],
  [
    'survey.answered',
    'brand_awareness 0 (lowest)',
    () => ({ data: { surveyId: 'S-1', respondent: 'customer', metric: 'brand_awareness', score: 0 } }),
  ],
  [
    'survey.answered',
    'brand_awareness 100 (highest)',
    () => ({ data: { surveyId: 'S-1', respondent: 'customer', metric: 'brand_awareness', score: 100 } }),
  ],
  [
    'solution.launched',
    'launched the day it was conceived',
    () => ({
      data: {
        solutionId: 'SOL-2',
        name: 'Same-day fix',
        conceivedAt: '2026-02-01',
        launchedAt: '2026-02-01',
      },
    }),
  ],
  [
    'target.set',
    'kpiId cac_direct with a baseline',
    () => ({ data: { kpiId: 'cac_direct', target: 600, baseline: 850 } }),
  ],
  [
    'target.set',
    'kpiId health_score',
    () => ({ data: { kpiId: 'health_score', target: 75, dueBy: '2026-12-31T23:59:59Z' } }),
  ],
  ['target.set', 'kpiId joint_revenue', () => ({ data: { kpiId: 'joint_revenue', target: 1000000 } })],
];

/**
 * An expected `errors` entry. Messages are checked where API.md or the rules fix them; elsewhere they must
 * say something.
 */
interface FieldError {
  path: string;
  message: unknown;
}
const missing = (path: string): FieldError => ({ path, message: 'is required' });
const bad = (path: string, hint?: string): FieldError => ({
  path,
  message: hint ? expect.stringContaining(hint) : expect.stringMatching(/\S/),
});
const notAField = (type: string, key: string): FieldError => ({
  path: `data.${key}`,
  message: `is not a field of ${type}`,
});

/** Invalid data of every type: each row names each bad field once, at its path. */
const INVALID_ROWS: [PostableType, Data, FieldError[]][] = [
  [
    'deal.registered',
    { customerId: 42, amount: '-5.00', source: 'reseller', registeredBy: 'Not An Org!', foo: 1 },
    [
      missing('data.dealId'),
      bad('data.customerId'),
      bad('data.amount'),
      bad('data.source', 'partner_sourced'),
      bad('data.registeredBy'),
      notAField('deal.registered', 'foo'),
    ],
  ],
  [
    'deal.won',
    { dealId: 'D-1', amount: 1250, foo: true, bar: null },
    [bad('data.amount'), notAField('deal.won', 'foo'), notAField('deal.won', 'bar')],
  ],
  ['deal.lost', { dealId: '', reason: 5 }, [bad('data.dealId'), bad('data.reason')]],
  [
    'deal.touched',
    { dealId: 'D-1', orgId: 'ACME Corp', touch: 'lunch' },
    [bad('data.orgId'), bad('data.touch', 'co_sell')],
  ],
  [
    'lead.generated',
    { leadId: 'L-1', channel: 'email', qualified: 'yes' },
    [bad('data.channel', 'partner'), bad('data.qualified')],
  ],
  ['lead.converted', { dealId: 7 }, [missing('data.leadId'), bad('data.dealId')]],
  [
    'customer.acquired',
    { customerId: ['C-1'], foo: 'x' },
    [bad('data.customerId'), missing('data.channel'), notAField('customer.acquired', 'foo')],
  ],
  ['customer.churned', {}, [missing('data.customerId')]],
  ['customer.referred', { customerId: 'C-2', referredBy: '' }, [bad('data.referredBy')]],
  [
    'milestone.planned',
    { milestoneId: 'M-1', title: '', dueDate: 'next week' },
    [bad('data.title'), bad('data.dueDate')],
  ],
  ['milestone.hit', { milestoneId: 12 }, [bad('data.milestoneId')]],
  [
    'escalation.raised',
    { escalationId: 'E-1', severity: 'urgent' },
    [bad('data.severity', 'critical'), missing('data.summary')],
  ],
  [
    'escalation.acknowledged',
    { escalationId: 'E-1', by: 'ops' },
    [notAField('escalation.acknowledged', 'by')],
  ],
  ['escalation.resolved', {}, [missing('data.escalationId')]],
  [
    'survey.answered',
    { surveyId: 'S-1', respondent: 'vendor', metric: 'loyalty', score: '9' },
    [bad('data.respondent', 'customer'), bad('data.metric', 'nps'), bad('data.score')],
  ],
  [
    'engagement.logged',
    { activity: 'golf', durationMinutes: 0 },
    [bad('data.activity', 'joint_planning'), bad('data.durationMinutes')],
  ],
  [
    'cost.incurred',
    { amount: '12.345', category: 'travel' },
    [bad('data.amount'), bad('data.category', 'mdf')],
  ],
  ['cost.saved', { amount: 100 }, [bad('data.amount'), missing('data.category')]],
  [
    'revenue.reported',
    { period: '2026-07', totalRevenue: '1,000.00' },
    [bad('data.period'), bad('data.totalRevenue')],
  ],
  [
    'solution.launched',
    { solutionId: 'SOL-1', conceivedAt: '2026-13-01' },
    [missing('data.name'), bad('data.conceivedAt')],
  ],
  ['ip.filed', { ipId: 'IP-1', kind: 'copyright' }, [bad('data.kind', 'patent')]],
  [
    'market.entered',
    { market: 'DACH', dimension: 'planet', region: 'EU' },
    [bad('data.dimension', 'geography'), notAField('market.entered', 'region')],
  ],
  ['market_share.reported', { market: 'DACH', sharePct: 101 }, [bad('data.sharePct')]],
  ['resource.allocated', { hours: -8, kind: 'engineering' }, [bad('data.hours')]],
  ['resource.utilized', { hours: '8' }, [bad('data.hours'), missing('data.kind')]],
  [
    'uptime.reported',
    { period: 'last month', uptimePct: 100.5 },
    [bad('data.period'), bad('data.uptimePct')],
  ],
  [
    'impact.recorded',
    { dimension: 'economic', metric: 'co2_avoided', value: '12', unit: 't' },
    [bad('data.dimension', 'environmental'), bad('data.value')],
  ],
  [
    'target.set',
    { kpiId: 'happiness', target: '80', baseline: null },
    [bad('data.kpiId'), bad('data.target'), bad('data.baseline')],
  ],
  ['partnership.ended', { reason: '' }, [bad('data.reason')]],
  ['event.retracted', { eventId: 'not-a-uuid' }, [bad('data.eventId'), missing('data.reason')]],
];

/** The money fields of API.md: decimal strings, at most 2 fraction digits, no sign. */
const MONEY_FIELDS: [PostableType, string][] = [
  ['deal.registered', 'amount'],
  ['deal.won', 'amount'],
  ['cost.incurred', 'amount'],
  ['cost.saved', 'amount'],
  ['revenue.reported', 'totalRevenue'],
];
const BAD_MONEY: unknown[] = ['12.345', '-5.00', '+5.00', '1e3', '12,50', 'EUR 12', '', 12.5];

/**
 * Scores outside each metric's range (nps 0–10 whole numbers, csat and mutual_value 1–5, brand_awareness
 * 0–100).
 */
const BAD_SCORES: [string, number][] = [
  ['nps', -1],
  ['nps', 11],
  ['nps', 7.5],
  ['csat', 0],
  ['csat', 6],
  ['mutual_value', 0],
  ['mutual_value', 5.5],
  ['brand_awareness', -1],
  ['brand_awareness', 101],
];

describe.each(testBackends())('event types on %s', (backend) => {
  let ledger: TestLedger;
  let fx: Fixtures;
  useLedger(backend, (l, f) => {
    ledger = l;
    fx = f;
  });

  const post = (key: string, partnershipId: string, body: unknown) =>
    ledger.http
      .post(`/v1/partnerships/${partnershipId}/events`)
      .set(bearer(key))
      .send(body as object);
  const versionOf = async (w: World) =>
    (await ledger.http.get(`/v1/partnerships/${w.partnershipId}`).set(bearer(w.keys.a)).expect(200)).body
      .version as number;
  const byPath = (errors: FieldError[]) => [...errors].sort((x, y) => x.path.localeCompare(y.path));

  it('has a valid example and an invalid row for every postable type of API.md', () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual([...POSTABLE_TYPES].sort());
    expect([...new Set(INVALID_ROWS.map(([type]) => type))].sort()).toEqual([...POSTABLE_TYPES].sort());
  });

  describe('accepts valid data and stores exactly that data', () => {
    let orgsAndKeys: World;
    beforeAll(async () => {
      orgsAndKeys = await fx.world(unique('ok'));
    });
    /** A fresh partnership (version 1) between the same two organizations, formed as fx.world forms one. */
    const freshWorld = async (): Promise<World> => {
      const { orgs, keys } = orgsAndKeys;
      const partnershipId = await fx.between(keys.a, [orgs.a, orgs.b], unique('ok-p'));
      return { orgs, keys, partnershipId };
    };

    it.each([...VALID_ROWS, ...MORE_VALID_ROWS])('%s (%s)', async (type, _variant, build) => {
      const w = await freshWorld();
      const { given = [], data } = build(w);
      for (const before of given) await post(w.keys.a, w.partnershipId, before).expect(201);
      const sent = { eventId: randomUUID(), type, occurredAt: '2026-03-02T10:00:00Z', data };
      const res = await post(w.keys.a, w.partnershipId, sent).expect(201);
      const version = 2 + given.length;
      expect(res.body).toEqual({
        partnershipId: w.partnershipId,
        version,
        events: [
          {
            eventId: sent.eventId,
            type,
            version,
            position: expect.any(Number),
            hash: expect.stringMatching(/^[0-9a-f]{64}$/),
          },
        ],
      });
      const read = await ledger.http
        .get(`/v1/partnerships/${w.partnershipId}/events?fromVersion=${version}`)
        .set(bearer(w.keys.b))
        .expect(200);
      expect(read.body.items).toEqual([
        {
          eventId: sent.eventId,
          partnershipId: w.partnershipId,
          type,
          version,
          position: res.body.events[0].position,
          occurredAt: '2026-03-02T10:00:00.000Z',
          recordedAt: expect.stringMatching(/Z$/),
          recordedBy: w.orgs.a,
          data,
          hash: res.body.events[0].hash,
        },
      ]);
    });

    it('uses exactly the required fields of API.md in the minimal examples', () => {
      const w = { orgs: { a: 'org-a', b: 'org-b' } } as World;
      for (const type of POSTABLE_TYPES)
        expect([type, Object.keys(EXAMPLES[type](w).data).sort()]).toEqual([
          type,
          [...REQUIRED[type]].sort(),
        ]);
    });
  });

  describe('rejects invalid data with 400 and one error per bad field', () => {
    let w: World;
    beforeAll(async () => {
      w = await fx.world(unique('bad'));
    });

    /** Posts the prerequisites, then the event; expects 400 with exactly `errors` and nothing appended. */
    async function rejects(body: unknown, errors: FieldError[], given: EventBody[] = []): Promise<void> {
      for (const before of given) await post(w.keys.a, w.partnershipId, before).expect(201);
      const version = await versionOf(w);
      const res = await post(w.keys.a, w.partnershipId, body).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        type: expect.any(String),
        title: expect.any(String),
        status: 400,
        detail: expect.stringMatching(/\S/),
      });
      expect(byPath(res.body.errors)).toEqual(byPath(errors));
      expect(await versionOf(w)).toBe(version);
    }

    it.each(INVALID_ROWS)('%s %j', async (type, data, errors) => {
      await rejects(event(type, data), errors);
    });

    it.each(POSTABLE_TYPES.flatMap((type) => REQUIRED[type].map((field) => [type, field] as const)))(
      '%s without %s: "is required" at that path',
      async (type, field) => {
        const data = { ...EXAMPLES[type](w).data };
        delete data[field];
        await rejects(event(type, data), [missing(`data.${field}`)]);
      },
    );

    it.each(POSTABLE_TYPES)('%s with an unknown field: data.foo is not a field of it', async (type) => {
      const ex = EXAMPLES[type](w);
      await rejects(event(type, { ...ex.data, ...ex.optional, foo: 'bar' }), [notAField(type, 'foo')]);
    });

    it(
      'rejects unknown fields that share a name with an ' +
        'Object.prototype member, instead of dropping them',
      async () => {
        const names = ['constructor', 'toString', 'hasOwnProperty', 'valueOf'];
        const version = await versionOf(w);
        const answers = [];
        for (const name of names) {
          const res = await post(
            w.keys.a,
            w.partnershipId,
            event('cost.incurred', { amount: '1.00', category: 'mdf', [name]: 'x' }),
          );
          answers.push([name, res.status, res.body.errors]);
        }
        expect(answers).toEqual(
          names.map((name) => [name, 400, [{ path: `data.${name}`, message: 'is not an allowed field' }]]),
        );
        expect(await versionOf(w)).toBe(version);
      },
    );

    it.each(MONEY_FIELDS.flatMap(([type, field]) => BAD_MONEY.map((value) => [type, field, value] as const)))(
      '%s with %s %j',
      async (type, field, value) => {
        await rejects(event(type, { ...EXAMPLES[type](w).data, [field]: value }), [bad(`data.${field}`)]);
      },
    );

    it.each(MONEY_FIELDS.map(([type]) => type))(
      "%s naming a currency other than the partnership's (EUR)",
      async (type) => {
        const dealId = uid('D');
        const given = type === 'deal.won' ? [registered(dealId)] : [];
        const data = { ...EXAMPLES[type](w).data, ...(type.startsWith('deal.') ? { dealId } : {}) };
        await rejects(event(type, { ...data, currency: 'USD' }), [bad('data.currency', 'EUR')], given);
        await rejects(event(type, { ...data, currency: 'euro' }), [bad('data.currency')]);
      },
    );

    it.each(BAD_SCORES)('survey.answered with metric %s and score %d', async (metric, score) => {
      await rejects(event('survey.answered', { surveyId: 'S-1', respondent: 'customer', metric, score }), [
        bad('data.score'),
      ]);
    });

    it.each(['2026-Q5', '2026-Q0', '2026-07', '2026', '2026Q3', '26-Q3', 20263])(
      'revenue.reported with period %j (not a quarter like 2026-Q3)',
      async (period) => {
        await rejects(event('revenue.reported', { period, totalRevenue: '1000.00' }), [bad('data.period')]);
      },
    );

    it.each(['happiness', '', 'WIN_RATE', 42])(
      'target.set with kpiId %j (not a KPI id of KPIS.md)',
      async (kpiId) => {
        await rejects(event('target.set', { kpiId, target: 40 }), [bad('data.kpiId')]);
      },
    );

    it.each([
      ['2026-05-01', '2026-04-30'],
      ['2026-05-01T12:00:00Z', '2026-05-01T11:59:59Z'],
      ['2026-05-01', '2026-04-30T23:59:59Z'],
    ])('solution.launched conceived %s, launched %s (before)', async (conceivedAt, launchedAt) => {
      await rejects(
        event('solution.launched', {
          solutionId: 'SOL-1',
          name: 'Joint analytics add-on',
          conceivedAt,
          launchedAt,
        }),
        [bad('data.launchedAt')],
      );
    });

    it.each([
      ['a string', 'x'],
      ['an array', []],
      ['null', null],
    ])('data that is %s', async (_what, data) => {
      await rejects(
        { eventId: randomUUID(), type: 'cost.incurred', occurredAt: '2026-03-01T09:00:00Z', data },
        [bad('data')],
      );
    });

    it('an unknown type, with a message that lists the known types', async () => {
      const version = await versionOf(w);
      const res = await post(w.keys.a, w.partnershipId, event('deal.exploded', { dealId: 'D-1' })).expect(
        400,
      );
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors).toEqual([{ path: 'type', message: expect.any(String) }]);
      for (const type of POSTABLE_TYPES) expect(res.body.errors[0].message).toContain(type);
      expect(await versionOf(w)).toBe(version);
    });

    it('partnership.formed, which only POST /v1/partnerships writes', async () => {
      const formed = event('partnership.formed', {
        name: 'Second formation',
        type: 'reseller',
        partnerOrgIds: [w.orgs.a, w.orgs.b],
        currency: 'EUR',
        startedAt: '2026-01-01T00:00:00Z',
      });
      await rejects(formed, [bad('type')]);
    });
  });
});
