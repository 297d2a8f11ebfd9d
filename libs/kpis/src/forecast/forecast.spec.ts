import { ValidationFailed } from '@ledger/domain';
import { forecastKpi, periodStartsAfter } from './forecast';
import { monthly, quarterly, request } from './testing/histories';

/** The forecast answer as a whole (API.md, "Forecasts and scenarios"): its 400s, money, bytes and hash. */
describe('The 400s', () => {
  const fieldsOf = (run: () => unknown) => {
    try {
      run();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationFailed);
      const failed = e as ValidationFailed;
      expect(failed.kind).toBe('invalid');
      return failed.errors.map((x) => x.path);
    }
    throw new Error('expected ValidationFailed');
  };
  const history = monthly([1, 2, 3, 4, 5, 6]);

  it('refuses a history of fewer than 2 points, whatever the method', () => {
    expect(fieldsOf(() => forecastKpi(request({ history: [] })))).toEqual(['history']);
    expect(fieldsOf(() => forecastKpi(request({ history: monthly([7]) })))).toEqual(['history']);
    expect(fieldsOf(() => forecastKpi(request({ method: 'naive', history: monthly([7]) })))).toEqual([
      'history',
    ]);
  });

  it('refuses a horizon of 0 or 13, or not an integer', () => {
    for (const horizon of [0, 13, 1.5, Number.NaN])
      expect(fieldsOf(() => forecastKpi(request({ horizon, history })))).toEqual(['horizon']);
    expect(forecastKpi(request({ horizon: 1, history })).points).toHaveLength(1);
    expect(forecastKpi(request({ horizon: 12, history })).points).toHaveLength(12);
  });

  it('refuses an unknown method or period, naming every bad field at once', () => {
    expect(fieldsOf(() => forecastKpi(request({ method: 'arima', history })))).toEqual(['method']);
    expect(fieldsOf(() => forecastKpi(request({ period: 'week', history })))).toEqual(['period']);
    expect(
      fieldsOf(() => forecastKpi(request({ period: 'year', method: 'x', horizon: 13, history }))),
    ).toEqual(['period', 'method', 'horizon']);
  });

  it('refuses a method asked by name with fewer points than it needs', () => {
    const five = monthly([1, 2, 3, 4, 5]);
    expect(fieldsOf(() => forecastKpi(request({ method: 'holt', history: five })))).toEqual(['history']);
    expect(fieldsOf(() => forecastKpi(request({ method: 'linear', history: monthly([1, 2, 3]) })))).toEqual([
      'history',
    ]);
    expect(
      fieldsOf(() =>
        forecastKpi(
          request({ method: 'seasonal_naive', period: 'quarter', history: quarterly([1, 2, 3, 4, 5, 6, 7]) }),
        ),
      ),
    ).toEqual(['history']);
    // Drift on 2 points: its one residual is 0 by construction and N − K = 0, so σ̂ does not exist.
    expect(fieldsOf(() => forecastKpi(request({ method: 'drift', history: monthly([1, 2]) })))).toEqual([
      'history',
    ]);
    expect(forecastKpi(request({ method: 'auto', history: monthly([1, 2]) })).method).toBe('naive');
  });

  it('treats a malformed history as the caller’s bug (RangeError), not a 400', () => {
    const [a, b] = monthly([1, 2]);
    expect(() => forecastKpi(request({ history: [b, a] }))).toThrow(RangeError);
    expect(() => forecastKpi(request({ history: [a, { ...b, value: Number.NaN }] }))).toThrow(RangeError);
    expect(() =>
      forecastKpi(request({ history: [a, { ...b, periodStart: '2024-02-02T00:00:00.000Z' }] })),
    ).toThrow(RangeError);
  });
});

describe('Given a money KPI [1000.50, 1200.25, 1100.00, 1500.75] forecast naive for 2 months', () => {
  // Residuals 199.75, −100.25, 400.75 → SSE 210550.6875, N 3, σ̂ = √70183.5625 = 264.9218045 → "264.92".
  // h = 1: ± 1.2816 σ̂ = 339.5238 → 339.52, ± 1.96 σ̂ = 519.2467 → 519.25;
  // h = 2: × √2: ± 480.1591 → 480.16, ± 734.3258 → 734.33.
  const answer = forecastKpi(
    request({
      kpiId: 'joint_revenue',
      method: 'naive',
      horizon: 2,
      money: true,
      history: monthly([1000.5, 1200.25, 1100, 1500.75]),
    }),
  );

  it('shows the history, points, intervals and σ̂ as decimal strings to the cent', () => {
    expect(answer.history.map((p) => p.value)).toEqual(['1000.50', '1200.25', '1100.00', '1500.75']);
    expect(answer.residualSd).toBe('264.92');
    expect(answer.points).toEqual([
      {
        periodStart: '2024-05-01T00:00:00.000Z',
        value: '1500.75',
        lower80: '1161.23',
        upper80: '1840.27',
        lower95: '981.50',
        upper95: '2020.00',
      },
      {
        periodStart: '2024-06-01T00:00:00.000Z',
        value: '1500.75',
        lower80: '1020.59',
        upper80: '1980.91',
        lower95: '766.42',
        upper95: '2235.08',
      },
    ]);
  });

  it('shows a negative bound with its sign', () => {
    const low = forecastKpi(request({ method: 'naive', money: true, history: monthly([0.5, 3, 0]) }));
    expect(low.points[0].lower95).toMatch(/^-\d+\.\d\d$/);
  });
});

describe('The same inputs give the same bytes', () => {
  // Canonical JSON (RFC 8785: keys sorted, shortest numbers) of {kpiId, period, method, params, history,
  // horizon}, hashed by hand with SHA-256:
  // {"history":[{"periodStart":"2024-01-01T00:00:00.000Z","value":1},{"periodStart":"2024-02-01T00:00:00.000Z",
  // "value":2}],"horizon":1,"kpiId":"deals_closed","method":"naive","params":{},"period":"month"}
  const asked = request({ kpiId: 'deals_closed', method: 'naive', horizon: 1, history: monthly([1, 2]) });

  it('hashes the canonical JSON of the inputs', () => {
    expect(forecastKpi(asked).inputHash).toBe(
      '1100cf816179cee8d6fab5af4f49cc69246101ea91ce2ed1a83a003818ab2ec9',
    );
  });

  it('answers identically every time, and `auto` exactly as the method it chose', () => {
    expect(JSON.stringify(forecastKpi(asked))).toBe(JSON.stringify(forecastKpi(asked)));
    expect(forecastKpi({ ...asked, method: 'auto' })).toEqual(forecastKpi(asked));
  });

  it('changes the hash with the horizon, and never shows −0', () => {
    expect(forecastKpi({ ...asked, horizon: 2 }).inputHash).not.toBe(forecastKpi(asked).inputHash);
    const flat = forecastKpi(request({ method: 'mean', history: monthly([-0.001, 0.001]) }));
    expect(Object.is(flat.points[0].value, 0)).toBe(true);
  });
});

describe('Forecast periods', () => {
  it('follow the last history period, across year ends', () => {
    expect(periodStartsAfter('2025-11-01T00:00:00.000Z', 'month', 3)).toEqual([
      '2025-12-01T00:00:00.000Z',
      '2026-01-01T00:00:00.000Z',
      '2026-02-01T00:00:00.000Z',
    ]);
    expect(periodStartsAfter('2025-10-01T00:00:00.000Z', 'quarter', 2)).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2026-04-01T00:00:00.000Z',
    ]);
  });
});
