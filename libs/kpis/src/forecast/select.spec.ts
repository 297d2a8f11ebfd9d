import { forecastKpi } from './forecast';
import { aicc, candidates, chooseAuto } from './select';
import { monthly, request } from './testing/histories';

/**
 * `auto` (API.md): the least AICc = N ln(SSE/N) + 2(K + 1) + 2(K + 1)(K + 2)/(N − K − 2) among the methods
 * with enough points (seasonal naive 2m, Holt 6, linear 4, others 2); ties in the order naive,
 * seasonal_naive, mean, drift, linear, holt. Values worked by hand (ln by calculator).
 */
describe('Given the clearly trending monthly series [10, 13, 15, 19, 21, 24, 28, 30] (T = 8)', () => {
  const y = [10, 13, 15, 19, 21, 24, 28, 30];
  // Seasonal naive needs 24 monthly points: not a candidate.
  // naive:  differences 3, 2, 4, 2, 3, 4, 2 → SSE 62, N 7, K 0: 7 ln(62/7) + 2 + 4/5 = 18.0686
  // mean:   ȳ = 20, SSE 100 + 49 + 25 + 1 + 1 + 16 + 64 + 100 = 356, N 8, K 1: 8 ln(44.5) + 4 + 12/5 = 36.7639
  // drift:  c = 20/7, SSE = Σd² − (Σd)²/7 = 62 − 400/7 = 34/7, N 7, K 1: 7 ln(34/49) + 4 + 12/4 = 4.4418
  // linear: β₁ = 61/21, β₀ = 97/14, SSE 34/21, N 8, K 2: 8 ln(34/168) + 6 + 24/4 = −0.7808
  // holt:   α = 0.1, β* = 0.95, SSE 2.446752, N 6, K 2: 6 ln(2.446752/6) + 6 + 24/2 = 12.6180
  // → the linear trend.
  it('scores each candidate as worked by hand and picks the linear trend', () => {
    const scores = Object.fromEntries(candidates(y, 'month').map((fit) => [fit.method, aicc(fit)]));
    expect(Object.keys(scores)).toEqual(['naive', 'mean', 'drift', 'linear', 'holt']);
    expect(scores.naive).toBeCloseTo(18.06856965192845, 9);
    expect(scores.mean).toBeCloseTo(36.76391351337755, 9);
    expect(scores.drift).toBeCloseTo(4.4417815855387435, 9);
    expect(scores.linear).toBeCloseTo(-0.7808276382967865, 9);
    expect(scores.holt).toBeCloseTo(12.618010643426754, 9);
    expect(chooseAuto(y, 'month').method).toBe('linear');
  });

  it('answers method "linear" when asked for auto', () => {
    expect(forecastKpi(request({ method: 'auto', history: monthly(y) })).method).toBe('linear');
  });
});

describe('Given the quarterly series [10, 20, 30, 40, 11, 21, 31, 41] (T = 8 = 2m)', () => {
  // seasonal naive: SSE 4, N 4, K 0: 4 ln(1) + 2 + 4/2 = 4;
  // naive: differences 10, 10, 10, −29, 10, 10, 10 → SSE 1441, N 7: 7 ln(205.857) + 2.8 = 40.08; the others
  // fit the yearly pattern no better than a line can.
  it('picks seasonal naive with AICc 4', () => {
    const fit = chooseAuto([10, 20, 30, 40, 11, 21, 31, 41], 'quarter');
    expect(fit.method).toBe('seasonal_naive');
    expect(aicc(fit)).toBe(4);
  });
});

describe('Ties and undefined scores', () => {
  // A flat series: naive (N 5, K 0) and mean (N 6, K 1) both fit exactly: SSE 0 → AICc −∞; drift too
  // (N 5, K 1), and the linear trend; they tie, and naive comes first in the order.
  it('a tie goes to the earlier method: naive before mean, drift and linear on a flat series', () => {
    const fits = candidates([5, 5, 5, 5, 5, 5], 'month');
    expect(fits.filter((f) => aicc(f) === -Infinity).map((f) => f.method)).toEqual(
      expect.arrayContaining(['naive', 'mean', 'drift', 'linear']),
    );
    expect(chooseAuto([5, 5, 5, 5, 5, 5], 'month').method).toBe('naive');
  });

  // A straight line y = 3 + 2t: naive SSE = 5 × 2² = 20 (finite AICc), drift c = 2 and the linear trend both
  // fit exactly (−∞): drift comes before linear (and Holt, whatever its last bits) in the order.
  it('a tie goes to the earlier method: drift before linear on a straight line', () => {
    const line = [5, 7, 9, 11, 13, 15];
    const scores = candidates(line, 'month').map((fit) => [fit.method, aicc(fit)]);
    expect(scores).toEqual(
      expect.arrayContaining([
        ['drift', -Infinity],
        ['linear', -Infinity],
      ]),
    );
    expect(chooseAuto(line, 'month').method).toBe('drift');
  });

  // T = 4: drift (N 3, K 1) and linear (N 4, K 2) have N − K − 2 = 0: AICc +∞, never preferred;
  // naive 3 ln(21/3) + 2 + 4 = 11.83773 beats mean 4 ln(14/4) + 4 + 12 = 21.01105.
  it('gives +∞ when N − K − 2 ≤ 0, and naive wins when every candidate is +∞', () => {
    const fits = Object.fromEntries(candidates([2, 4, 3, 7], 'month').map((f) => [f.method, aicc(f)]));
    expect(fits).toEqual({
      naive: expect.closeTo(11.83773045, 6),
      mean: expect.closeTo(21.01105187, 6),
      drift: Infinity,
      linear: Infinity,
    });
    expect(chooseAuto([2, 4, 3, 7], 'month').method).toBe('naive');
    // T = 2: naive N − K − 2 = −1, mean −1, drift −2: all +∞.
    expect(chooseAuto([1, 100], 'month').method).toBe('naive');
    expect(chooseAuto([1, 100, 50], 'quarter').method).toBe('naive');
  });

  it('leaves out the methods without enough points: seasonal naive below 2m, Holt below 6, linear below 4', () => {
    const methods = (y: number[], period: 'month' | 'quarter') => candidates(y, period).map((f) => f.method);
    expect(methods([1, 2, 3], 'quarter')).toEqual(['naive', 'mean', 'drift']);
    expect(methods([1, 2, 3, 4, 5], 'quarter')).toEqual(['naive', 'mean', 'drift', 'linear']);
    expect(methods([1, 2, 3, 4, 5, 6, 7], 'quarter')).toEqual(['naive', 'mean', 'drift', 'linear', 'holt']);
    expect(methods([1, 2, 3, 4, 5, 6, 7, 8], 'quarter')).toContain('seasonal_naive');
    expect(methods(Array<number>(23).fill(1), 'month')).not.toContain('seasonal_naive');
    expect(methods(Array<number>(24).fill(1), 'month')).toContain('seasonal_naive');
  });
});
