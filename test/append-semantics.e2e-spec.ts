import { randomUUID } from 'node:crypto';
import { bearer, Fixtures, testBackends, TestLedger, unique, useLedger } from './support/ledger';

const cost = (amount = '5000.00', over: Record<string, unknown> = {}) => ({
  eventId: randomUUID(),
  type: 'cost.incurred',
  occurredAt: '2026-01-10T09:00:00Z',
  data: { amount, category: 'mdf' },
  ...over,
});

describe.each(testBackends())('appending events on %s', (backend) => {
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
  const ledgerRows = async (key: string) =>
    (await ledger.http.get('/v1/events?limit=1000').set(bearer(key)).expect(200)).body.items;

  it('appends one event and stamps recordedAt and recordedBy itself', async () => {
    const { keys, partnershipId, orgs } = await fx.world(unique('one'));
    const event = cost();
    const res = await post(keys.b, partnershipId, event).expect(201);
    expect(res.body).toEqual({
      partnershipId,
      version: 2,
      events: [
        {
          eventId: event.eventId,
          type: 'cost.incurred',
          version: 2,
          position: expect.any(Number),
          hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        },
      ],
    });
    const read = await ledger.http
      .get(`/v1/partnerships/${partnershipId}/events?fromVersion=2`)
      .set(bearer(keys.a))
      .expect(200);
    expect(read.body.items).toEqual([
      {
        eventId: event.eventId,
        partnershipId,
        type: 'cost.incurred',
        version: 2,
        position: res.body.events[0].position,
        occurredAt: '2026-01-10T09:00:00.000Z',
        recordedAt: expect.stringMatching(/Z$/),
        recordedBy: orgs.b,
        data: { amount: '5000.00', category: 'mdf' },
        hash: res.body.events[0].hash,
      },
    ]);
    expect(read.body.nextVersion).toBe(3);
  });

  it(
    'appends a batch atomically, in order, ' + 'and answers a re-post with the original receipt (200)',
    async () => {
      const { keys, partnershipId } = await fx.world(unique('batch'));
      const events = [cost('1.00'), cost('2.00'), cost('3.00')];
      const first = await post(keys.a, partnershipId, { expectedVersion: 1, events }).expect(201);
      expect(first.body.version).toBe(4);
      expect(first.body.events.map((e: { version: number }) => e.version)).toEqual([2, 3, 4]);
      const again = await post(keys.a, partnershipId, { expectedVersion: 1, events }).expect(200);
      expect(again.body).toEqual(first.body);
      const single = cost('9.00');
      const once = await post(keys.b, partnershipId, single).expect(201);
      const twice = await post(keys.b, partnershipId, single).expect(200);
      expect(twice.body).toEqual(once.body);
      const stream = await ledger.http
        .get(`/v1/partnerships/${partnershipId}/events`)
        .set(bearer(keys.a))
        .expect(200);
      expect(stream.body.items).toHaveLength(5);
    },
  );

  it('answers concurrent identical re-posts with one append and the same receipt', async () => {
    const { keys, partnershipId } = await fx.world(unique('race'));
    const event = cost('7.00');
    const answers = await Promise.all(Array.from({ length: 6 }, () => post(keys.a, partnershipId, event)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
  });

  it('refuses an eventId reused with different content (409) and leaves the ledger as it was', async () => {
    const { keys, partnershipId } = await fx.world(unique('reuse'));
    const event = cost('1.00');
    await post(keys.a, partnershipId, event).expect(201);
    const res = await post(keys.a, partnershipId, {
      ...event,
      data: { amount: '2.00', category: 'mdf' },
    }).expect(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 409, title: 'Event id already used' });
    expect(res.body.detail).toContain(event.eventId);
  });

  it(
    "takes another partnership's eventId as a new event: a 409 would tell a non-member the id exists " +
      'there',
    async () => {
      const mine = await fx.world(unique('scope-a'));
      const theirs = await fx.world(unique('scope-b'));
      const event = cost('1.00');
      const original = await post(theirs.keys.a, theirs.partnershipId, event).expect(201);
      // Other content, same id, in a partnership the caller belongs to: appended, nothing said of the other.
      const mineToo = await post(mine.keys.a, mine.partnershipId, {
        ...event,
        data: { amount: '2.00', category: 'mdf' },
      }).expect(201);
      expect(mineToo.body.events[0]).toMatchObject({ eventId: event.eventId, version: 2 });
      expect(mineToo.body.events[0].position).not.toBe(original.body.events[0].position);
      // Each partnership answers retries from its own event.
      expect((await post(theirs.keys.a, theirs.partnershipId, event).expect(200)).body).toEqual(
        original.body,
      );
      await post(mine.keys.a, mine.partnershipId, event).expect(409);
    },
  );

  it('refuses a stale expectedVersion with 409 and the current version, appending nothing', async () => {
    const { keys, partnershipId } = await fx.world(unique('stale'));
    await post(keys.a, partnershipId, { expectedVersion: 1, events: [cost()] }).expect(201);
    const res = await post(keys.b, partnershipId, { expectedVersion: 1, events: [cost()] }).expect(409);
    expect(res.body).toMatchObject({ status: 409, currentVersion: 2 });
    await post(keys.b, partnershipId, { expectedVersion: 'exists', events: [cost()] }).expect(201);
    await post(keys.b, partnershipId, { expectedVersion: 'sometimes', events: [cost()] }).expect(400);
    const stream = await ledger.http
      .get(`/v1/partnerships/${partnershipId}/events`)
      .set(bearer(keys.a))
      .expect(200);
    expect(stream.body.items.map((e: { version: number }) => e.version)).toEqual([1, 2, 3]);
  });

  it('lets exactly one of 10 concurrent writers with the same expectedVersion win', async () => {
    const { keys, partnershipId } = await fx.world(unique('ten'));
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => post(keys.a, partnershipId, { expectedVersion: 1, events: [cost()] })),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.currentVersion === 2)).toBe(true);
  });

  it(
    'stores nothing of a batch with one invalid or one rule-breaking event, ' +
      'and nothing of any rejected request',
    async () => {
      const { keys, partnershipId } = await fx.world(unique('reject'));
      await post(keys.a, partnershipId, cost()).expect(201);
      const before = await ledgerRows(keys.auditor);
      const invalid = await post(keys.a, partnershipId, { events: [cost(), cost('12.345'), cost()] }).expect(
        400,
      );
      expect(invalid.body.errors).toEqual([
        { path: 'events[1].data.amount', message: expect.stringContaining('at most 2 fraction digits') },
      ]);
      const rule = await post(keys.a, partnershipId, {
        events: [
          cost(),
          {
            eventId: randomUUID(),
            type: 'deal.won',
            occurredAt: '2026-02-01T00:00:00Z',
            data: { dealId: 'never', amount: '1.00' },
          },
        ],
      }).expect(409);
      expect(rule.body.detail).toContain('events[1]');
      await post(keys.a, partnershipId, { events: [] }).expect(400);
      await post(keys.a, partnershipId, { events: Array.from({ length: 1001 }, () => cost()) }).expect(400);
      await post(keys.a, partnershipId, {
        ...cost(),
        position: 1,
        version: 2,
        hash: 'x',
        recordedAt: '2026-01-01T00:00:00Z',
        recordedBy: 'someone',
      }).expect(400);
      await post(keys.a, partnershipId, { events: [{ ...cost(), recordedBy: 'someone' }] }).expect(400);
      await post(keys.a, partnershipId, {
        ...cost(),
        occurredAt: new Date(Date.now() + 10 * 60_000).toISOString(),
      }).expect(400);
      const twin = cost();
      await post(keys.a, partnershipId, { events: [twin, twin] }).expect(400);
      await post(keys.a, partnershipId, { ...cost(), events: [cost()] }).expect(400);
      const raw = (text: string) =>
        ledger.http
          .post(`/v1/partnerships/${partnershipId}/events`)
          .set(bearer(keys.a))
          .set('content-type', 'application/json')
          .send(text);
      await raw('{"type": "cost.incurred",').expect(400);
      const envelope = '"type":"cost.incurred","occurredAt":"2026-01-10T09:00:00Z"';
      const proto = await raw(
        `{${envelope},"data":{"amount":"1.00","category":"mdf","__proto__":{"polluted":true}}}`,
      ).expect(400);
      expect(proto.body.errors).toEqual([{ path: 'data.__proto__', message: 'is not an allowed field' }]);
      const surrogate = await raw(`{${envelope},"data":{"amount":"1.00","category":"\\ud800"}}`).expect(400);
      expect(surrogate.body.errors).toEqual([
        { path: 'data.category', message: expect.stringContaining('unpaired UTF-16 surrogate') },
      ]);
      expect(await ledgerRows(keys.auditor)).toEqual(before);
    },
  );

  it('names every bad field of every event of a batch', async () => {
    const { keys, partnershipId } = await fx.world(unique('fields'));
    const res = await post(keys.a, partnershipId, {
      events: [
        {
          type: 'deal.registered',
          occurredAt: 'soon',
          data: { dealId: 'D', customerId: 'c', amount: 12, source: 'partner_sourced' },
        },
        { type: 'deal.exploded', occurredAt: '2026-01-01T00:00:00Z', data: {} },
      ],
    }).expect(400);
    expect(res.body.errors).toEqual([
      { path: 'events[0].occurredAt', message: expect.stringContaining('ISO-8601') },
      { path: 'events[0].data.amount', message: 'must be a decimal string such as "1250.00"' },
      { path: 'events[1].type', message: expect.stringContaining('deal.registered') },
    ]);
  });

  it('refuses everything but a retraction after partnership.ended', async () => {
    const { keys, partnershipId } = await fx.world(unique('ended'));
    const end = {
      eventId: randomUUID(),
      type: 'partnership.ended',
      occurredAt: '2026-05-01T00:00:00Z',
      data: { reason: 'contract over' },
    };
    await post(keys.a, partnershipId, end).expect(201);
    const refused = await post(keys.b, partnershipId, cost()).expect(409);
    expect(refused.body.code).toBe('partnership_ended');
    const p = await ledger.http.get(`/v1/partnerships/${partnershipId}`).set(bearer(keys.b)).expect(200);
    expect(p.body).toMatchObject({ status: 'ended', endedAt: '2026-05-01T00:00:00.000Z', version: 2 });
    // Only the org that recorded the end may retract it (another org contests it with a dispute).
    await post(keys.b, partnershipId, {
      type: 'event.retracted',
      occurredAt: '2026-05-02T00:00:00Z',
      data: { eventId: end.eventId, reason: 'not yet' },
    }).expect(409);
    await post(keys.a, partnershipId, {
      type: 'event.retracted',
      occurredAt: '2026-05-02T00:00:00Z',
      data: { eventId: end.eventId, reason: 'not yet' },
    }).expect(201);
    await post(keys.b, partnershipId, cost()).expect(201);
  });

  it('pages the partnership stream and the whole ledger', async () => {
    const { keys, partnershipId } = await fx.world(unique('pages'));
    await post(keys.a, partnershipId, {
      events: Array.from({ length: 5 }, (_, i) => cost(`${i + 1}.00`)),
    }).expect(201);
    const page = await ledger.http
      .get(`/v1/partnerships/${partnershipId}/events?fromVersion=2&limit=2`)
      .set(bearer(keys.a))
      .expect(200);
    expect(page.body.items.map((e: { version: number }) => e.version)).toEqual([2, 3]);
    expect(page.body.nextVersion).toBe(4);
    const end = await ledger.http
      .get(`/v1/partnerships/${partnershipId}/events?fromVersion=7`)
      .set(bearer(keys.a))
      .expect(200);
    expect(end.body).toEqual({ items: [], nextVersion: 7 });
    for (const bad of ['limit=0', 'limit=1001', 'limit=abc', 'fromVersion=0', 'fromVersion=1.5']) {
      const res = await ledger.http
        .get(`/v1/partnerships/${partnershipId}/events?${bad}`)
        .set(bearer(keys.a))
        .expect(400);
      expect(res.body.errors[0].path).toBe(bad.split('=')[0]);
    }
    const first = page.body.items[0].position;
    const all = await ledger.http
      .get(`/v1/events?fromPosition=${first}&limit=3`)
      .set(bearer(keys.auditor))
      .expect(200);
    expect(all.body.items.map((e: { position: number }) => e.position)).toEqual([
      first,
      first + 1,
      first + 2,
    ]);
    expect(all.body.nextPosition).toBe(first + 3);
  });
});
