import { CO, Ledger, NW, entry, v } from './ledger';

/**
 * The relationship itself in 2026 (started 2026-01-01T00:00Z).
 *   mutual_value answered by northwind 4, 5, 4 and by contoso 3, 2
 *   engagement.logged 04-06 23:00, 04-07 12:00, 04-20, 05-01, 05-15, 06-01, 06-29, 07-10, 07-25
 *   escalation.raised 03-31 12:00, 04-01 12:00, 05-10, 06-20, 06-25 (retracted), 06-28
 */
function relationshipLedger(): Ledger {
  const l = new Ledger({ startedAt: '2026-01-01T00:00:00Z' });
  const mv = (at: string, id: string, score: number, by: string) =>
    l.add('survey.answered', at, { surveyId: id, respondent: 'partner', metric: 'mutual_value', score }, by);
  mv('2026-02-01T00:00:00Z', 'mv1', 4, NW);
  mv('2026-02-01T00:00:00Z', 'mv2', 3, CO);
  mv('2026-03-01T00:00:00Z', 'mv3', 5, NW);
  mv('2026-03-01T00:00:00Z', 'mv4', 2, CO);
  mv('2026-04-01T00:00:00Z', 'mv5', 4, NW);
  for (const at of [
    '2026-04-06T23:00:00Z',
    '2026-04-07T12:00:00Z',
    '2026-04-20T00:00:00Z',
    '2026-05-01T00:00:00Z',
    '2026-05-15T00:00:00Z',
    '2026-06-01T00:00:00Z',
    '2026-06-29T00:00:00Z',
    '2026-07-10T00:00:00Z',
    '2026-07-25T00:00:00Z',
  ]) {
    l.add('engagement.logged', at, { activity: 'co_selling' }, CO);
  }
  const raise = (at: string, escalationId: string) =>
    l.add('escalation.raised', at, { escalationId, severity: 'low', summary: 'x' }, CO);
  raise('2026-03-31T12:00:00Z', 'X0');
  raise('2026-04-01T12:00:00Z', 'X1');
  raise('2026-05-10T00:00:00Z', 'X2');
  raise('2026-06-20T00:00:00Z', 'X3');
  const mistaken = raise('2026-06-25T00:00:00Z', 'X4');
  raise('2026-06-28T00:00:00Z', 'X5');
  l.retract(mistaken, '2026-06-26T00:00:00Z');
  return l;
}

describe('relationship: mutual value, longevity, engagement and escalation frequency in 2026', () => {
  const ledger = relationshipLedger();

  it(
    'mutual_value: (4 + 3 + 5 + 2 + 4) / 5 = 3.6; by answering org: ' +
      'northwind 13/3 = 4.333… → 4.33, contoso 5/2 = 2.5',
    () => {
      const s = ledger.kpis('2026-04-02T00:00:00Z');
      expect(v(s, 'mutual_value')).toBe(3.6);
      expect(entry(s, 'mutual_value').breakdown).toStrictEqual({ contoso: 2.5, northwind: 4.33 });
    },
  );

  it('mutual_value on 2026-02-15: (4 + 3) / 2 = 3.5; null and without breakdown before any answer', () => {
    expect(v(ledger.kpis('2026-02-15T00:00:00Z'), 'mutual_value')).toBe(3.5);
    const early = ledger.kpis('2026-01-15T00:00:00Z');
    expect(v(early, 'mutual_value')).toBeNull();
    expect(entry(early, 'mutual_value')).not.toHaveProperty('breakdown');
  });

  describe('longevity_days', () => {
    it('runs from startedAt to asOf: 2026-01-01 → 2026-04-11T12:00Z = 100.5 days', () => {
      expect(v(ledger.kpis('2026-04-11T12:00:00Z'), 'longevity_days')).toBe(100.5);
    });

    it('is 0 at the very start and null before it', () => {
      expect(v(ledger.kpis('2026-01-01T00:00:00Z'), 'longevity_days')).toBe(0);
      expect(v(ledger.kpis('2025-12-31T23:59:59.999Z'), 'longevity_days')).toBeNull();
    });

    it(
      'stops at partnership.ended once it happened by asOf: ' + '2026-01-01 → 2026-03-01T06:00Z = 59.25 days',
      () => {
        const l = new Ledger({ startedAt: '2026-01-01T00:00:00Z' });
        l.add('partnership.ended', '2026-03-01T06:00:00Z', { reason: 'merged into a strategic alliance' });
        expect(v(l.kpis('2026-04-11T12:00:00Z'), 'longevity_days')).toBe(59.25);
        expect(v(l.kpis('2026-02-01T00:00:00Z'), 'longevity_days')).toBe(31); // not ended yet at asOf
      },
    );
  });

  describe('engagement_rate: engagements in the 12 weeks up to asOf, / 12', () => {
    it(
      'on 2026-06-30T00:00Z (window from 2026-04-07T00:00Z): ' +
        '04-07 12:00, 04-20, 05-01, 05-15, 06-01, 06-29 → 6 / 12 = 0.5',
      () => {
        expect(v(ledger.kpis('2026-06-30T00:00:00Z'), 'engagement_rate')).toBe(0.5);
      },
    );

    it(
      'on 2026-07-20T00:00Z (window from 2026-04-27T00:00Z): ' +
        '05-01, 05-15, 06-01, 06-29, 07-10 → 5 / 12 = 0.4166… → 0.42',
      () => {
        expect(v(ledger.kpis('2026-07-20T00:00:00Z'), 'engagement_rate')).toBe(0.42);
      },
    );

    it('is 0 (not null) with no engagement in the window', () => {
      expect(v(ledger.kpis('2026-03-01T00:00:00Z'), 'engagement_rate')).toBe(0);
    });
  });

  describe('escalation_frequency: escalations raised in the 90 days up to asOf, / 3', () => {
    it(
      'on 2026-06-30T00:00Z (window from 2026-04-01T00:00Z): ' +
        'X1, X2, X3, X5 (X0 before, X4 retracted) → 4 / 3 = 1.33',
      () => {
        expect(v(ledger.kpis('2026-06-30T00:00:00Z'), 'escalation_frequency')).toBe(1.33);
      },
    );

    it(
      'on 2026-07-01T00:00Z (window from 2026-04-02T00:00Z): X2, X3, X5 → 3 / 3 = 1; on ' +
        '2026-04-01T00:00Z: X0 → 1 / 3 = 0.33',
      () => {
        expect(v(ledger.kpis('2026-07-01T00:00:00Z'), 'escalation_frequency')).toBe(1);
        expect(v(ledger.kpis('2026-04-01T00:00:00Z'), 'escalation_frequency')).toBe(0.33);
      },
    );

    it('is 0 before any escalation', () => {
      expect(v(ledger.kpis('2026-03-01T00:00:00Z'), 'escalation_frequency')).toBe(0);
    });

    it('the retracted X4 counts while the retraction is not yet known (atPosition before it)', () => {
      const before = ledger.head - 1;
      expect(v(ledger.kpis('2026-06-30T00:00:00Z', { atPosition: before }), 'escalation_frequency')).toBe(
        1.67,
      ); // 5 / 3
    });
  });
});
