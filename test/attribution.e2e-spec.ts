import { ADMIN_KEY, bearer, Fixtures, TestLedger, testBackends, unique, useLedger } from './support/ledger';

/**
 * Attribution and KPIs under a charter over HTTP (API.md "Attribution", "Charter" → What-if): the
 * contract's two examples with exact figures, the charter's model as the default, a what-if naming its
 * proposal, and KPI answers naming the charter version they were computed under.
 */
describe.each(testBackends())('attribution and what-if on %s', (backend) => {
  let ledger: TestLedger;
  let fixtures: Fixtures;
  useLedger(backend, (l, f) => {
    ledger = l;
    fixtures = f;
  });

  async function partnership(n: number) {
    const prefix = unique('attr');
    const orgs = Array.from({ length: n }, (_, i) => `${prefix}-${'abcd'[i]}`);
    for (const org of orgs) await fixtures.org(org);
    const keys: string[] = [];
    for (const org of orgs) keys.push(await fixtures.key('partner', org));
    const id = await fixtures.between(keys[0], orgs, `${prefix}-p`);
    return { id, orgs, keys, governance: await fixtures.key('governance') };
  }
  type P = Awaited<ReturnType<typeof partnership>>;

  let last = 0;
  async function post(p: P, key: string, type: string, occurredAt: string, data: object) {
    const res = await ledger.http
      .post(`/v1/partnerships/${p.id}/events`)
      .set(bearer(key))
      .send({ type, occurredAt, data })
      .expect(201);
    last = res.body.events.at(-1).position;
  }
  const get = (key: string, path: string) => ledger.http.get(path).set(bearer(key)).expect(200);

  it('Given the time_decay example, then A gets 3333.33 and B 6666.67 of the 10000.00 win', async () => {
    const p = await partnership(2);
    const [a, b] = p.orgs;
    const deal = { dealId: 'D1', customerId: 'acme', amount: '9000.00', source: 'partner_sourced' };
    await post(p, p.keys[0], 'deal.registered', '2026-03-01T00:00:00Z', deal);
    await post(p, p.keys[1], 'deal.touched', '2026-03-08T00:00:00Z', {
      dealId: 'D1',
      orgId: b,
      touch: 'demo',
    });
    await post(p, p.keys[0], 'deal.won', '2026-03-09T00:00:00Z', { dealId: 'D1', amount: '10000.00' });
    const path = `/v1/partnerships/${p.id}/attribution?model=time_decay&halfLifeDays=7&minPosition=${last}`;
    const res = await get(p.governance, path);
    expect(res.body).toMatchObject({
      partnershipId: p.id,
      position: last,
      currency: 'EUR',
      model: 'time_decay',
      windowDays: 180,
      halfLifeDays: 7,
      unattributed: '0.00',
      nextCursor: null,
    });
    expect(res.body.deals).toEqual([
      {
        dealId: 'D1',
        wonAt: '2026-03-09T00:00:00.000Z',
        amount: '10000.00',
        credits: [
          { orgId: a, credit: '3333.33', share: 0.3333, classification: 'sourced' },
          { orgId: b, credit: '6666.67', share: 0.6667, classification: 'influenced' },
        ],
      },
    ]);
    expect(res.body.totals).toEqual([
      { orgId: a, credit: '3333.33', sourcedRevenue: '10000.00', influencedRevenue: '0.00', deals: 1 },
      { orgId: b, credit: '6666.67', sourcedRevenue: '0.00', influencedRevenue: '10000.00', deals: 1 },
    ]);
  });

  it('Given the position_based example, then A 400.00, B 100.00, C 100.00, D 400.00 of 1000.00', async () => {
    const p = await partnership(4);
    const [a, b, c, d] = p.orgs;
    const deal = { dealId: 'D2', customerId: 'globex', amount: '1000.00', source: 'partner_influenced' };
    await post(p, p.keys[0], 'deal.registered', '2026-04-01T00:00:00Z', deal);
    for (const [i, org] of [b, c, d].entries())
      await post(p, p.keys[i + 1], 'deal.touched', `2026-04-0${i + 2}T00:00:00Z`, {
        dealId: 'D2',
        orgId: org,
        touch: 'co_sell',
      });
    await post(p, p.keys[0], 'deal.won', '2026-04-10T00:00:00Z', { dealId: 'D2', amount: '1000.00' });
    const res = await get(
      p.keys[2],
      `/v1/partnerships/${p.id}/attribution?model=position_based&minPosition=${last}`,
    );
    const credits = res.body.deals[0].credits.map((x: { orgId: string; credit: string }) => [
      x.orgId,
      x.credit,
    ]);
    expect(credits).toEqual([
      [a, '400.00'],
      [b, '100.00'],
      [c, '100.00'],
      [d, '400.00'],
    ]);
  });

  it('Given a charter, then attribution defaults to its model and KPIs name its version; what-if names the proposal', async () => {
    const p = await partnership(2);
    const [a, b] = p.orgs;
    const deal = { dealId: 'D1', customerId: 'acme', amount: '90.00', source: 'partner_sourced' };
    await post(p, p.keys[0], 'deal.registered', '2026-03-01T00:00:00Z', deal);
    await post(p, p.keys[1], 'deal.touched', '2026-03-05T00:00:00Z', {
      dealId: 'D1',
      orgId: b,
      touch: 'demo',
    });
    await post(p, p.keys[0], 'deal.won', '2026-03-09T00:00:00Z', { dealId: 'D1', amount: '100.00' });
    const base = `/v1/partnerships/${p.id}`;
    const linear = await get(
      p.governance,
      `${base}/attribution?asOf=2026-06-30T00:00:00Z&minPosition=${last}`,
    );
    expect(linear.body.model).toBe('linear');
    expect(linear.body.deals[0].credits.map((x: { credit: string }) => x.credit)).toEqual(['50.00', '50.00']);

    const touches = {
      kpiId: 'x_touches',
      category: 'performance',
      name: 'Touches',
      eventType: 'deal.touched',
      aggregate: 'count',
      unit: 'count',
      direction: 'higher_is_better',
      period: true,
    };
    const charter = {
      attribution: { model: 'last_touch' },
      scorecard: [{ kpiId: 'win_rate', target: 90 }],
      customKpis: [touches],
    };
    const proposed = await ledger.http
      .post(`${base}/charter/proposals`)
      .set(bearer(p.keys[0]))
      .send({ charter, effectiveFrom: '2026-01-01T00:00:00Z' })
      .expect(201);
    const { proposalId, definitionHash } = proposed.body;
    const whatIf = await get(p.governance, `${base}/kpis?asOf=2026-06-30T00:00:00Z&proposal=${proposalId}`);
    expect(whatIf.body).toMatchObject({
      charter: { version: null, definitionHash },
      whatIf: { proposalId, definitionHash },
    });
    const winRate = whatIf.body.categories.performance.find((k: { kpiId: string }) => k.kpiId === 'win_rate');
    expect(winRate).toMatchObject({ value: 100, target: 90, status: 'on_track' });
    const plain = await get(
      p.governance,
      `${base}/kpis?asOf=2026-06-30T00:00:00Z&minPosition=${proposed.body.position}`,
    );
    expect(plain.body.charter).toBeUndefined();
    const attrWhatIf = await get(
      p.governance,
      `${base}/attribution?asOf=2026-06-30T00:00:00Z&proposal=${proposalId}`,
    );
    expect(attrWhatIf.body).toMatchObject({ model: 'last_touch', whatIf: { proposalId } });
    await ledger.http
      .get(`${base}/kpis?proposal=nope`)
      .set(bearer(p.governance))
      .expect(404, /proposal_not_found/);
    const quarters = 'period=quarter&from=2025-10-01T00:00:00Z&to=2026-06-30T00:00:00Z';
    const whatIfSeries = await get(
      p.governance,
      `${base}/kpis/x_touches/series?${quarters}&proposal=${proposalId}`,
    );
    expect(whatIfSeries.body).toMatchObject({
      whatIf: { proposalId, definitionHash },
      charter: { version: null },
    });

    const adopted = await ledger.http
      .post(`${base}/charter/proposals/${proposalId}/approvals`)
      .set(bearer(p.keys[1]))
      .send({ definitionHash })
      .expect(201);
    const q = `asOf=2026-06-30T00:00:00Z&minPosition=${adopted.body.position}`;
    const kpis = await get(p.governance, `${base}/kpis?${q}`);
    expect(kpis.body.charter).toEqual({ version: 1, definitionHash });
    expect(kpis.body.whatIf).toBeUndefined();
    const attr = await get(p.governance, `${base}/attribution?${q}`);
    expect(attr.body).toMatchObject({ model: 'last_touch', charter: { version: 1, definitionHash } });
    expect(attr.body.deals[0].credits).toEqual([
      { orgId: a, credit: '0.00', share: 0, classification: 'sourced' },
      { orgId: b, credit: '100.00', share: 1, classification: 'influenced' },
    ]);
    const series = await get(
      p.governance,
      `${base}/kpis/win_rate/series?period=quarter&from=2026-01-01T00:00:00Z&to=2026-06-30T00:00:00Z`,
    );
    expect(series.body.items.map((i: { value: number }) => i.value)).toEqual([100, 100]);
    // A custom KPI has no figure before the charter that defines it: Q4 2025 null, one touch in Q1, none in Q2.
    const custom = await get(p.governance, `${base}/kpis/x_touches/series?${quarters}`);
    expect(custom.body.items.map((i: { value: number | null }) => i.value)).toEqual([null, 1, 0]);
    expect(custom.body.whatIf).toBeUndefined();
  });

  it('pages deals with a cursor, and refuses a bad model, window or cursor with 400 naming the field', async () => {
    const p = await partnership(2);
    for (const id of ['D1', 'D2', 'D3']) {
      const deal = { dealId: id, customerId: `c-${id}`, amount: '10.00', source: 'direct' };
      await post(p, p.keys[0], 'deal.registered', '2026-03-01T00:00:00Z', deal);
      await post(p, p.keys[0], 'deal.won', '2026-03-02T00:00:00Z', { dealId: id, amount: '10.00' });
    }
    const base = `/v1/partnerships/${p.id}/attribution`;
    const first = await get(ADMIN_KEY, `${base}?limit=2&minPosition=${last}`);
    expect(first.body.deals.map((d: { dealId: string }) => d.dealId)).toEqual(['D1', 'D2']);
    expect(first.body.unattributed).toBe('30.00');
    const second = await get(ADMIN_KEY, `${base}?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body).toMatchObject({
      nextCursor: null,
      deals: [expect.objectContaining({ dealId: 'D3' })],
    });
    for (const [query, path] of [
      ['model=random', 'model'],
      ['windowDays=0', 'windowDays'],
      ['windowDays=731', 'windowDays'],
      ['cursor=xyz', 'cursor'],
    ]) {
      const res = await ledger.http.get(`${base}?${query}`).set(bearer(ADMIN_KEY)).expect(400);
      expect(res.body.errors[0].path).toBe(path);
    }
  });
});
