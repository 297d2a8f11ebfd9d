import { forecastKpi } from './forecast';
import { GRID, etsVarianceFactor, holt, holtGridSearch, holtRun } from './holt';
import { residualSd } from './select';
import { monthly, request } from './testing/histories';

/**
 * Holt's linear method (FPP3 §8.2) from ℓ₁ = y₁, b₁ = y₂ − y₁, the one-step SSE from t = 3, and the
 * ETS(A,A,N) variance (§8.7, Table 8.8), worked by hand.
 */
describe('Given [10, 12, 15, 14, 18, 21] with α = 0.5 and β* = 0.25', () => {
  const y = [10, 12, 15, 14, 18, 21];
  // ℓ₁ = 10, b₁ = 2. Each step: ŷ = ℓ + b; e = y − ŷ; ℓ' = 0.5 y + 0.5 ŷ; b' = 0.25 (ℓ' − ℓ) + 0.75 b.
  // t = 2: ŷ = 12,            e = 0 (not counted), ℓ = 12,            b = 0.5 + 1.5 = 2
  // t = 3: ŷ = 14,            e = 1,               ℓ = 14.5,          b = 0.625 + 1.5 = 2.125
  // t = 4: ŷ = 16.625,        e = −2.625,          ℓ = 15.3125,       b = 0.203125 + 1.59375 = 1.796875
  // t = 5: ŷ = 17.109375,     e = 0.890625,        ℓ = 17.5546875,    b = 0.560546875 + 1.34765625 = 1.908203125
  // t = 6: ŷ = 19.462890625,  e = 1.537109375,     ℓ = 20.2314453125, b = 0.669189453125 + 1.43115234375
  //                                                                     = 2.100341796875
  // SSE = 1 + 6.890625 + 0.793212890625 + 2.362705230712890625 = 11.046543121337890625;
  // N = 4, K = 2 → σ̂² = 5.5232715606689453125.
  // ŷ(T+h) = 20.2314453125 + 2.100341796875 h: 22.331787109375, 24.43212890625, 26.532470703125.
  const params = { alpha: 0.5, betaStar: 0.25 };

  it('matches the hand computation to 1e-9', () => {
    const run = holtRun(y, params);
    expect(run.level).toBeCloseTo(20.2314453125, 9);
    expect(run.trend).toBeCloseTo(2.100341796875, 9);
    expect(run.sse).toBeCloseTo(11.046543121337890625, 9);
    const fit = holt(y, params);
    expect([fit.n, fit.k]).toEqual([4, 2]);
    expect(residualSd(fit) ** 2).toBeCloseTo(5.5232715606689453125, 9);
    expect(fit.point(1)).toBeCloseTo(22.331787109375, 9);
    expect(fit.point(2)).toBeCloseTo(24.43212890625, 9);
    expect(fit.point(3)).toBeCloseTo(26.532470703125, 9);
  });

  // β = αβ* = 0.125. σ_h²/σ̂² = 1 + (h − 1)(α² + αβh + β²h(2h − 1)/6):
  // h = 1: 1; h = 2: 1 + (0.25 + 0.125 + 0.015625 × 2 × 3/6) = 1.390625;
  // h = 3: 1 + 2 (0.25 + 0.1875 + 0.015625 × 3 × 5/6) = 1 + 2 × 0.4765625 = 1.953125.
  it('widens by the ETS(A,A,N) variance with β = αβ*', () => {
    expect(etsVarianceFactor(params, 1)).toBe(1);
    expect(etsVarianceFactor(params, 2)).toBeCloseTo(1.390625, 12);
    expect(etsVarianceFactor(params, 3)).toBeCloseTo(1.953125, 12);
    expect(holt(y, params).scale(3)).toBeCloseTo(Math.sqrt(1.953125), 12);
  });
});

describe('Given [10, 12, 15, 14, 18, 21] with α = 0.3 and β* = 0.1', () => {
  // ℓ' = 0.3 y + 0.7 ŷ; b' = 0.1 (ℓ' − ℓ) + 0.9 b. From ℓ₂ = 12, b₂ = 2 (as above, e₂ = 0):
  // t = 3: ŷ = 14,         e = 1,        ℓ = 4.5 + 9.8 = 14.3,                b = 0.23 + 1.8 = 2.03
  // t = 4: ŷ = 16.33,      e = −2.33,    ℓ = 4.2 + 11.431 = 15.631,           b = 0.1331 + 1.827 = 1.9601
  // t = 5: ŷ = 17.5911,    e = 0.4089,   ℓ = 5.4 + 12.31377 = 17.71377,       b = 0.208277 + 1.76409 = 1.972367
  // t = 6: ŷ = 19.686137,  e = 1.313863, ℓ = 6.3 + 13.7802959 = 20.0802959,   b = 0.23665259 + 1.7751303
  //                                                                              = 2.01178289
  // SSE = 1 + 5.4289 + 0.16719921 + 1.726235982769 = 8.322335192769.
  it('matches the hand computation to 1e-9', () => {
    const run = holtRun([10, 12, 15, 14, 18, 21], { alpha: 0.3, betaStar: 0.1 });
    expect(run.level).toBeCloseTo(20.0802959, 9);
    expect(run.trend).toBeCloseTo(2.01178289, 9);
    expect(run.sse).toBeCloseTo(8.322335192769, 9);
  });
});

describe('The grid {0.05, …, 0.95}', () => {
  it('holds the 19 values i/20, as the decimals they print as', () => {
    expect(GRID).toHaveLength(19);
    expect(GRID.map(String)).toEqual(Array.from({ length: 19 }, (_, i) => String((5 * (i + 1)) / 100)));
  });

  it('finds the least SSE, ties to the smaller α, then the smaller β*', () => {
    const y = [10, 13, 15, 19, 21, 24, 28, 30];
    const best = holtGridSearch(y);
    const bestSse = holtRun(y, best).sse;
    for (const alpha of GRID)
      for (const betaStar of GRID) {
        const sse = holtRun(y, { alpha, betaStar }).sse;
        expect(sse).toBeGreaterThanOrEqual(bestSse);
        if (sse === bestSse)
          expect(alpha > best.alpha || (alpha === best.alpha && betaStar >= best.betaStar)).toBe(true);
      }
    // An independent search of the same grid (Python, exact formulas) found α = 0.1, β* = 0.95, SSE 2.44675.
    expect(best).toEqual({ alpha: 0.1, betaStar: 0.95 });
    expect(bestSse).toBeCloseTo(2.4467515409849763, 9);
  });

  // A flat series at 0 has SSE 0 at every grid point: the tie goes to α = 0.05, β* = 0.05.
  it('breaks a tie across the whole grid towards α = β* = 0.05', () => {
    expect(holtGridSearch([0, 0, 0, 0, 0, 0])).toEqual({ alpha: 0.05, betaStar: 0.05 });
  });

  it('is what a Holt forecast answers with, as params {alpha, betaStar}', () => {
    const answer = forecastKpi(
      request({ method: 'holt', history: monthly([10, 13, 15, 19, 21, 24, 28, 30]) }),
    );
    expect(answer.method).toBe('holt');
    expect(answer.params).toEqual({ alpha: 0.1, betaStar: 0.95 });
  });
});
