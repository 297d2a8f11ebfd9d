import { CO, Ledger, NW, entry, v } from './ledger';

/**
 * Satisfaction answers in 2026 (survey.answered, metric csat):
 *   partner respondents: northwind 4 (02-01), northwind 5 (03-01), contoso 3 (03-02), contoso 1 (03-03,
 *   retracted on 03-04)
 *   ignored: a customer's csat 1, a partner's mutual_value 2
 */
function csatLedger(): Ledger {
  const l = new Ledger({ startedAt: '2026-01-01T00:00:00Z' });
  const answer = (at: string, respondent: string, metric: string, score: number, by: string) =>
    l.add('survey.answered', `2026-${at}T00:00:00Z`, { surveyId: `s-${at}`, respondent, metric, score }, by);
  answer('02-01', 'partner', 'csat', 4, NW);
  answer('03-01', 'partner', 'csat', 5, NW);
  answer('03-02', 'partner', 'csat', 3, CO);
  const mistaken = answer('03-03', 'partner', 'csat', 1, CO);
  l.retract(mistaken, '2026-03-04T00:00:00Z', CO);
  answer('03-05', 'customer', 'csat', 1, CO);
  answer('03-06', 'partner', 'mutual_value', 2, CO);
  return l;
}

describe('Given partner and customer answers on satisfaction in Q1 2026', () => {
  const ledger = csatLedger();

  describe('When partner_csat is read at the end of March', () => {
    const s = ledger.kpis('2026-03-31T00:00:00Z');

    it('Then it is the mean of the partners’ csat (4 + 5 + 3) / 3 = 4, the retracted 1 never counted', () => {
      expect(v(s, 'partner_csat')).toBe(4);
    });

    it('Then it breaks down by answering org: northwind (4 + 5) / 2 = 4.5, contoso 3', () => {
      expect(entry(s, 'partner_csat').breakdown).toStrictEqual({ contoso: 3, northwind: 4.5 });
    });
  });

  describe('When it is read on 2026-02-15, after the first answer only', () => {
    it('Then it is 4, from northwind alone', () => {
      const s = ledger.kpis('2026-02-15T00:00:00Z');
      expect(v(s, 'partner_csat')).toBe(4);
      expect(entry(s, 'partner_csat').breakdown).toStrictEqual({ northwind: 4 });
    });
  });

  describe('When it is read before any answer', () => {
    it('Then it is null, without a breakdown', () => {
      const s = ledger.kpis('2026-01-15T00:00:00Z');
      expect(v(s, 'partner_csat')).toBeNull();
      expect(entry(s, 'partner_csat')).not.toHaveProperty('breakdown');
    });
  });
});
