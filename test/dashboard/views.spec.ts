import { figure } from '../../apps/dashboard/src/format';
import { href, parse } from '../../apps/dashboard/src/route';
import { monthEnds } from '../../apps/dashboard/src/trend';

describe('the dashboard’s addresses', () => {
  it.each([
    ['#/portfolio', { page: 'portfolio' }, {}],
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
