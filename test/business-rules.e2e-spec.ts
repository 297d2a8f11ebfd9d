import { randomUUID } from 'node:crypto';
import { bearer, Fixtures, TestLedger, testBackends, unique, useLedger } from './support/ledger';

/**
 * The business rules of API.md: a well-formed event that the partnership's history does not allow answers
 * 409 with a `code` and a `detail` naming what is wrong, and appends nothing.
 */
type Data = Record<string, unknown>;
type World = Awaited<ReturnType<Fixtures['world']>>;
interface EventBody {
  eventId: string;
  type: string;
  occurredAt: string;
  data: Data;
}

const event = (type: string, data: Data, occurredAt = '2026-03-02T10:00:00Z'): EventBody => ({
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
const won = (dealId: string, amount = '1100.00') => event('deal.won', { dealId, amount });
const lost = (dealId: string) => event('deal.lost', { dealId, reason: 'budget cut' });
const planned = (milestoneId: string) =>
  event('milestone.planned', { milestoneId, title: 'Joint launch', dueDate: '2026-06-30' });
const hit = (milestoneId: string) => event('milestone.hit', { milestoneId });
const raised = (escalationId: string) =>
  event('escalation.raised', { escalationId, severity: 'high', summary: 'Integration outage' });
const acknowledged = (escalationId: string) => event('escalation.acknowledged', { escalationId });
const resolved = (escalationId: string) => event('escalation.resolved', { escalationId });
const cost = () => event('cost.incurred', { amount: '500.00', category: 'mdf' });
const retraction = (eventId: string) => event('event.retracted', { eventId, reason: 'entered by mistake' });
/** An id no other test of a shared partnership uses. */
const uid = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
const ended = () => event('partnership.ended', { reason: 'contract over' }, '2026-05-01T00:00:00Z');

/**
 * A rule scenario: the history to post first, the event the rule refuses, and what the `detail` must name.
 */
interface Scenario {
  given: EventBody[];
  when: EventBody;
  mentions: string;
}
/** Scenarios get the eventId of the partnership's own partnership.formed event. */
type Build = (formedEventId: string) => Scenario;

const RULES: [string, string, Build][] = [
  [
    'deal_already_registered',
    'registering a dealId twice',
    () => ({ given: [registered('D-1')], when: registered('D-1'), mentions: 'D-1' }),
  ],
  [
    'deal_already_registered',
    'registering the dealId of a won deal again',
    () => ({ given: [registered('D-1'), won('D-1')], when: registered('D-1'), mentions: 'D-1' }),
  ],
  [
    'deal_unknown',
    'winning a deal that was never registered',
    () => ({ given: [registered('D-1')], when: won('D-404'), mentions: 'D-404' }),
  ],
  [
    'deal_unknown',
    'losing a deal that was never registered',
    () => ({ given: [], when: lost('D-404'), mentions: 'D-404' }),
  ],
  [
    'deal_closed',
    'winning a won deal',
    () => ({ given: [registered('D-1'), won('D-1')], when: won('D-1', '1200.00'), mentions: 'D-1' }),
  ],
  [
    'deal_closed',
    'losing a won deal',
    () => ({ given: [registered('D-1'), won('D-1')], when: lost('D-1'), mentions: 'D-1' }),
  ],
  [
    'deal_closed',
    'winning a lost deal',
    () => ({ given: [registered('D-1'), lost('D-1')], when: won('D-1'), mentions: 'D-1' }),
  ],
  [
    'deal_closed',
    'losing a lost deal',
    () => ({ given: [registered('D-1'), lost('D-1')], when: lost('D-1'), mentions: 'D-1' }),
  ],
  [
    'milestone_unknown',
    'hitting a milestone that was never planned',
    () => ({ given: [planned('M-1')], when: hit('M-404'), mentions: 'M-404' }),
  ],
  [
    'milestone_already_hit',
    'hitting a milestone twice',
    () => ({ given: [planned('M-1'), hit('M-1')], when: hit('M-1'), mentions: 'M-1' }),
  ],
  [
    'milestone_already_planned',
    'planning a milestoneId twice',
    () => ({ given: [planned('M-1')], when: planned('M-1'), mentions: 'M-1' }),
  ],
  [
    'milestone_already_planned',
    'planning a hit milestone again',
    () => ({ given: [planned('M-1'), hit('M-1')], when: planned('M-1'), mentions: 'M-1' }),
  ],
  [
    'escalation_unknown',
    'resolving an escalation that was never raised',
    () => ({ given: [raised('E-1')], when: resolved('E-404'), mentions: 'E-404' }),
  ],
  [
    'escalation_already_resolved',
    'resolving an escalation twice',
    () => ({ given: [raised('E-1'), resolved('E-1')], when: resolved('E-1'), mentions: 'E-1' }),
  ],
  [
    'escalation_already_resolved',
    'resolving an acknowledged and resolved escalation again',
    () => ({
      given: [raised('E-1'), acknowledged('E-1'), resolved('E-1')],
      when: resolved('E-1'),
      mentions: 'E-1',
    }),
  ],
  [
    'escalation_unknown',
    'acknowledging an escalation that was never raised',
    () => ({ given: [raised('E-1')], when: acknowledged('E-404'), mentions: 'E-404' }),
  ],
  [
    'escalation_already_acknowledged',
    'acknowledging an escalation twice',
    () => ({ given: [raised('E-1'), acknowledged('E-1')], when: acknowledged('E-1'), mentions: 'E-1' }),
  ],
  [
    'escalation_already_raised',
    'raising an escalationId twice',
    () => ({ given: [raised('E-1')], when: raised('E-1'), mentions: 'E-1' }),
  ],
  [
    'escalation_already_raised',
    'raising the escalationId of a resolved escalation again',
    () => ({ given: [raised('E-1'), resolved('E-1')], when: raised('E-1'), mentions: 'E-1' }),
  ],
  [
    'retraction_target_unknown',
    'retracting an event that is not in the ledger',
    () => {
      const missingId = randomUUID();
      return { given: [cost()], when: retraction(missingId), mentions: missingId };
    },
  ],
  [
    'event_already_retracted',
    'retracting an event twice',
    () => {
      const target = cost();
      return {
        given: [target, retraction(target.eventId)],
        when: retraction(target.eventId),
        mentions: target.eventId,
      };
    },
  ],
  [
    'event_not_retractable',
    'retracting the partnership.formed event',
    (formedEventId) => ({ given: [], when: retraction(formedEventId), mentions: 'partnership.formed' }),
  ],
  [
    'event_not_retractable',
    'retracting a retraction',
    () => {
      const target = cost();
      const undo = retraction(target.eventId);
      return { given: [target, undo], when: retraction(undo.eventId), mentions: 'event.retracted' };
    },
  ],
];

/**
 * After partnership.ended, every type but event.retracted is refused — including history the rules would
 * otherwise allow.
 */
const AFTER_END: [string, () => EventBody][] = [
  ['cost.incurred', cost],
  ['deal.registered', () => registered('D-2')],
  ['deal.won (of a deal open at the end)', () => won('D-1')],
  ['deal.lost (of a deal open at the end)', () => lost('D-1')],
  ['milestone.planned', () => planned('M-2')],
  ['milestone.hit (of a milestone planned before the end)', () => hit('M-1')],
  ['escalation.raised', () => raised('E-2')],
  ['escalation.acknowledged (of an escalation raised before the end)', () => acknowledged('E-1')],
  ['escalation.resolved (of an escalation raised before the end)', () => resolved('E-1')],
  [
    'survey.answered',
    () => event('survey.answered', { surveyId: 'S-1', respondent: 'partner', metric: 'nps', score: 9 }),
  ],
  ['target.set', () => event('target.set', { kpiId: 'win_rate', target: 40 })],
  ['partnership.ended (a second time)', ended],
];

describe.each(testBackends())('business rules on %s', (backend) => {
  let ledger: TestLedger;
  let fx: Fixtures;

  /** Two organizations and their keys; most tests form a fresh partnership between them. */
  let base: World;

  useLedger(backend, (l, f) => {
    ledger = l;
    fx = f;
  });
  beforeAll(async () => {
    base = await fx.world(unique('rules'));
  });

  /** A new partnership (version 1, EUR) between the two organizations of `base`. */
  const fresh = async (): Promise<World> => {
    const { orgs, keys } = base;
    const partnershipId = await fx.between(keys.a, [orgs.a, orgs.b], unique('rules-p'));
    return { orgs, keys, partnershipId };
  };

  const post = (key: string, partnershipId: string, body: unknown) =>
    ledger.http
      .post(`/v1/partnerships/${partnershipId}/events`)
      .set(bearer(key))
      .send(body as object);
  const versionOf = async (w: World) =>
    (await ledger.http.get(`/v1/partnerships/${w.partnershipId}`).set(bearer(w.keys.a)).expect(200)).body
      .version as number;
  const stream = async (w: World) =>
    (await ledger.http.get(`/v1/partnerships/${w.partnershipId}/events`).set(bearer(w.keys.a)).expect(200))
      .body.items as { eventId: string; type: string }[];
  const accepted = async (w: World, events: EventBody[]) => {
    for (const e of events) await post(w.keys.a, w.partnershipId, e).expect(201);
  };

  /** Expects 409 with `code` and a `detail` naming `mentions`, and the partnership's version unchanged. */
  async function refused(w: World, body: EventBody, code: string, mentions: string): Promise<void> {
    const version = await versionOf(w);
    const res = await post(w.keys.b, w.partnershipId, body).expect(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      type: expect.any(String),
      title: expect.any(String),
      status: 409,
      code,
      detail: expect.stringContaining(mentions),
    });
    expect(await versionOf(w)).toBe(version);
  }

  it.each(RULES)('%s: %s', async (code, _what, build) => {
    const w = await fresh();
    const [formed] = await stream(w);
    const { given, when, mentions } = build(formed.eventId);
    await accepted(w, given);
    await refused(w, when, code, mentions);
  });

  it(
    'refuses retracting an event of another ' + 'partnership as unknown (retraction_target_unknown)',
    async () => {
      const mine = await fx.world(unique('mine'));
      const theirs = await fx.world(unique('theirs'));
      const [theirFormed] = await stream(theirs);
      const theirCost = cost();
      await accepted(theirs, [theirCost]);
      const theirVersion = await versionOf(theirs);
      await refused(mine, retraction(theirCost.eventId), 'retraction_target_unknown', theirCost.eventId);
      await refused(mine, retraction(theirFormed.eventId), 'retraction_target_unknown', theirFormed.eventId);
      expect(await versionOf(theirs)).toBe(theirVersion);

      // Nor may a partnership between the same two organizations, whose members could post to both.
      const sibling = await fresh();
      const siblingCost = cost();
      await accepted(sibling, [siblingCost]);
      const other = await fresh();
      await refused(other, retraction(siblingCost.eventId), 'retraction_target_unknown', siblingCost.eventId);
    },
  );

  it(
    'finds a retraction target by its eventId in the letter ' +
      'case the portal posted it (UUIDs are case-insensitive)',
    async () => {
      const w = await fresh();
      const target = { ...cost(), eventId: randomUUID().toUpperCase() };
      await accepted(w, [target]);
      await post(w.keys.a, w.partnershipId, retraction(target.eventId)).expect(201);
      await refused(
        w,
        retraction(target.eventId.toLowerCase()),
        'event_already_retracted',
        target.eventId.toLowerCase(),
      );
    },
  );

  describe('after partnership.ended', () => {
    let w: World;
    let before: EventBody;
    beforeAll(async () => {
      w = await fresh();
      before = cost();
      await accepted(w, [before, registered('D-1'), planned('M-1'), raised('E-1'), ended()]);
    });

    it.each(AFTER_END)('refuses %s with partnership_ended', async (_type, make) => {
      await refused(w, make(), 'partnership_ended', 'ended');
    });

    it('still accepts event.retracted, and the partnership stays ended', async () => {
      const version = await versionOf(w);
      await post(w.keys.a, w.partnershipId, retraction(before.eventId)).expect(201);
      expect(await versionOf(w)).toBe(version + 1);
      await refused(w, cost(), 'partnership_ended', 'ended');
      const p = await ledger.http
        .get(`/v1/partnerships/${w.partnershipId}`)
        .set(bearer(w.keys.a))
        .expect(200);
      expect(p.body).toMatchObject({ status: 'ended', endedAt: '2026-05-01T00:00:00.000Z' });
    });
  });

  it('lets a deal be won or lost again once its deal.won is retracted', async () => {
    const w = await fresh();
    const first = won('D-1', '1000.00');
    await accepted(w, [registered('D-1'), first, retraction(first.eventId)]);
    const second = lost('D-1');
    await post(w.keys.b, w.partnershipId, second).expect(201);
    await refused(w, won('D-1'), 'deal_closed', 'D-1');
    // Retracted by its recorder: only the org that recorded an event may retract it.
    await post(w.keys.b, w.partnershipId, retraction(second.eventId)).expect(201);
    await post(w.keys.a, w.partnershipId, won('D-1', '1500.00')).expect(201);
    await refused(w, lost('D-1'), 'deal_closed', 'D-1');
    expect((await stream(w)).map((e) => e.type)).toEqual([
      'partnership.formed',
      'deal.registered',
      'deal.won',
      'event.retracted',
      'deal.lost',
      'event.retracted',
      'deal.won',
    ]);
  });

  it('lets a dealId be registered again once its deal.registered is retracted', async () => {
    const w = await fresh();
    const registration = registered('D-1');
    await accepted(w, [registration, retraction(registration.eventId)]);
    await refused(w, won('D-1'), 'deal_unknown', 'D-1');
    await post(w.keys.b, w.partnershipId, registered('D-1')).expect(201);
    await post(w.keys.a, w.partnershipId, won('D-1')).expect(201);
    await refused(w, registered('D-1'), 'deal_already_registered', 'D-1');
  });

  describe('registeredBy naming an organization outside the partnership', () => {
    let w: World;
    let outsider: string;
    beforeAll(async () => {
      w = await fresh();
      outsider = unique('outsider');
      await fx.org(outsider);
    });

    it.each([
      ['an existing organization that is not a member', () => outsider],
      ['an organization id that does not exist', () => 'no-such-org'],
    ])('answers 400 at data.registeredBy for %s, appending nothing', async (_what, orgId) => {
      const version = await versionOf(w);
      const res = await post(
        w.keys.a,
        w.partnershipId,
        event('deal.registered', {
          dealId: uid('D'),
          customerId: 'C-1',
          amount: '10.00',
          source: 'partner_sourced',
          registeredBy: orgId(),
        }),
      ).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 400, detail: expect.stringMatching(/\S/) });
      expect(res.body.errors).toEqual([{ path: 'data.registeredBy', message: expect.stringMatching(/\S/) }]);
      expect(await versionOf(w)).toBe(version);
    });

    it('accepts the other member as registeredBy', async () => {
      await post(
        w.keys.a,
        w.partnershipId,
        event('deal.registered', {
          dealId: uid('D'),
          customerId: 'C-1',
          amount: '10.00',
          source: 'partner_sourced',
          registeredBy: w.orgs.b,
        }),
      ).expect(201);
    });
  });
});
