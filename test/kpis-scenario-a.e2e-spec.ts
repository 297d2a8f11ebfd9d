import { loadGolden, pick } from '../libs/kpis/src/testing/golden';
import { ADMIN_KEY, TestLedger, bearer, testBackends, useLedger } from './support/ledger';
import { postScenario } from './support/scenario';

/**
 * The golden scenario through the whole product: organizations, keys and events posted over HTTP with
 * each org's own key, in the scenario's order; every expected figure read back from GET …/kpis.
 */
const scenario = loadGolden('scenario-a');

describe.each(testBackends())('scenario-a over HTTP on %s', (backend) => {
  let ledger: TestLedger;
  useLedger(backend, (l) => {
    ledger = l;
  });
  let lastPosition = 0;
  const pid = scenario.partnership.partnershipId;

  beforeAll(async () => {
    ({ lastPosition } = await postScenario(ledger, scenario));
  });

  describe.each(scenario.expect)('at asOf $asOf', ({ asOf, kpis }) => {
    it('reports every expected figure', async () => {
      const res = await ledger.http
        .get(`/v1/partnerships/${pid}/kpis`)
        .query({ asOf, minPosition: lastPosition })
        .set(bearer(ADMIN_KEY))
        .expect(200);
      expect(res.body).toMatchObject({
        partnershipId: pid,
        currency: 'EUR',
        asOf: new Date(asOf).toISOString(),
        position: lastPosition,
      });
      const actual = Object.fromEntries(Object.keys(kpis).map((key) => [key, pick(res.body, key)]));
      expect(actual).toStrictEqual(kpis);
    });

    it('gives the same figures and snapshotHash when replayed at the head position', async () => {
      const read = (query: Record<string, unknown>) =>
        ledger.http
          .get(`/v1/partnerships/${pid}/kpis`)
          .query({ asOf, ...query })
          .set(bearer(ADMIN_KEY))
          .expect(200);
      const fromReadModel = await read({ minPosition: lastPosition });
      const replayed = await read({ atPosition: lastPosition });
      expect(replayed.body).toEqual(fromReadModel.body);
    });
  });
});
