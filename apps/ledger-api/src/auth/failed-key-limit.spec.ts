import { FailedKeyLimit } from './failed-key-limit';

/** A clock the test moves by hand. */
function clock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('failed key lookups per address', () => {
  it('lets an address take its per-second budget at once, then says how long to wait', () => {
    const c = clock();
    const limit = new FailedKeyLimit(10, c.now);
    const waits = Array.from({ length: 12 }, () => limit.take('10.0.0.1'));
    expect(waits).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
  });

  it('refills at the rate: a tenth of a second gives one lookup back at 10/s', () => {
    const c = clock();
    const limit = new FailedKeyLimit(10, c.now);
    for (let i = 0; i < 10; i += 1) limit.take('a');
    c.advance(100);
    expect(limit.take('a')).toBe(0);
    expect(limit.take('a')).toBe(1);
    c.advance(1000);
    expect(Array.from({ length: 11 }, () => limit.take('a')).filter((w) => w === 0)).toHaveLength(10);
  });

  it('gives a token back for a lookup that found its key, so valid keys never use the budget', () => {
    const limit = new FailedKeyLimit(2, clock().now);
    for (let i = 0; i < 100; i += 1) {
      expect(limit.take('a')).toBe(0);
      limit.giveBack('a');
    }
  });

  it('keeps each address apart', () => {
    const limit = new FailedKeyLimit(1, clock().now);
    expect([limit.take('a'), limit.take('a'), limit.take('b')]).toEqual([0, 1, 0]);
  });

  it('is no limit at 0', () => {
    const limit = new FailedKeyLimit(0, clock().now);
    expect(Array.from({ length: 1000 }, () => limit.take('a')).every((w) => w === 0)).toBe(true);
  });

  it('keeps memory bounded under many addresses: full buckets are forgotten first', () => {
    const c = clock();
    const limit = new FailedKeyLimit(5, c.now);
    for (let i = 0; i < 25_000; i += 1) limit.take(`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`);
    const kept = (limit as unknown as { buckets: Map<string, unknown> }).buckets.size;
    expect(kept).toBeLessThanOrEqual(10_000);
    // The most recent addresses are still held to their budget.
    for (let i = 0; i < 4; i += 1) limit.take('10.0.97.167');
    expect(limit.take('10.0.97.167')).toBe(1);
  });
});
