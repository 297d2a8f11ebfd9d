import { ADMIN_KEY, bearer, Fixtures, TestLedger, testBackends, unique, useLedger } from './support/ledger';

/**
 * Disputes (API.md, "Disputes") as two partner orgs use them: one upheld with the retraction of the
 * disputed event (the KPIs before and after, the resolution and the retraction at consecutive positions),
 * one rejected, one withdrawn, a disputed KPI figure past its SLA, and the 400/403/404/409 cases of the
 * contract. Every refusal appends nothing.
 */
describe.each(testBackends())('disputes on %s', (backend) => {
  let ledger: TestLedger;
  let fixtures: Fixtures;
  useLedger(backend, (l, f) => {
    ledger = l;
    fixtures = f;
  });

  const post = (key: string, path: string, body: unknown = {}) =>
    ledger.http
      .post(path)
      .set(bearer(key))
      .send(body as object);
  const get = (key: string, path: string) => ledger.http.get(path).set(bearer(key));

  /** b registers and wins a deal of 1000.00 in February; a (the other org) will dispute the win. */
  async function world() {
    const w = await fixtures.world(unique('dsp'));
    const events = `/v1/partnerships/${w.partnershipId}/events`;
    const registered = { type: 'deal.registered', occurredAt: '2026-02-01T00:00:00Z' };
    await post(w.keys.b, events, {
      events: [
        {
          ...registered,
          data: { dealId: 'D1', customerId: 'C1', amount: '1000.00', source: 'partner_sourced' },
        },
        { type: 'deal.won', occurredAt: '2026-02-10T00:00:00Z', data: { dealId: 'D1', amount: '1000.00' } },
      ],
    }).expect(201);
    const items = (await get(ADMIN_KEY, `${events}?limit=10`)).body.items as {
      eventId: string;
      type: string;
    }[];
    const won = items.find((e) => e.type === 'deal.won')!.eventId;
    return { ...w, won, base: `/v1/partnerships/${w.partnershipId}` };
  }
  type World = Awaited<ReturnType<typeof world>>;

  const openOn = (w: World, key: string, subject: object = { eventId: w.won }) =>
    post(key, `${w.base}/disputes`, {
      subject,
      reason: 'the customer never signed',
      requestedRemedy: 'retract',
    });
  /** The KPIs once the read models have applied everything written so far (minPosition). */
  const kpis = async (w: World) => {
    const head = (await get(ADMIN_KEY, '/v1/ledger/head').expect(200)).body.treeSize as number;
    return (await get(w.keys.governance, `${w.base}/kpis?minPosition=${head}`).expect(200)).body
      .categories as Record<string, { kpiId: string; value: unknown; disputes?: string[] }[]>;
  };
  const kpi = (categories: Awaited<ReturnType<typeof kpis>>, id: string) =>
    Object.values(categories)
      .flat()
      .find((k) => k.kpiId === id)!;
  const version = async (w: World) => (await get(ADMIN_KEY, w.base).expect(200)).body.version as number;

  it('Given a disputed win, when both orgs uphold it with retract, then the win is retracted in the same batch', async () => {
    const w = await world();
    const opened = await openOn(w, w.keys.a).expect(201);
    expect(opened.body).toEqual({
      disputeId: expect.any(String),
      state: 'open',
      position: expect.any(Number),
    });
    const id = opened.body.disputeId as string;

    const before = await kpis(w);
    const catalogue = (await get(w.keys.governance, '/v1/kpi-catalogue').expect(200)).body.items as {
      kpiId: string;
      source: string[];
    }[];
    for (const k of Object.values(before).flat()) {
      const def = catalogue.find((c) => c.kpiId === k.kpiId);
      const touched = def !== undefined && def.source.includes('deal.won');
      expect([k.kpiId, k.disputes ?? []]).toEqual([k.kpiId, touched ? [id] : []]);
    }
    expect(kpi(before, 'joint_revenue')).toMatchObject({ value: '1000.00', disputes: [id] });

    await post(w.keys.a, `${w.base}/disputes/${id}/comments`, { comment: 'see the CRM export' }).expect(201);
    await post(w.keys.a, `${w.base}/disputes/${id}/resolution`, {
      outcome: 'upheld',
      resolution: 'the deal was never signed',
      retract: true,
    }).expect(201);
    const accepted = await post(w.keys.b, `${w.base}/disputes/${id}/acceptance`).expect(201);
    expect(accepted.body).toEqual({
      disputeId: id,
      state: 'resolved',
      outcome: 'upheld',
      position: expect.any(Number),
      retraction: { eventId: expect.any(String), position: accepted.body.position + 2 },
    });

    const tail = (
      await get(ADMIN_KEY, `${w.base}/events?fromVersion=1&limit=100`).expect(200)
    ).body.items.slice(-3);
    expect(tail.map((e: { type: string; position: number }) => [e.type, e.position])).toEqual([
      ['dispute.resolution_accepted', accepted.body.position],
      ['dispute.resolved', accepted.body.position + 1],
      ['event.retracted', accepted.body.position + 2],
    ]);
    expect(tail[1].data).toEqual({
      disputeId: id,
      outcome: 'upheld',
      resolution: 'the deal was never signed',
    });
    expect(tail[2].data).toEqual({
      eventId: w.won,
      reason: `dispute ${id} upheld: the deal was never signed`,
      disputeId: id,
    });

    const after = await kpis(w);
    expect(kpi(after, 'joint_revenue')).toEqual(expect.objectContaining({ value: '0.00' }));
    expect(
      Object.values(after)
        .flat()
        .filter((k) => k.disputes),
    ).toEqual([]);

    const thread = (await get(w.keys.governance, `${w.base}/disputes/${id}`).expect(200)).body;
    expect(thread).toMatchObject({ state: 'resolved', overdue: false, openedBy: w.orgs.a });
    expect(thread.thread.map((x: { kind: string; by: string }) => [x.kind, x.by])).toEqual([
      ['opened', w.orgs.a],
      ['commented', w.orgs.a],
      ['proposed', w.orgs.a],
      ['accepted', w.orgs.b],
      ['resolved', w.orgs.b],
    ]);
    // Closed: nothing more may be said on the record.
    const v = await version(w);
    await post(w.keys.b, `${w.base}/disputes/${id}/comments`, { comment: 'late' }).expect(409);
    expect(await version(w)).toBe(v);
  });

  it('Given a disputed win, when b proposes rejected and a accepts, then resolved and the win still counts', async () => {
    const w = await world();
    const id = (await openOn(w, w.keys.a).expect(201)).body.disputeId as string;
    await post(w.keys.b, `${w.base}/disputes/${id}/resolution`, {
      outcome: 'rejected',
      resolution: 'signed on 10 February, see contract',
    }).expect(201);
    const accepted = await post(w.keys.a, `${w.base}/disputes/${id}/acceptance`).expect(201);
    expect(accepted.body).toEqual({
      disputeId: id,
      state: 'resolved',
      outcome: 'rejected',
      position: expect.any(Number),
    });
    const after = await kpis(w);
    expect(kpi(after, 'joint_revenue')).toEqual(expect.not.objectContaining({ disputes: expect.anything() }));
    expect(kpi(after, 'joint_revenue').value).toBe('1000.00');
    const resolved = (await get(w.keys.a, `${w.base}/disputes?state=resolved`).expect(200)).body.items;
    expect(resolved.map((d: { disputeId: string }) => d.disputeId)).toEqual([id]);
  });

  it('Given a dispute opened by a, when b withdraws it then 403 not_opener; when a does, it is withdrawn', async () => {
    const w = await world();
    const id = (await openOn(w, w.keys.a).expect(201)).body.disputeId as string;
    const v = await version(w);
    const denied = await post(w.keys.b, `${w.base}/disputes/${id}/withdrawal`).expect(403);
    expect(denied.body.code).toBe('not_opener');
    expect(await version(w)).toBe(v);
    const withdrawn = await post(w.keys.a, `${w.base}/disputes/${id}/withdrawal`).expect(201);
    expect(withdrawn.body).toMatchObject({ disputeId: id, state: 'withdrawn' });
    expect(kpi(await kpis(w), 'joint_revenue').disputes).toBeUndefined();
    const listed = (await get(w.keys.b, `${w.base}/disputes?state=withdrawn`).expect(200)).body.items;
    expect(listed).toEqual([expect.objectContaining({ disputeId: id, state: 'withdrawn', proposal: null })]);
    // The event may be disputed again once the first dispute is closed.
    await openOn(w, w.keys.a).expect(201);
  });

  it('Given a disputed KPI figure, then that KPI names it, and it is overdue after disputeSlaDays', async () => {
    const w = await world();
    const subject = { kpiId: 'win_rate', periodStart: '2026-01-01' };
    const opened = await openOn(w, w.keys.b, subject).expect(201);
    const id = opened.body.disputeId as string;
    const all = Object.values(await kpis(w)).flat();
    expect(all.filter((k) => k.disputes).map((k) => [k.kpiId, k.disputes])).toEqual([['win_rate', [id]]]);
    const d = (await get(w.keys.a, `${w.base}/disputes/${id}`).expect(200)).body;
    expect(d.subject).toEqual({ kpiId: 'win_rate', periodStart: '2026-01-01T00:00:00.000Z' });
    expect(Date.parse(d.overdueAt) - Date.parse(d.openedAt)).toBe(14 * 86_400_000);
    const at = (ms: number) => encodeURIComponent(new Date(Date.parse(d.openedAt) + ms).toISOString());
    const overdue = (ms: number) =>
      get(w.keys.a, `${w.base}/disputes?state=overdue&asOf=${at(ms)}`).expect(200);
    expect((await overdue(14 * 86_400_000)).body.items).toEqual([]);
    expect((await overdue(14 * 86_400_000 + 1)).body.items).toEqual([
      expect.objectContaining({ disputeId: id, state: 'open', overdue: true }),
    ]);
    // Before it was opened (business time) there was no dispute, and at an earlier ledger position neither.
    expect((await get(w.keys.a, `${w.base}/disputes?asOf=${at(-1)}`).expect(200)).body.items).toEqual([]);
    const earlier = opened.body.position - 1;
    expect((await get(w.keys.a, `${w.base}/disputes?atPosition=${earlier}`).expect(200)).body.items).toEqual(
      [],
    );
    await post(w.keys.a, `${w.base}/disputes/${id}/resolution`, {
      outcome: 'upheld',
      resolution: 'x',
      retract: true,
    })
      .expect(400)
      .expect((res) => expect(res.body.errors).toEqual([expect.objectContaining({ path: 'retract' })]));
  });

  it('answers the contract’s 400, 403, 404 and 409 cases, and appends nothing for any of them', async () => {
    const w = await world();
    const outsider = unique('dsp-out');
    await fixtures.org(outsider);
    const outsiderKey = await fixtures.key('partner', outsider);
    const id = (await openOn(w, w.keys.a).expect(201)).body.disputeId as string;
    const v = await version(w);
    const code = (status: number, c: string) => (res: { status: number; body: { code?: string } }) =>
      expect([res.status, res.body.code]).toEqual([status, c]);

    await openOn(w, w.keys.b).expect(code(409, 'already_disputed'));
    await openOn(w, w.keys.a, { eventId: '00000000-0000-4000-8000-000000000000' }).expect(
      code(404, 'dispute_subject_not_found'),
    );
    await openOn(w, w.keys.a, { kpiId: 'no_such_kpi', periodStart: '2026-01-01' }).expect(
      code(404, 'dispute_subject_not_found'),
    );
    await post(w.keys.a, `${w.base}/disputes/nope/comments`, { comment: 'x' }).expect(
      code(404, 'dispute_not_found'),
    );
    await get(w.keys.a, `${w.base}/disputes/nope`).expect(404);
    await openOn(w, outsiderKey).expect(404);
    await get(outsiderKey, `${w.base}/disputes`).expect(404);
    await openOn(w, w.keys.governance).expect(403);
    await post(w.keys.a, `${w.base}/disputes/${id}/acceptance`).expect(code(409, 'no_resolution_proposed'));
    await post(w.keys.a, `${w.base}/disputes/${id}/resolution`, {
      outcome: 'upheld',
      resolution: 'x',
    }).expect(201);
    const v2 = await version(w);
    expect(v2).toBe(v + 1);
    await post(w.keys.a, `${w.base}/disputes/${id}/acceptance`).expect(code(409, 'already_accepted'));
    await post(ADMIN_KEY, `${w.base}/disputes/${id}/acceptance`).expect(code(403, 'org_required'));

    const bad = await post(w.keys.a, `${w.base}/disputes`, {
      subject: { eventId: 'not-a-uuid' },
      reason: '',
      requestedRemedy: 'punish',
    }).expect(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'reason',
      'requestedRemedy',
    ]);
    const badSubject = await openOn(w, w.keys.a, { eventId: 'not-a-uuid' }).expect(400);
    expect(badSubject.body.errors).toEqual([expect.objectContaining({ path: 'subject.eventId' })]);
    await post(w.keys.a, `${w.base}/disputes`, { reason: 'x', requestedRemedy: 'explain' })
      .expect(400)
      .expect((res) => expect(res.body.errors).toEqual([{ path: 'subject', message: 'is required' }]));
    const posted = await post(w.keys.a, `${w.base}/events`, {
      type: 'dispute.opened',
      occurredAt: '2026-03-01T00:00:00Z',
      data: { disputeId: 'x', subject: { eventId: w.won }, reason: 'x', requestedRemedy: 'retract' },
    }).expect(400);
    expect(posted.body.detail).toContain('POST /v1/partnerships/:id/disputes');
    expect(await version(w)).toBe(v2);
  });
});
