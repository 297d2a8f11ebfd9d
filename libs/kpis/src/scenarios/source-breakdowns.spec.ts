import { CO, Ledger, entry, v } from './ledger';

/**
 * Deals of every source in January–February 2026 (registered by contoso):
 *   S1 partner_sourced    registered 01-01, won 01-11 (10 days) for 1000.00
 *   S2 partner_sourced    registered 01-01, lost 01-20
 *   S3 partner_influenced registered 01-02, won 01-22 (20 days) for 3000.00
 *   S4 partner_influenced registered 01-03, won 02-12 (40 days) for 2000.00
 *   S5 direct             registered 01-04, won 01-09 (5 days) for 500.00
 *   S6 direct             registered 01-05, lost 01-10
 *   S7 direct             registered 01-05, lost 01-11
 *   S8 partner_sourced    registered 01-06, open
 */
function sourcesLedger(): Ledger {
  const l = new Ledger({ startedAt: '2026-01-01T00:00:00Z' });
  const deal = (dealId: string, source: string, registered: string) =>
    l.add(
      'deal.registered',
      `2026-${registered}T00:00:00Z`,
      { dealId, customerId: `c-${dealId}`, amount: '100.00', source },
      CO,
    );
  const won = (dealId: string, at: string, amount: string) =>
    l.add('deal.won', `2026-${at}T00:00:00Z`, { dealId, amount }, CO);
  const lost = (dealId: string, at: string) => l.add('deal.lost', `2026-${at}T00:00:00Z`, { dealId }, CO);
  deal('S1', 'partner_sourced', '01-01');
  deal('S2', 'partner_sourced', '01-01');
  deal('S3', 'partner_influenced', '01-02');
  deal('S4', 'partner_influenced', '01-03');
  deal('S5', 'direct', '01-04');
  deal('S6', 'direct', '01-05');
  deal('S7', 'direct', '01-05');
  deal('S8', 'partner_sourced', '01-06');
  won('S1', '01-11', '1000.00');
  lost('S2', '01-20');
  won('S3', '01-22', '3000.00');
  won('S4', '02-12', '2000.00');
  won('S5', '01-09', '500.00');
  lost('S6', '01-10');
  lost('S7', '01-11');
  return l;
}

describe('Given deals of every source, won, lost and open, by the end of February 2026', () => {
  describe('When the KPIs are read on 2026-03-31', () => {
    const s = sourcesLedger().kpis('2026-03-31T00:00:00Z');

    it(
      'Then win_rate breaks down into partner 3/4 = 75, sourced 1/2 = 50, influenced 2/2 = 100 and ' +
        'direct 1/3 = 33.33, beside the overall 4/7 = 57.14',
      () => {
        expect(v(s, 'win_rate')).toBe(57.14);
        expect(entry(s, 'win_rate').breakdown).toStrictEqual({
          partner: 75,
          sourced: 50,
          influenced: 100,
          direct: 33.33,
        });
      },
    );

    it(
      'Then avg_deal_size breaks down into partner 6000 / 3, sourced S1, influenced (3000 + 2000) / 2 ' +
        'and direct S5, beside the overall 6500 / 4',
      () => {
        expect(v(s, 'avg_deal_size')).toBe('1625.00');
        expect(entry(s, 'avg_deal_size').breakdown).toStrictEqual({
          partner: '2000.00',
          sourced: '1000.00',
          influenced: '2500.00',
          direct: '500.00',
        });
      },
    );

    it(
      'Then sales_cycle_days breaks down into partner (10 + 20 + 40) / 3 = 23.33, sourced 10, ' +
        'influenced 30 and direct 5, beside the overall 75 / 4 = 18.75',
      () => {
        expect(v(s, 'sales_cycle_days')).toBe(18.75);
        expect(entry(s, 'sales_cycle_days').breakdown).toStrictEqual({
          partner: 23.33,
          sourced: 10,
          influenced: 30,
          direct: 5,
        });
      },
    );

    it('Then every such breakdown lists its keys in the order partner, sourced, influenced, direct', () => {
      for (const kpiId of ['win_rate', 'avg_deal_size', 'sales_cycle_days'])
        expect(Object.keys(entry(s, kpiId).breakdown!)).toStrictEqual([
          'partner',
          'sourced',
          'influenced',
          'direct',
        ]);
    });
  });

  describe('When the KPIs are read on 2026-01-31, before S4 was won', () => {
    const s = sourcesLedger().kpis('2026-01-31T00:00:00Z');

    it('Then influenced has only S3 (20 days, 3000.00) and a source without a decided deal is null', () => {
      expect(entry(s, 'sales_cycle_days').breakdown).toMatchObject({ influenced: 20 });
      expect(entry(s, 'avg_deal_size').breakdown).toMatchObject({ influenced: '3000.00' });
      // S4 is still open: influenced has 1 won of 1 decided
      expect(entry(s, 'win_rate').breakdown).toMatchObject({ influenced: 100 });
      const none = new Ledger({ startedAt: '2026-01-01T00:00:00Z' }).kpis('2026-01-31T00:00:00Z');
      expect(entry(none, 'win_rate').breakdown).toStrictEqual({
        partner: null,
        sourced: null,
        influenced: null,
        direct: null,
      });
    });
  });
});
