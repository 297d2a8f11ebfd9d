import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import { replayKpis } from '../replay';
import { KpiSnapshot } from '../snapshot';
import { CO, Ledger, NW } from './ledger';

/**
 * snapshotHash = SHA-256 (hex) of the RFC 8785 canonical JSON of {partnershipId, asOf, position, categories}.
 * The partnership's events sit at ledger positions 10, 17, 24, 31, 38 (other partnerships' events in
 * between).
 */
function hashLedger(amount = '100.00'): Ledger {
  const l = new Ledger({ startedAt: '2026-01-01T00:00:00Z', firstPosition: 10, step: 7 }); // 10
  l.add(
    'deal.registered',
    '2026-01-05T00:00:00Z',
    { dealId: 'H', customerId: 'c-h', amount: '2500.00', source: 'partner_sourced' },
    CO,
  ); // 17
  l.add('cost.incurred', '2026-01-06T00:00:00Z', { amount, category: 'mdf' }); // 24
  l.add('deal.won', '2026-02-01T00:00:00Z', { dealId: 'H', amount: '2600.00' }, NW); // 31
  l.add(
    'survey.answered',
    '2026-02-02T00:00:00Z',
    { surveyId: 's1', respondent: 'partner', metric: 'mutual_value', score: 4 },
    CO,
  ); // 38
  return l;
}

/** The hash recomputed independently of the library (the `canonicalize` RFC 8785 package and node:crypto). */
function recomputed(s: KpiSnapshot): string {
  const body = {
    partnershipId: s.partnershipId,
    asOf: s.asOf,
    position: s.position,
    categories: s.categories,
  };
  return createHash('sha256').update(canonicalize(body)!, 'utf8').digest('hex');
}

const AS_OF = '2026-03-01T00:00:00Z';

describe('snapshot-hash: the hash of {partnershipId, asOf, position, categories}', () => {
  const ledger = hashLedger();
  const s = ledger.kpis(AS_OF);

  it(
    'is the SHA-256 hex of the RFC 8785 canonical ' +
      'JSON of the snapshot body, asOf normalized to UTC milliseconds',
    () => {
      expect(s.asOf).toBe('2026-03-01T00:00:00.000Z');
      expect(s.snapshotHash).toMatch(/^[0-9a-f]{64}$/);
      expect(s.snapshotHash).toBe(recomputed(s));
    },
  );

  it(
    'the same events give the same hash (a separately ' +
      'built copy of the ledger, a deep copy of the events)',
    () => {
      expect(hashLedger().kpis(AS_OF).snapshotHash).toBe(s.snapshotHash);
      const copy = JSON.parse(JSON.stringify(ledger.events));
      expect(
        replayKpis(copy, { partnershipId: 'nw-contoso', currency: 'EUR', asOf: AS_OF }).snapshotHash,
      ).toBe(s.snapshotHash);
    },
  );

  it('the same instant written with another offset gives the same asOf and the same hash', () => {
    const other = ledger.kpis('2026-03-01T01:00:00+01:00');
    expect(other.asOf).toBe('2026-03-01T00:00:00.000Z');
    expect(other.snapshotHash).toBe(s.snapshotHash);
  });

  it('changing asOf by one millisecond changes the hash even where no figure changes', () => {
    const later = ledger.kpis('2026-03-01T00:00:00.001Z');
    expect(later.categories.financial).toStrictEqual(s.categories.financial);
    expect(later.snapshotHash).not.toBe(s.snapshotHash);
  });

  it('changing any value changes the hash: a cost of 100.01 instead of 100.00', () => {
    const changed = hashLedger('100.01').kpis(AS_OF);
    expect(changed.position).toBe(s.position);
    expect(changed.snapshotHash).not.toBe(s.snapshotHash);
  });

  it('changing the partnershipId changes the hash', () => {
    const renamed = replayKpis(ledger.events, {
      partnershipId: 'nw-contoso-2',
      currency: 'EUR',
      asOf: AS_OF,
    });
    expect(renamed.categories).toStrictEqual(s.categories);
    expect(renamed.snapshotHash).not.toBe(s.snapshotHash);
  });

  describe('position is that of the last known event of the partnership', () => {
    it('at the head: 38', () => {
      expect(s.position).toBe(38);
    });

    it(
      "atPosition 30 (between the partnership's events 24 and 31): 24, and the hash is that of " +
        'position 24',
      () => {
        const at30 = ledger.kpis(AS_OF, { atPosition: 30 });
        expect(at30.position).toBe(24);
        expect(at30.snapshotHash).toBe(ledger.kpis(AS_OF, { atPosition: 24 }).snapshotHash);
        expect(at30.snapshotHash).toBe(recomputed(at30));
      },
    );

    it(
      'an event after asOf in business time is still known: ' +
        'position 38 even with asOf before it happened',
      () => {
        expect(ledger.kpis('2026-02-01T12:00:00Z').position).toBe(38);
      },
    );

    it('an event that changes no KPI still moves the position, and so the hash', () => {
      const l = hashLedger();
      // After the win (no attach) and recorded by admin (no member's reporting count moves).
      l.add('deal.touched', '2026-02-03T00:00:00Z', { dealId: 'H', orgId: CO, touch: 'demo' }, 'admin'); // 45
      const touched = l.kpis(AS_OF);
      expect(touched.position).toBe(45);
      expect(touched.categories).toStrictEqual(s.categories);
      expect(touched.snapshotHash).not.toBe(s.snapshotHash);
    });
  });

  it('a category filter hashes only the categories asked for', () => {
    const financial = ledger.kpis(AS_OF, { categories: ['financial'] });
    expect(Object.keys(financial.categories)).toStrictEqual(['financial']);
    expect(financial.categories.financial).toStrictEqual(s.categories.financial);
    expect(financial.snapshotHash).toBe(recomputed(financial));
    expect(financial.snapshotHash).not.toBe(s.snapshotHash);
  });
});
