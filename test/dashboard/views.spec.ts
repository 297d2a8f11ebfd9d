import { figure, interval } from '../../apps/dashboard/src/format';
import { fanOf, methodText, movementOf, scenarioRows, tierRanks } from '../../apps/dashboard/src/foresight';
import { href, parse } from '../../apps/dashboard/src/route';
import { monthEnds } from '../../apps/dashboard/src/trend';

describe('the dashboard’s addresses', () => {
  it.each([
    ['#/portfolio', { page: 'portfolio' }, {}],
    [
      '#/partners?asOf=2027-02-15T23%3A59%3A59.999Z',
      { page: 'partners' },
      { asOf: '2027-02-15T23:59:59.999Z' },
    ],
    ['#/p/ab-field/scenarios', { page: 'partnership', id: 'ab-field', tab: 'scenarios' }, {}],
    ['#/p/nw-contoso', { page: 'partnership', id: 'nw-contoso', tab: 'kpis' }, {}],
    [
      '#/p/nw-contoso/charter?atPosition=12',
      { page: 'partnership', id: 'nw-contoso', tab: 'charter' },
      { atPosition: 12 },
    ],
    [
      '#/p/a%2Fb/kpi/joint_revenue?asOf=2026-04-01T23%3A59%3A59.999Z',
      { page: 'kpi', id: 'a/b', kpiId: 'joint_revenue' },
      { asOf: '2026-04-01T23:59:59.999Z' },
    ],
  ] as const)('reads %s and writes it back the same', (hash, route, clocks) => {
    expect(parse(hash)).toEqual({ route, clocks });
    expect(href(route, clocks)).toBe(hash);
  });

  it('ignores a position that is not a whole number above 0, and an unknown page', () => {
    expect(parse('#/p/x?atPosition=-3').clocks).toEqual({});
    expect(parse('#/p/x?atPosition=1.5').clocks).toEqual({});
    expect(parse('#/nowhere').route).toEqual({ page: 'home' });
    // A mangled link (a malformed escape) leads home instead of stopping the page.
    expect(parse('#/p/%E0%A4%A/kpi/x').route).toEqual({ page: 'home' });
  });
});

describe('the dashboard’s figures', () => {
  it('writes money from the API’s decimal string, never through a float', () => {
    expect(figure('1234567890123456.78', 'money', 'EUR')).toBe('1,234,567,890,123,456.78 EUR');
    expect(figure('-1000.50', 'money', 'USD')).toBe('-1,000.50 USD');
    expect(figure('0.00', 'money', 'EUR')).toBe('0.00 EUR');
  });

  it('writes other units as a reader expects, and says “no data” for null', () => {
    expect(figure(230.77, '%')).toBe('230.77 %');
    expect(figure(4, '1-5')).toBe('4 (scale 1–5)');
    expect(figure(12000, 'count')).toBe('12,000');
    expect(figure(3, 'days')).toBe('3 days');
    expect(figure(null, '%')).toBe('no data');
  });

  it('writes an interval as “lower to upper”, each end as a figure of the unit', () => {
    const euros = { unit: 'money', currency: 'EUR' };
    expect(interval('11855.47', '16144.53', euros)).toBe('11,855.47 EUR to 16,144.53 EUR');
    expect(interval(null, 2.5, { unit: '%', currency: '' })).toBe('no data to 2.5 %');
  });
});

describe('the 12 points of a KPI card’s trend', () => {
  it('are the last instants of the 11 months before asOf’s month, then asOf itself', () => {
    const ends = monthEnds('2026-04-15T12:00:00.000Z');
    expect(ends).toHaveLength(12);
    expect(ends[0]).toBe('2025-05-31T23:59:59.999Z');
    expect(ends[9]).toBe('2026-02-28T23:59:59.999Z');
    expect(ends[10]).toBe('2026-03-31T23:59:59.999Z');
    expect(ends[11]).toBe('2026-04-15T12:00:00.000Z');
  });
});

