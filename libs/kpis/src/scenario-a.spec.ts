import { replayKpis } from './replay';
import { goldenEvents, loadGolden, pick } from './testing/golden';

const scenario = loadGolden('scenario-a');
const events = goldenEvents(scenario);

describe('scenario-a (pure replay): a reseller partnership over its first half-year', () => {
  describe.each(scenario.expect)('at asOf $asOf', ({ asOf, kpis }) => {
    const snapshot = replayKpis(events, {
      partnershipId: scenario.partnership.partnershipId,
      currency: 'EUR',
      asOf,
    });
    it.each(Object.entries(kpis))('%s = %p', (key, expected) => {
      expect(pick(snapshot, key)).toStrictEqual(expected);
    });
  });
});
