import { CO, Ledger, NW, entry, v } from './ledger';

/**
 * Markets, market share and brand awareness in 2026.
 *   market.entered: DACH/geography, DACH/geography again, DACH/segment, healthcare/vertical,
 *   nordics/geography
 *   market_share.reported:
 *     DACH    2.5 (01-31), 3.75 (02-28), then posted later but happened earlier: 2.0 (01-15); 4.1 (03-31)
 *     nordics 10 (02-15), 8.5 (03-15), 9.25 (03-15, later in ledger order)
 *     benelux 5 (03-20)
 *   brand_awareness (any respondent): Q1 40, 50, 45.5; Q2 60; Q3 none; Q4 70, 71
 */
function expansionLedger(): Ledger {
  const l = new Ledger({ startedAt: '2026-01-01T00:00:00Z' });
  const enter = (at: string, market: string, dimension: string) =>
    l.add('market.entered', at, { market, dimension }, CO);
  enter('2026-01-10T00:00:00Z', 'DACH', 'geography');
  enter('2026-02-10T00:00:00Z', 'DACH', 'geography');
  enter('2026-02-11T00:00:00Z', 'DACH', 'segment');
  enter('2026-03-01T00:00:00Z', 'healthcare', 'vertical');
  enter('2026-03-05T00:00:00Z', 'nordics', 'geography');

  const share = (at: string, market: string, sharePct: number) =>
    l.add('market_share.reported', at, { market, sharePct }, NW);
  share('2026-01-31T00:00:00Z', 'DACH', 2.5);
  share('2026-02-28T00:00:00Z', 'DACH', 3.75);
  share('2026-01-15T00:00:00Z', 'DACH', 2.0);
  share('2026-02-15T00:00:00Z', 'nordics', 10);
  share('2026-03-15T00:00:00Z', 'nordics', 8.5);
  share('2026-03-15T00:00:00Z', 'nordics', 9.25);
  share('2026-03-20T00:00:00Z', 'benelux', 5);
  share('2026-03-31T00:00:00Z', 'DACH', 4.1);

  const aware = (at: string, id: string, respondent: string, score: number) =>
    l.add(
      'survey.answered',
      at,
      { surveyId: id, respondent, metric: 'brand_awareness', score },
      respondent === 'partner' ? CO : NW,
    );
  aware('2026-02-01T00:00:00Z', 'ba1', 'customer', 40);
  aware('2026-03-01T00:00:00Z', 'ba2', 'partner', 50);
  aware('2026-03-31T23:00:00Z', 'ba3', 'customer', 45.5);
  aware('2026-05-01T00:00:00Z', 'ba4', 'customer', 60);
  aware('2026-10-01T00:00:00Z', 'ba5', 'customer', 70);
  aware('2026-12-31T00:00:00Z', 'ba6', 'partner', 71);
  return l;
}

describe('expansion: markets, market share and brand awareness in 2026', () => {
  const ledger = expansionLedger();

  describe('at the end of Q1', () => {
    const s = ledger.kpis('2026-03-31T23:59:59.999Z');

    it(
      'markets_entered counts distinct (market, dimension) pairs: DACH twice as geography counts ' +
        'once, DACH as segment again → 4',
      () => {
        expect(v(s, 'markets_entered')).toBe(4);
        expect(entry(s, 'markets_entered').breakdown).toStrictEqual({
          geography: 2,
          vertical: 1,
          segment: 1,
          channel: 0,
        });
      },
    );

    it(
      'market_share_change per market by business time (then ledger order): ' +
        'DACH 4.1 − 2.0, nordics 9.25 − 10, benelux 0',
      () => {
        expect(entry(s, 'market_share_change').breakdown).toStrictEqual({
          DACH: 2.1,
          benelux: 0,
          nordics: -0.75,
        });
      },
    );

    it('market_share_change value: the mean (2.1 − 0.75 + 0) / 3 = 0.45', () => {
      expect(v(s, 'market_share_change')).toBe(0.45);
    });

    it('brand_awareness_change with answers in one quarter only: latest = first → 0', () => {
      expect(v(s, 'brand_awareness_change')).toBe(0);
    });
  });

  it(
    'on 2026-02-20: markets DACH/geography + DACH/segment; ' +
      'DACH share 2.5 − 2.0 = 0.5 (the 01-15 report is the first)',
    () => {
      const s = ledger.kpis('2026-02-20T00:00:00Z');
      expect(v(s, 'markets_entered')).toBe(2);
      expect(entry(s, 'markets_entered').breakdown).toStrictEqual({
        geography: 1,
        vertical: 0,
        segment: 1,
        channel: 0,
      });
      expect(entry(s, 'market_share_change').breakdown).toStrictEqual({ DACH: 0.5, nordics: 0 });
      expect(v(s, 'market_share_change')).toBe(0.25); // (0.5 + 0) / 2
    },
  );

  it('market_share_change is null with no breakdown before any report', () => {
    const s = ledger.kpis('2026-01-14T00:00:00Z');
    expect(v(s, 'market_share_change')).toBeNull();
    expect(entry(s, 'market_share_change')).not.toHaveProperty('breakdown');
  });

  it(
    'brand_awareness_change at the end of Q2: ' +
      '60 − (40 + 50 + 45.5) / 3 = 60 − 45.1666… = 14.8333… → 14.83',
    () => {
      expect(v(ledger.kpis('2026-06-30T23:59:59.999Z'), 'brand_awareness_change')).toBe(14.83);
    },
  );

  it(
    'brand_awareness_change at the end of 2026 skips the empty Q3: ' +
      'Q4 (70 + 71) / 2 − 45.1666… = 25.3333… → 25.33',
    () => {
      expect(v(ledger.kpis('2026-12-31T23:59:59.999Z'), 'brand_awareness_change')).toBe(25.33);
    },
  );

  it('brand_awareness_change is null before any answer', () => {
    expect(v(ledger.kpis('2026-01-31T00:00:00Z'), 'brand_awareness_change')).toBeNull();
  });
});