describe('the forecast fan’s geometry', () => {
  const forecast = {
    history: [
      { periodStart: '2026-01-01T00:00:00.000Z', value: '10000.00' },
      { periodStart: '2026-02-01T00:00:00.000Z', value: '14000.00' },
    ],
    points: [
      {
        periodStart: '2026-03-01T00:00:00.000Z',
        value: '14000.00',
        lower80: '12000.00',
        upper80: '16000.00',
        lower95: '11000.00',
        upper95: '17000.00',
      },
      {
        periodStart: '2026-04-01T00:00:00.000Z',
        value: '14000.00',
        lower80: '11000.00',
        upper80: '17000.00',
        lower95: '9500.00',
        upper95: '18500.00',
      },
    ],
  };

  it('puts history and forecast on one time axis, the forecast opening from the last observation', () => {
    const fan = fanOf(forecast);
    expect(fan.times).toEqual([
      Date.UTC(2026, 0, 1),
      Date.UTC(2026, 1, 1),
      Date.UTC(2026, 2, 1),
      Date.UTC(2026, 3, 1),
    ]);
    expect(fan.history).toEqual([10000, 14000, null, null]);
    // Width 0 at the last observation, then the intervals as the API gave them.
    expect(fan.point).toEqual([null, 14000, 14000, 14000]);
    expect(fan.lower80).toEqual([null, 14000, 12000, 11000]);
    expect(fan.upper80).toEqual([null, 14000, 16000, 17000]);
    expect(fan.lower95).toEqual([null, 14000, 11000, 9500]);
    expect(fan.upper95).toEqual([null, 14000, 17000, 18500]);
  });

  it('names the method auto chose and the parameters it fitted', () => {
    expect(methodText({ method: 'naive', params: {} }, 'auto')).toBe(
      'naive (chosen by auto: the least AICc)',
    );
    expect(methodText({ method: 'holt', params: { alpha: 0.5, betaStar: 0.1 } }, 'holt')).toBe(
      'holt, α = 0.5, β* = 0.1',
    );
    expect(methodText({ method: 'seasonal_naive', params: { m: 12 } }, 'seasonal_naive')).toBe(
      'seasonal naive, m = 12',
    );
  });
});

describe('the scenarios side by side', () => {
  const answer = (revenue: string[]) => ({
    currency: 'EUR',
    scenario: revenue.map((r, i) => ({ periodStart: `2026-0${1 + 3 * i}-01T00:00:00.000Z`, revenue: r })),
    assumptions: { newDealsPct: 0, winRatePp: 0, dealSizePct: 0 },
    drivers: { newDeals: 5, winRate: 0.5, dealSize: '12000.00' },
  });

  it('gives each period a row with every scenario’s revenue in it', () => {
    const rows = scenarioRows([
      ['baseline', answer(['30000.00', '30000.00'])],
      ['stress', answer(['17280.00', '17280.00'])],
    ]);
    expect(rows).toEqual([
      { periodStart: '2026-01-01T00:00:00.000Z', revenue: { baseline: '30000.00', stress: '17280.00' } },
      { periodStart: '2026-04-01T00:00:00.000Z', revenue: { baseline: '30000.00', stress: '17280.00' } },
    ]);
  });
});

describe('a partner’s movement between tiers', () => {
  // The model in force: gold ≥ 70, silver ≥ 40, bronze ≥ 0 (the answer's tiers).
  const ranks = tierRanks([
    { tier: 'gold', minScore: 70 },
    { tier: 'silver', minScore: 40 },
    { tier: 'bronze', minScore: 0 },
  ]);

  it('is up, down or the same by the tiers’ standing, and new without a previous tier', () => {
    expect(movementOf({ tier: 'gold', previousTier: 'silver' }, ranks)).toBe('up');
    expect(movementOf({ tier: 'silver', previousTier: 'gold' }, ranks)).toBe('down');
    expect(movementOf({ tier: 'bronze', previousTier: 'bronze' }, ranks)).toBe('same');
    expect(movementOf({ tier: 'bronze', previousTier: null }, ranks)).toBe('new');
    // Below every tier now: lower than any tier held before.
    expect(movementOf({ tier: null, previousTier: 'bronze' }, ranks)).toBe('down');
  });

  it('says “changed” rather than guess when the previous tier is not one of the model in force', () => {
    expect(movementOf({ tier: 'gold', previousTier: 'platinum' }, ranks)).toBe('changed');
  });
});
