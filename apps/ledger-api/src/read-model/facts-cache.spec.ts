import { KpiFacts, emptyFacts } from '@ledger/kpis';
import { FactsCache } from './facts-cache';

const factsOf = (events: number, position = events): KpiFacts => ({ ...emptyFacts(), events, position });

describe('FactsCache', () => {
  it(
    'given facts beyond its budget, when more are stored, ' + 'then it drops the least recently used first',
    () => {
      const cache = new FactsCache(1, 10_000);
      cache.set('a', factsOf(4_000));
      cache.set('b', factsOf(4_000));
      cache.get('a');
      cache.set('c', factsOf(4_000));
      expect([cache.get('a')?.events, cache.get('b'), cache.get('c')?.events]).toEqual([
        4_000,
        undefined,
        4_000,
      ]);
    },
  );

  it('given a partnership heavier than the whole budget, when it is stored, then it alone is kept', () => {
    const cache = new FactsCache(1, 1_000);
    cache.set('small', factsOf(10));
    cache.set('huge', factsOf(50_000));
    expect([cache.get('small'), cache.get('huge')?.events]).toEqual([undefined, 50_000]);
  });

  it(
    'given newer facts of a partnership, when they replace the old, ' +
      'then only the new ones count against the budget',
    () => {
      const cache = new FactsCache(1, 10_000);
      cache.set('a', factsOf(3_000));
      cache.set('a', factsOf(6_000));
      cache.set('b', factsOf(4_000));
      expect([cache.get('a')?.events, cache.get('b')?.events]).toEqual([6_000, 4_000]);
    },
  );

  it('never replaces facts with older ones', () => {
    const cache = new FactsCache(1, 10_000);
    cache.set('a', factsOf(5, 50));
    cache.set('a', factsOf(4, 40));
    expect(cache.get('a')?.position).toBe(50);
  });
});
