import { forecastOfSeries, historyPeriods } from './history';

/** The forecast's history as API.md builds it from a KPI series (the route's and the CLI's one path). */
const iso = (ms: number) => new Date(ms).toISOString();
const startsOf = (periods: { start: number }[]) => periods.map((p) => iso(p.start));

describe('historyPeriods: the complete periods up to asOf from the first complete one', () => {
  it('Given a start on 15 January, when read on 10 May, then February to April', () => {
    const periods = historyPeriods('month', Date.UTC(2026, 0, 15), Date.UTC(2026, 4, 10));
    expect(startsOf(periods)).toEqual([
      '2026-02-01T00:00:00.000Z',
      '2026-03-01T00:00:00.000Z',
      '2026-04-01T00:00:00.000Z',
    ]);
  });

  it('Given a start on a period start and asOf at the last instant of a quarter, then both ends count', () => {
    const asOf = Date.parse('2026-06-30T23:59:59.999Z');
    const periods = historyPeriods('quarter', Date.UTC(2026, 0, 1), asOf);
    expect(startsOf(periods)).toEqual(['2026-01-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z']);
    expect(historyPeriods('quarter', Date.UTC(2026, 0, 1), asOf - 1)).toHaveLength(1);
  });

  it('Given five years of months, then the 36 most recent; none before the partnership is formed', () => {
    const periods = historyPeriods('month', Date.UTC(2020, 0, 1), Date.UTC(2025, 0, 1));
    expect(periods).toHaveLength(36);
    expect(iso(periods[0].start)).toBe('2022-01-01T00:00:00.000Z');
    expect(iso(periods[35].start)).toBe('2024-12-01T00:00:00.000Z');
    expect(historyPeriods('month', null, Date.UTC(2025, 0, 1))).toEqual([]);
    expect(historyPeriods('month', Date.UTC(2025, 0, 2), Date.UTC(2025, 1, 1))).toEqual([]);
  });
});

describe('forecastOfSeries: nulls left out, money by Number', () => {
  const point = (month: number, value: number | string | null) => ({
    periodStart: iso(Date.UTC(2026, month, 1)),
    periodEnd: iso(Date.UTC(2026, month + 1, 1) - 1),
    value,
  });
  const question = { kpiId: 'avg_deal_size', period: 'month', method: 'naive', horizon: 1 };

  it('leaves the null months out and forecasts after the last known one, in decimal strings', () => {
    const series = [point(0, '100.50'), point(1, null), point(2, '120.50'), point(3, null)];
    const answer = forecastOfSeries(question, series);
    expect(answer.history).toEqual([
      { periodStart: '2026-01-01T00:00:00.000Z', value: '100.50' },
      { periodStart: '2026-03-01T00:00:00.000Z', value: '120.50' },
    ]);
    expect(answer.points.map((p) => [p.periodStart, p.value])).toEqual([
      ['2026-04-01T00:00:00.000Z', '120.50'],
    ]);
    expect(answer.residualSd).toBe('20.00');
  });

  it('keeps numbers numbers', () => {
    const answer = forecastOfSeries(question, [point(0, 10), point(1, 12.5)]);
    expect(answer.history.map((p) => p.value)).toEqual([10, 12.5]);
    expect(answer.residualSd).toBe(2.5);
  });
});
