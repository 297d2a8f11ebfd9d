import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { replayKpis } from '@ledger/kpis';
import { pick } from '../libs/kpis/src/testing/golden';
import { PostedEvent, history } from '../libs/kpis/src/testing/arbitrary';
import { ADMIN_KEY, Fixtures, TestLedger, bearer, testBackends, unique, useLedger } from './support/ledger';

type Body = Record<string, unknown>;
const AS_OFS = ['2026-02-28T23:59:59Z', '2026-11-01T00:00:00Z'];

describe.each(testBackends())('projections on %s', (backend) => {
  let ledger: TestLedger;
  let fx: Fixtures;
  // Small batches and a cache of a few partnerships' facts: the fold and reading evicted facts back are
  // exercised many times by the histories below.
  useLedger(
    backend,
    (l, f) => {
      ledger = l;
      fx = f;
    },
    { LEDGER_PROJECTION_BATCH: '7', LEDGER_FACTS_CACHE_EVENTS: '60' },
  );
  const partnerships: { pid: string; key: string }[] = [];

  const kpis = (pid: string, query: Body) =>
    ledger.http.get(`/v1/partnerships/${pid}/kpis`).query(query).set(bearer(ADMIN_KEY)).expect(200);
  const projection = async () =>
    (await ledger.http.get('/v1/projections').set(bearer(ADMIN_KEY)).expect(200)).body.items[0];
  const head = async () => (await projection()).ledgerPosition as number;

  /**
   * Posts a random history event by event; events the rules refuse (409) are simply not in the ledger.
   * Governance items go through their own routes, as a portal sends them: A proposes, B approves (which
   * adopts, A's proposal counting as its approval); an adoption is the ledger's, so it is not posted.
   */
  async function postHistory(
    pid: string,
    keys: { a: string; b: string },
    posted: readonly PostedEvent[],
  ): Promise<number> {
    const ids: string[] = [];
    const proposals = new Map<unknown, { proposalId: string; definitionHash: string }>();
    for (const p of posted) {
      if (p.type.startsWith('charter.')) {
        await postGovernance(pid, keys, p, proposals);
        continue;
      }
      const data =
        p.retract === undefined || ids.length === 0
          ? p.data
          : { ...p.data, eventId: ids[p.retract % ids.length] };
      if (p.type === 'event.retracted' && ids.length === 0) continue;
      const eventId = randomUUID();
      const res = await ledger.http
        .post(`/v1/partnerships/${pid}/events`)
        .set(bearer(keys.a))
        .send({ eventId, type: p.type, occurredAt: p.occurredAt, data });
      if (res.status === 201) ids.push(eventId);
      else if (res.status !== 409) throw new Error(`${p.type}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    return ids.length + proposals.size;
  }

  async function postGovernance(
    pid: string,
    keys: { a: string; b: string },
    p: PostedEvent,
    proposals: Map<unknown, { proposalId: string; definitionHash: string }>,
  ): Promise<void> {
    const base = `/v1/partnerships/${pid}/charter/proposals`;
    let res;
    if (p.type === 'charter.proposed') {
      const body = { charter: p.data.charter, effectiveFrom: p.data.effectiveFrom };
      res = await ledger.http.post(base).set(bearer(keys.a)).send(body);
      if (res.status === 201 && !proposals.has(p.data.proposalId)) proposals.set(p.data.proposalId, res.body);
    } else if (p.type === 'charter.approved' && proposals.has(p.data.proposalId)) {
      const { proposalId, definitionHash } = proposals.get(p.data.proposalId)!;
      res = await ledger.http
        .post(`${base}/${proposalId}/approvals`)
        .set(bearer(keys.b))
        .send({ definitionHash });
    } else return;
    if (res.status !== 201 && res.status !== 409)
      throw new Error(`${p.type}: ${res.status} ${JSON.stringify(res.body)}`);
  }

  it('answers every random history from the read model exactly as a replay of its events does', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(history(35), async (posted) => {
        const w = await fx.world(unique('prop'));
        partnerships.push({ pid: w.partnershipId, key: w.keys.a });
        accepted += await postHistory(w.partnershipId, w.keys, posted);
        const at = await head();
        const events = (
          await ledger.http
            .get(`/v1/partnerships/${w.partnershipId}/events?limit=1000`)
            .set(bearer(w.keys.a))
            .expect(200)
        ).body.items;
        for (const asOf of AS_OFS) {
          const fromReadModel = await kpis(w.partnershipId, { asOf, minPosition: at });
          const fromReplay = await kpis(w.partnershipId, { asOf, atPosition: at });
          const offline = replayKpis(events, { partnershipId: w.partnershipId, currency: 'EUR', asOf });
          expect(fromReadModel.body).toEqual(fromReplay.body);
          expect(fromReadModel.body).toEqual(offline);
        }
      }),
      { numRuns: 8 },
    );
    // The histories really reached the ledger: most random events are accepted by the rules.
    expect(accepted).toBeGreaterThan(8 * 10);
  }, 120_000);

  it(
    'folds into a partnership the cache has let go ' + 'of exactly as a replay does, retractions included',
    async () => {
      const w = await fx.world(unique('evicted'));
      const ev = (type: string, occurredAt: string, data: Body) => ({
        eventId: randomUUID(),
        type,
        occurredAt,
        data,
      });
      const post = async (pid: string, events: Body[]) =>
        (
          await ledger.http
            .post(`/v1/partnerships/${pid}/events`)
            .set(bearer(w.keys.a))
            .send({ events })
            .expect(201)
        ).body.events.at(-1).position as number;
      const won = ev('deal.won', '2026-01-20T00:00:00Z', { dealId: 'D1', amount: '1000.00' });
      const hit = ev('milestone.hit', '2026-02-10T00:00:00Z', { milestoneId: 'M1' });
      await post(w.partnershipId, [
        ev('deal.registered', '2026-01-05T00:00:00Z', {
          dealId: 'D1',
          customerId: 'C1',
          amount: '1000.00',
          source: 'partner_sourced',
        }),
        won,
        ev('deal.registered', '2026-01-06T00:00:00Z', {
          dealId: 'D2',
          customerId: 'C2',
          amount: '500.00',
          source: 'partner_sourced',
        }),
        ev('milestone.planned', '2026-01-07T00:00:00Z', {
          milestoneId: 'M1',
          title: 'launch',
          dueDate: '2026-03-01',
        }),
        hit,
        ...Array.from({ length: 6 }, (_, i) =>
          ev('cost.incurred', '2026-01-08T00:00:00Z', { amount: `${i + 1}.00`, category: 'mdf' }),
        ),
      ]);
      // Another partnership's 70 events outweigh the cache (60 events' worth): this one's facts are let go.
      const other = await fx.world(unique('filler'));
      await ledger.http
        .post(`/v1/partnerships/${other.partnershipId}/events`)
        .set(bearer(other.keys.a))
        .send({
          events: Array.from({ length: 70 }, () =>
            ev('cost.incurred', '2026-01-09T00:00:00Z', { amount: '1.00', category: 'mdf' }),
          ),
        })
        .expect(201);
      await new Promise((r) => setTimeout(r, 500));
      const last = await post(w.partnershipId, [
        ev('event.retracted', '2026-03-01T00:00:00Z', { eventId: won.eventId, reason: 'entered too early' }),
        ev('event.retracted', '2026-03-01T00:00:00Z', { eventId: hit.eventId, reason: 'not signed off' }),
        ev('deal.won', '2026-03-02T00:00:00Z', { dealId: 'D2', amount: '700.00' }),
      ]);
      for (const asOf of AS_OFS) {
        const fromReadModel = await kpis(w.partnershipId, { asOf, minPosition: last });
        const fromReplay = await kpis(w.partnershipId, { asOf, atPosition: last });
        expect(fromReadModel.body).toEqual(fromReplay.body);
      }
      const now = (await kpis(w.partnershipId, { asOf: AS_OFS[1], minPosition: last })).body;
      expect([pick(now, 'win_rate'), pick(now, 'overdue_milestones')]).toEqual([100, 1]);
    },
  );

  it(
    'shows the projection caught up, and rebuilds from position ' +
      '1 beside the live model without changing any snapshotHash',
    async () => {
      // The partnerships' last events interleaved, so batches meet partnerships whose facts the small cache
      // has let go of and must read back.
      for (let round = 0; round < 6; round += 1) {
        for (const { pid, key } of partnerships) {
          const cost = {
            eventId: randomUUID(),
            type: 'cost.incurred',
            occurredAt: '2026-01-15T00:00:00Z',
            data: { amount: `${round + 1}.00`, category: 'mdf' },
          };
          const res = await ledger.http.post(`/v1/partnerships/${pid}/events`).set(bearer(key)).send(cost);
          expect([201, 409]).toContain(res.status); // 409: that history ended its partnership
        }
      }
      for (let i = 0; i < 100 && (await projection()).lag > 0; i += 1)
        await new Promise((r) => setTimeout(r, 50));
      expect(await projection()).toMatchObject({
        name: 'kpis',
        state: 'live',
        lag: 0,
        position: await head(),
      });
      const before = await Promise.all(
        partnerships.flatMap(({ pid }) =>
          AS_OFS.map(async (asOf) => (await kpis(pid, { asOf })).body.snapshotHash),
        ),
      );
      const generation = (await projection()).generation;

      const accepted = await ledger.http.post('/v1/projections/rebuild').set(bearer(ADMIN_KEY)).expect(202);
      expect(accepted.body.rebuildId).toMatch(/^[0-9a-f-]{36}$/);
      const again = await ledger.http.post('/v1/projections/rebuild').set(bearer(ADMIN_KEY)).expect(202);
      const view = await projection();
      if (view.rebuild.state !== 'completed') expect(again.body.rebuildId).toBe(accepted.body.rebuildId);

      let done = await projection();
      for (let i = 0; i < 400 && done.rebuild?.state !== 'completed'; i += 1) {
        await kpis(partnerships[0].pid, { asOf: AS_OFS[0] }); // the API keeps answering while it rebuilds
        await new Promise((r) => setTimeout(r, 50));
        done = await projection();
      }
      expect(done).toMatchObject({ state: 'live', lag: 0, generation: generation + 1 });
      expect(done.rebuild).toMatchObject({
        rebuildId: expect.any(String),
        state: 'completed',
        processed: done.position,
        total: done.position,
      });

      const after = await Promise.all(
        partnerships.flatMap(({ pid }) =>
          AS_OFS.map(async (asOf) => (await kpis(pid, { asOf })).body.snapshotHash),
        ),
      );
      expect(after).toEqual(before);
    },
    120_000,
  );

  it('lets only admins and auditors see and rebuild projections', async () => {
    const w = await fx.world(unique('roles'));
    for (const key of [w.keys.a, w.keys.governance]) {
      await ledger.http.get('/v1/projections').set(bearer(key)).expect(403);
      await ledger.http.post('/v1/projections/rebuild').set(bearer(key)).expect(403);
    }
    await ledger.http.get('/v1/projections').set(bearer(w.keys.auditor)).expect(200);
  });
});
