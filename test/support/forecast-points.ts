/** The normal quantiles API.md fixes for the 80 % and 95 % intervals. */
export const [Z80, Z95] = [1.2816, 1.96];

/** A figure in cents, half-up, as a decimal string (the figures the tests use never sit on a tie). */
export const cents = (x: number) => (Math.round(x * 100) / 100).toFixed(2);

/**
 * A money point and its intervals as API.md renders them, worked from the point and σ̂·(the method's
 * factor) by hand: the rounded point ± the rounded half-widths.
 */
export function point(periodStart: string, value: number, sd: number) {
  const [v, w80, w95] = [value, Z80 * sd, Z95 * sd].map((x) => Math.round(x * 100));
  const show = (c: number) => (c / 100).toFixed(2);
  return {
    periodStart,
    value: show(v),
    lower80: show(v - w80),
    upper80: show(v + w80),
    lower95: show(v - w95),
    upper95: show(v + w95),
  };
}
