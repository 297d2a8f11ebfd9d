import { KpiSnapshot } from '@ledger/kpis';
import { SnapshotKey, SnapshotReuse } from './snapshot-reuse';

const T = Date.parse('2026-06-01T12:00:00.000Z');
const key: SnapshotKey = { partnershipId: 'p1', position: 40, currency: 'EUR', category: undefined };
const snapshotAt = (ms: number, hash = `h${ms}`): KpiSnapshot => ({
  partnershipId: 'p1',
  currency: 'EUR',
  asOf: new Date(ms).toISOString(),
  position: 40,
  categories: {},
  snapshotHash: hash,
});

describe('SnapshotReuse', () => {
  it('answers "now" with a snapshot at most the window old, and not once the window has passed', () => {
    const reuse = new SnapshotReuse(1000);
    reuse.keep(key, snapshotAt(T));
    expect(reuse.find(key, T + 999, true)?.asOf).toBe('2026-06-01T12:00:00.000Z');
    expect(reuse.find(key, T + 1000, true)?.asOf).toBe('2026-06-01T12:00:00.000Z');
    expect(reuse.find(key, T + 1001, true)).toBeUndefined();
    // A clock that went back must not be answered with a snapshot from its future.
    expect(reuse.find(key, T - 1, true)).toBeUndefined();
  });

  it('answers an explicit asOf only with the snapshot of that very asOf', () => {
    const reuse = new SnapshotReuse(1000);
    reuse.keep(key, snapshotAt(T));
    expect(reuse.find(key, T, false)?.snapshotHash).toBe(`h${T}`);
    expect(reuse.find(key, T + 1, false)).toBeUndefined();
  });

  it('never answers for other facts: another position, currency, category or partnership', () => {
    const reuse = new SnapshotReuse(1000);
    reuse.keep(key, snapshotAt(T));
    expect(reuse.find({ ...key, position: 41 }, T, true)).toBeUndefined();
    expect(reuse.find({ ...key, currency: 'USD' }, T, true)).toBeUndefined();
    expect(reuse.find({ ...key, category: 'financial' }, T, true)).toBeUndefined();
    expect(reuse.find({ ...key, partnershipId: 'p2' }, T, true)).toBeUndefined();
  });

  it('with a window of 0 reuses only exact asOf', () => {
    const reuse = new SnapshotReuse(0);
    reuse.keep(key, snapshotAt(T));
    expect(reuse.find(key, T + 1, true)).toBeUndefined();
    expect(reuse.find(key, T, false)?.snapshotHash).toBe(`h${T}`);
  });

  it('holds at most its capacity, dropping the least recently used', () => {
    const reuse = new SnapshotReuse(1000, 2);
    const k = (p: string): SnapshotKey => ({ ...key, partnershipId: p });
    reuse.keep(k('a'), snapshotAt(T, 'a'));
    reuse.keep(k('b'), snapshotAt(T, 'b'));
    expect(reuse.find(k('a'), T, false)?.snapshotHash).toBe('a'); // a is now the most recent
    reuse.keep(k('c'), snapshotAt(T, 'c'));
    expect(reuse.find(k('b'), T, false)).toBeUndefined();
    expect(reuse.find(k('a'), T, false)?.snapshotHash).toBe('a');
    expect(reuse.find(k('c'), T, false)?.snapshotHash).toBe('c');
  });
});
