import { endedPeriods, judgeForecast, RecordedFigure } from './accuracy';

/** Forecast vs actual worked by hand: errors are actual − forecast, the means rounded once, half-up. */
const APRIL = '2026-04-01T00:00:00.000Z';
const MAY = '2026-05-01T00:00:00.000Z';
const JUNE = '2026-06-01T00:00:00.000Z';
const actuals =
  (known: Record<string, string | number | null>) =>
  (periodStart: string): string | number | null | undefined =>
    Object.hasOwn(known, periodStart) ? known[periodStart] : undefined;

describe('Given a naive money forecast of 1800.00 a month for April–June', () => {
  // σ̂ = 275.68 (the forecast route's): h = 1 ± 353.31, h = 2 ± 499.65, h = 3 ± 611.95 at 80 %.
  const points: RecordedFigure[] = [
    { periodStart: APRIL, value: '1800.00', lower80: '1446.69', upper80: '2153.31' },
    { periodStart: MAY, value: '1800.00', lower80: '1300.35', upper80: '2299.65' },
    { periodStart: JUNE, value: '1800.00', lower80: '1188.05', upper80: '2411.95' },
  ];

  it('has nothing to judge before any period has ended', () => {
    const judged = judgeForecast(points, actuals({}));
    expect(judged.points).toEqual(points);
    expect(judged.accuracy).toEqual({ mape: null, bias: null, coverage80: null });
  });

  it('judges April (2000.00) and May (0.00) once June is still open: MAPE leaves the 0 out', () => {
    const judged = judgeForecast(points, actuals({ [APRIL]: '2000.00', [MAY]: '0.00' }));
    expect(judged.points).toEqual([
      { ...points[0], actual: '2000.00', error: '200.00' },
      { ...points[1], actual: '0.00', error: '-1800.00' },
      points[2],
    ]);
    // MAPE: April 200/2000 = 10 %, May has no percentage error; bias (200 − 1800)/2 = −800.00;
    // coverage: April inside [1446.69, 2153.31], May outside [1300.35, 2299.65] → 50 %.
    expect(judged.accuracy).toEqual({ mape: 10, bias: '-800.00', coverage80: 50 });
  });

  it('counts an actual on a bound as inside, and has no MAPE when every actual is 0', () => {
    const onBound = judgeForecast(points.slice(0, 1), actuals({ [APRIL]: '1446.69' }));
    expect(onBound.accuracy).toEqual({ mape: 24.42, bias: '-353.31', coverage80: 100 });
    const zero = judgeForecast(points.slice(1, 2), actuals({ [MAY]: '0.00' }));
    expect(zero.accuracy).toEqual({ mape: null, bias: '-1800.00', coverage80: 0 });
  });

  it('rounds a mean error of half a cent away from zero', () => {
    const up = judgeForecast(points.slice(0, 2), actuals({ [APRIL]: '1800.01', [MAY]: '1800.00' }));
    expect(up.accuracy.bias).toBe('0.01');
    const down = judgeForecast(points.slice(0, 2), actuals({ [APRIL]: '1799.99', [MAY]: '1800.00' }));
    expect(down.accuracy.bias).toBe('-0.01');
  });
});

describe('Given a percentage forecast (a number KPI)', () => {
  const points: RecordedFigure[] = [
    { periodStart: APRIL, value: 50, lower80: 45, upper80: 55 },
    { periodStart: MAY, value: 50, lower80: 45, upper80: 55 },
    { periodStart: JUNE, value: 30, lower80: 20, upper80: 40 },
  ];

  it('gives numbers: errors −10 and 12.5, MAPE (25 + 20)/2, bias 1.25, coverage 0', () => {
    const judged = judgeForecast(points.slice(0, 2), actuals({ [APRIL]: 40, [MAY]: 62.5 }));
    expect(judged.points.map((p) => [p.actual, p.error])).toEqual([
      [40, -10],
      [62.5, 12.5],
    ]);
    expect(judged.accuracy).toEqual({ mape: 22.5, bias: 1.25, coverage80: 0 });
  });

  it('leaves a period without a value (null) out of the accuracy, and rounds MAPE to 2 decimals', () => {
    // June: error 31 − 30 = 1, 1/31 = 3.2258… %.
    const judged = judgeForecast(points, actuals({ [APRIL]: null, [MAY]: null, [JUNE]: 31 }));
    expect(judged.points.map((p) => [p.actual, p.error])).toEqual([
      [null, null],
      [null, null],
      [31, 1],
    ]);
    expect(judged.accuracy).toEqual({ mape: 3.23, bias: 1, coverage80: 100 });
  });
});

describe('Given a scenario’s forecast (no intervals)', () => {
  it('has no coverage80', () => {
    const points = [{ periodStart: APRIL, value: '2375.00' }];
    const judged = judgeForecast(points, actuals({ [APRIL]: '2500.00' }));
    // error 125.00; MAPE 125/2500 = 5 %.
    expect(judged.accuracy).toEqual({ mape: 5, bias: '125.00', coverage80: null });
  });
});

describe('Which periods have ended', () => {
  it('are those whose last instant is at or before asOf', () => {
    const starts = [APRIL, MAY, JUNE];
    const ended = (asOf: string) =>
      endedPeriods('month', starts, Date.parse(asOf)).map((p) => new Date(p.start).toISOString());
    expect(ended('2026-05-31T23:59:59.998Z')).toEqual([APRIL]);
    expect(ended('2026-05-31T23:59:59.999Z')).toEqual([APRIL, MAY]);
    expect(ended('2026-07-01T00:00:00Z')).toEqual(starts);
  });
});
