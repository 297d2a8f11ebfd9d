import { loadGolden, pick } from '../libs/kpis/src/testing/golden';
import { ADMIN_KEY, Fixtures, TestLedger, bearer, testBackends, useLedger } from './support/ledger';

/**
 * The golden scenario through the whole product: organizations, keys and events posted over HTTP with
 * each org's own key, in the scenario's order; every expected figure read back from GET …/kpis.
 */
const scenario = loadGolden('scenario-a');

describe.each(testBackends())('scenario-a over HTTP on %s', (backend) => {
  let ledger: TestLedger;
  let fx: Fixtures;
  useLedger(backend, (l, f) => {
    ledger = l;
    fx = f;
  });
  let lastPosition = 0;
  const pid = scenario.partnership.partnershipId;

  beforeAll(async () => {
    const keys: Record<string, string> = {};
    for (const org of scenario.organizations) {
      await fx.org(org.orgId, org.name);
      keys[org.orgId] = await fx.key('partner', org.orgId);
    }
    await fx.partnership(keys[scenario.partnership.partnerOrgIds[1]], scenario.partnership);
    for (const e of scenario.events) {
      const { postedBy, ...event } = e;
      const res = await ledger.http.post(`/v1/partnerships/${pid}/events`).set(bearer(keys[postedBy])).send(event);
      if (res.status !== 201) throw new Error(`posting ${e.type} failed: ${res.status} ${JSON.stringify(res.body)}`);
      lastPosition = res.body.events[0].position;
    }
  });

  describe.each(scenario.expect)('at asOf $asOf', ({ asOf, kpis }) => {
    it('reports every expected figure', async () => {
      const res = await ledger.http
        .get(`/v1/partnerships/${pid}/kpis`)
        .query({ asOf, minPosition: lastPosition })
        .set(bearer(ADMIN_KEY))
        .expect(200);
      expect(res.body).toMatchObject({ partnershipId: pid, currency: 'EUR', asOf: new Date(asOf).toISOString(), position: lastPosition });
      const actual = Object.fromEntries(Object.keys(kpis).map((key) => [key, pick(res.body, key)]));
      expect(actual).toStrictEqual(kpis);
    });

    it('gives the same figures and snapshotHash when replayed at the head position', async () => {
      const read = (query: Record<string, unknown>) =>
        ledger.http.get(`/v1/partnerships/${pid}/kpis`).query({ asOf, ...query }).set(bearer(ADMIN_KEY)).expect(200);
      const fromReadModel = await read({ minPosition: lastPosition });
      const replayed = await read({ atPosition: lastPosition });
      expect(replayed.body).toEqual(fromReadModel.body);
    });
  });
});
