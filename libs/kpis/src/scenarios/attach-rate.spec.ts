import { attachRate } from '../compute/attach';
import { pooledView } from '../compute/view';
import { round2 } from '../numbers';
import { CO, Ledger, NW, v, viewOf } from './ledger';

/**
 * Won deals of every source and who touched them (members northwind and contoso; window 180 days):
 *   A1 partner_sourced    registered by contoso, touched by northwind 01-20, won 02-01       → 2 orgs
 *   A2 direct             registered by northwind, touched by northwind 01-25, won 02-05     → 1 org
 *   A3 partner_influenced registered by contoso 01-02, touched by northwind 01-03, won 07-15:
 *                         the touch is 193 days before the win, outside the window           → 1 org
 *   A4 direct             registered by contoso, touched by northwind 02-10, won 02-20       → 2 orgs
 *   A5 partner_sourced    registered by northwind, won 03-01, touched by contoso 03-10 (after) → 1 org
 *   A6 partner_sourced    registered by contoso, touched by northwind, open (not won)
 *   A7 direct             registered by admin, touched by contoso, won 03-05: admin is no member → 1 org
 *   A8 partner_sourced    registered by contoso, touched by northwind (retracted), won 03-06   → 1 org
 *   A9 partner_sourced    registered by contoso 01-01 00:00, touched by northwind 01-01 12:00, won
 *                         06-30 12:00: exactly 180 days, the window's edge, counts             → 2 orgs
 */
function attachLedger(): Ledger {
  const l = new Ledger({ startedAt: '2026-01-01T00:00:00Z' });
  const at = (day: string) => (day.includes('T') ? `2026-${day}Z` : `2026-${day}T00:00:00Z`);
  const register = (dealId: string, source: string, day: string, by: string) =>
    l.add('deal.registered', at(day), { dealId, customerId: `c-${dealId}`, amount: '100.00', source }, by);
  const touch = (dealId: string, day: string, orgId: string) =>
    l.add('deal.touched', at(day), { dealId, orgId, touch: 'demo' }, orgId);
  const win = (dealId: string, day: string) => l.add('deal.won', at(day), { dealId, amount: '100.00' }, NW);
  register('A1', 'partner_sourced', '01-05', CO);
  touch('A1', '01-20', NW);
  win('A1', '02-01');
  register('A2', 'direct', '01-06', NW);
  touch('A2', '01-25', NW);
  win('A2', '02-05');
  register('A3', 'partner_influenced', '01-02', CO);
  touch('A3', '01-03', NW);
  win('A3', '07-15');
  register('A4', 'direct', '01-10', CO);
  touch('A4', '02-10', NW);
  win('A4', '02-20');
  register('A5', 'partner_sourced', '01-11', NW);
  win('A5', '03-01');
  touch('A5', '03-10', CO);
  register('A6', 'partner_sourced', '01-12', CO);
  touch('A6', '01-13', NW);
  register('A7', 'direct', '01-14', 'admin');
  touch('A7', '01-15', CO);
  win('A7', '03-05');
  register('A8', 'partner_sourced', '01-16', CO);
  l.retract(touch('A8', '01-17', NW), at('01-18'), NW);
  win('A8', '03-06');
  register('A9', 'partner_sourced', '01-01T00:00:00', CO);
  touch('A9', '01-01T12:00:00', NW);
  win('A9', '06-30T12:00:00');
  return l;
}

describe('Given won deals touched by one or two member orgs in 2026', () => {
  const ledger = attachLedger();

  describe('When partner_attach_rate is read on 2026-03-31', () => {
    it('Then 2 of the 6 won deals (A1, A4; not A2, A5, A7, A8) had two orgs: 2 / 6 × 100 = 33.33', () => {
      expect(v(ledger.kpis('2026-03-31T00:00:00Z'), 'partner_attach_rate')).toBe(33.33);
    });
  });

  describe('When it is read on 2026-07-31, after A3 and A9 were won', () => {
    it('Then A9 (touched exactly 180 days before) counts, A3 (193 days) does not: 3 / 8 × 100 = 37.5', () => {
      expect(v(ledger.kpis('2026-07-31T00:00:00Z'), 'partner_attach_rate')).toBe(37.5);
    });

    it('Then a charter’s window of 200 days also takes A3’s touch: 4 / 8 × 100 = 50', () => {
      const view = viewOf(ledger, '2026-07-31T00:00:00Z');
      expect(round2(attachRate(view, 200))).toBe(50);
      expect(round2(attachRate(view))).toBe(37.5);
    });
  });

  describe('When no deal is won yet', () => {
    it('Then it is null', () => {
      expect(v(ledger.kpis('2026-01-31T00:00:00Z'), 'partner_attach_rate')).toBeNull();
    });
  });

  describe('When two partnerships both have a deal A1 and only one of them was touched by two orgs', () => {
    it('Then the pooled program joins each deal with its own touches: 1 / 2 × 100 = 50', () => {
      const other = new Ledger({ partnershipId: 'other', startedAt: '2026-01-01T00:00:00Z' });
      other.add(
        'deal.registered',
        '2026-01-05T00:00:00Z',
        { dealId: 'A1', customerId: 'c', amount: '5.00', source: 'direct' },
        CO,
      );
      other.add('deal.won', '2026-01-09T00:00:00Z', { dealId: 'A1', amount: '5.00' }, CO);
      const first = new Ledger({ startedAt: '2026-01-01T00:00:00Z' });
      first.add(
        'deal.registered',
        '2026-01-05T00:00:00Z',
        { dealId: 'A1', customerId: 'c', amount: '5.00', source: 'direct' },
        CO,
      );
      first.add('deal.touched', '2026-01-06T00:00:00Z', { dealId: 'A1', orgId: NW, touch: 'intro' }, NW);
      first.add('deal.won', '2026-01-09T00:00:00Z', { dealId: 'A1', amount: '5.00' }, CO);
      const asOf = '2026-01-31T00:00:00Z';
      expect(round2(attachRate(pooledView([viewOf(first, asOf), viewOf(other, asOf)])))).toBe(50);
    });
  });
});
