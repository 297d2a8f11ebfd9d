import { periodOf } from '../periods';
import { CO, Ledger, NW, entry, inPeriod, v } from './ledger';

/**
 * Leads in Q1 2026 (days from the first lead.generated to the first lead.converted after it):
 *   L1 partner generated 01-01 (contoso), re-posted 01-05 (northwind), converted 01-21      → 20 days
 *   L2 direct  generated 01-10, converted 01-15 and again 02-15 (a repeat, counted once)   →  5 days
 *   L3 partner generated 02-01 00:00, converted 02-11 12:00                               → 10.5 days
 *   L4 partner generated 02-01, never converted                                           → not counted
 *   L5 converted, never generated                                                         → not counted
 *   L6 direct  converted 01-02 before it was generated 01-03 (an older ledger may hold it), converted
 *              again 01-13: the first conversion after its generation counts              → 10 days
 */
function leadLedger(): Ledger {
  const l = new Ledger({ startedAt: '2026-01-01T00:00:00Z' });
  const at = (day: string) => `2026-${day}${day.includes('T') ? '' : 'T00:00:00'}Z`;
  const generated = (leadId: string, day: string, channel: string, by = CO) =>
    l.add('lead.generated', at(day), { leadId, channel, qualified: true }, by);
  const converted = (leadId: string, day: string) => l.add('lead.converted', at(day), { leadId }, NW);
  generated('L1', '01-01', 'partner');
  generated('L1', '01-05', 'partner', NW);
  converted('L1', '01-21');
  generated('L2', '01-10', 'direct');
  converted('L2', '01-15');
  converted('L2', '02-15');
  generated('L3', '02-01', 'partner');
  converted('L3', '02-11T12:00:00');
  generated('L4', '02-01', 'partner');
  converted('L5', '02-02');
  converted('L6', '01-02');
  generated('L6', '01-03', 'direct');
  converted('L6', '01-13');
  return l;
}

describe('Given leads generated and converted in Q1 2026', () => {
  const ledger = leadLedger();

  describe('When lead_to_deal_days is read at the end of March', () => {
    const s = ledger.kpis('2026-03-31T00:00:00Z');

    it('Then it is the mean over L1, L2, L3, L6: (20 + 5 + 10.5 + 10) / 4 = 11.375 → 11.38', () => {
      expect(v(s, 'lead_to_deal_days')).toBe(11.38);
    });

    it('Then it breaks down by each lead’s channel: partner (20 + 10.5) / 2, direct (5 + 10) / 2', () => {
      expect(entry(s, 'lead_to_deal_days').breakdown).toStrictEqual({ partner: 15.25, direct: 7.5 });
    });
  });

  describe('When it is read at the end of January', () => {
    it('Then L3 is not converted yet: (20 + 5 + 10) / 3 = 11.666… → 11.67', () => {
      const s = ledger.kpis('2026-01-31T00:00:00Z');
      expect(v(s, 'lead_to_deal_days')).toBe(11.67);
      expect(entry(s, 'lead_to_deal_days').breakdown).toStrictEqual({ partner: 20, direct: 7.5 });
    });
  });

  describe('When a series takes February alone (window=period)', () => {
    it('Then only L3, converted in February, counts (10.5); L2’s repeat conversion does not', () => {
      const february = inPeriod(
        ledger,
        'lead_to_deal_days',
        periodOf('month', Date.UTC(2026, 1, 1)),
        'period',
      );
      expect(february.value).toBe(10.5);
      expect(february.breakdown).toStrictEqual({ partner: 10.5, direct: null });
    });
  });

  describe('When nothing was converted yet', () => {
    it('Then it is null, with a null per channel', () => {
      const s = ledger.kpis('2026-01-01T12:00:00Z');
      expect(v(s, 'lead_to_deal_days')).toBeNull();
      expect(entry(s, 'lead_to_deal_days').breakdown).toStrictEqual({ partner: null, direct: null });
    });
  });
});
