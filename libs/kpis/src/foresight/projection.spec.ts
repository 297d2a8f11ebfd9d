import { Stamped } from '@ledger/domain';
import { foldFacts } from '../facts/fold';
import { CO, Ledger, NW } from '../scenarios/ledger';
import { PREDEFINED_SCENARIOS, scenarioOf } from './scenarios';
import { projectScenario } from './projection';

/**
 * The driver model worked by hand. A partnership started 2025-01-01; contoso registers partner deals
 * (sourced or influenced), northwind one direct deal that must not count:
 *   2025-Q1  P1 (sourced) 01-10, P2 (influenced) 02-05, D1 (direct) 02-10; P1 won 03-01 for 1200.00,
 *            P2 lost 03-15, D1 won 03-20 for 5000.00
 *            → new deals 2, win rate 1/2, deal size 1200.00
 *   2025-Q2  P3 04-02, P4 04-03, P5 05-01; P3 won 05-10 for 3000.00, P4 won 06-01 for 1000.00
 *            → new deals 3, win rate 2/2, deal size (3000 + 1000)/2 = 2000.00
 *   2025-Q3  P5 lost 08-01 → new deals 0, win rate 0/1, deal size null (nothing won)
 *   2025-Q4  P6 10-01, P7 10-02, P8 11-01, P9 11-02 (its registration retracted 11-20); P6 won 12-01 for
 *            2500.00 → new deals 3, win rate 1/1, deal size 2500.00
 *   2026-01-10  P7 won for 9999.00: in the quarter not yet complete on 2026-01-15, so it counts nowhere.
 * Baseline at 2026-01-15 (the last 4 complete quarters): new deals (2 + 3 + 0 + 3)/4 = 2, win rate
 * (0.5 + 1 + 0 + 1)/4 = 0.625, deal size (1200 + 2000 + 2500)/3 = 1900.00 (Q3's null left out);
 * revenue 2 × 0.625 × 1900 = 2375.00 per quarter.
 */
function partnership(): Ledger {
  const l = new Ledger({ startedAt: '2025-01-01T00:00:00Z' });
  const at = (day: string) => `${day}T09:00:00Z`;
  const register = (dealId: string, day: string, source = 'partner_sourced', by = CO) =>
    l.add('deal.registered', at(day), { dealId, customerId: `c-${dealId}`, amount: '100.00', source }, by);
  const won = (dealId: string, day: string, amount: string) =>
    l.add('deal.won', at(day), { dealId, amount }, CO);
  const lost = (dealId: string, day: string) => l.add('deal.lost', at(day), { dealId }, CO);
  register('P1', '2025-01-10');
  register('P2', '2025-02-05', 'partner_influenced');
  register('D1', '2025-02-10', 'direct', NW);
  won('P1', '2025-03-01', '1200.00');
  lost('P2', '2025-03-15');
  won('D1', '2025-03-20', '5000.00');
  register('P3', '2025-04-02');
  register('P4', '2025-04-03');
  register('P5', '2025-05-01');
  won('P3', '2025-05-10', '3000.00');
  won('P4', '2025-06-01', '1000.00');
  lost('P5', '2025-08-01');
  register('P6', '2025-10-01');
  register('P7', '2025-10-02');
  register('P8', '2025-11-01');
  const p9 = register('P9', '2025-11-02');
  l.retract(p9, at('2025-11-20'), CO);
  won('P6', '2025-12-01', '2500.00');
  won('P7', '2026-01-10', '9999.00');
  return l;
}

const facts = foldFacts(partnership().events);
const AS_OF = Date.parse('2026-01-15T00:00:00Z');
const project = (name: string, assumptions = PREDEFINED_SCENARIOS[name], asOf = AS_OF, period = 'quarter') =>
  projectScenario(facts, { name, period, horizon: 2, asOf, assumptions });
const NEXT_TWO = ['2026-01-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z'];
const each = (revenue: string | null) => NEXT_TWO.map((periodStart) => ({ periodStart, revenue }));

describe('Given four complete quarters of partner deals, read on 2026-01-15', () => {
  it('leaves out the direct deal, the retracted registration and the open quarter', () => {
    expect(project('baseline').history).toEqual([
      { periodStart: '2025-01-01T00:00:00.000Z', newDeals: 2, winRate: 0.5, dealSize: '1200.00' },
      { periodStart: '2025-04-01T00:00:00.000Z', newDeals: 3, winRate: 1, dealSize: '2000.00' },
      { periodStart: '2025-07-01T00:00:00.000Z', newDeals: 0, winRate: 0, dealSize: null },
      { periodStart: '2025-10-01T00:00:00.000Z', newDeals: 3, winRate: 1, dealSize: '2500.00' },
    ]);
  });

  it('projects the baseline, 2 × 0.625 × 1900.00 = 2375.00, after the last complete quarter', () => {
    const p = project('baseline');
    expect(p.drivers).toEqual({ newDeals: 2, winRate: 0.625, dealSize: '1900.00' });
    expect(p.scenarioDrivers).toEqual(p.drivers);
    expect(p.baseline).toEqual(each('2375.00'));
    expect(p.scenario).toEqual(each('2375.00'));
  });

  it('projects stress (−20/−10/−10): 1.6 × 0.525 × 1710.00 = 1436.40', () => {
    const p = project('stress');
    expect(p.scenarioDrivers).toEqual({ newDeals: 1.6, winRate: 0.525, dealSize: '1710.00' });
    expect(p.baseline).toEqual(each('2375.00'));
    expect(p.scenario).toEqual(each('1436.40'));
  });

  it('projects upside (+15/+5/+10): 2.3 × 0.675 × 2090.00 = 3244.725, half-up 3244.73', () => {
    const p = project('upside');
    expect(p.scenarioDrivers).toEqual({ newDeals: 2.3, winRate: 0.675, dealSize: '2090.00' });
    expect(p.scenario).toEqual(each('3244.73'));
  });

  it('clamps the win rate to 0–1: +50 pp gives 1 (2 × 1 × 1900 = 3800.00), −100 pp gives 0', () => {
    const up = project('x', { newDealsPct: 0, winRatePp: 50, dealSizePct: 0 });
    expect(up.scenarioDrivers.winRate).toBe(1);
    expect(up.scenario).toEqual(each('3800.00'));
    const down = project('x', { newDealsPct: 100, winRatePp: -100, dealSizePct: 100 });
    expect(down.scenarioDrivers).toEqual({ newDeals: 4, winRate: 0, dealSize: '3800.00' });
    expect(down.scenario).toEqual(each('0.00'));
  });

  it('reads months too: on 2025-04-01 January–March, none before the start', () => {
    // Jan: 1 new (P1), nothing closed; Feb: 1 new (P2; D1 is direct); Mar: 0 new, P1 won 1200, P2 lost.
    // new deals (1 + 1 + 0)/3 = 0.67 shown; win rate 0.5; deal size 1200.00; revenue ⅔ × 0.5 × 1200 = 400.00.
    const p = project('baseline', undefined, Date.parse('2025-04-01T00:00:00Z'), 'month');
    expect(p.history.map((h) => [h.newDeals, h.winRate, h.dealSize])).toEqual([
      [1, null, null],
      [1, null, null],
      [0, 0.5, '1200.00'],
    ]);
    expect(p.drivers).toEqual({ newDeals: 0.67, winRate: 0.5, dealSize: '1200.00' });
    expect(p.baseline).toEqual([
      { periodStart: '2025-04-01T00:00:00.000Z', revenue: '400.00' },
      { periodStart: '2025-05-01T00:00:00.000Z', revenue: '400.00' },
    ]);
  });

  it('has no drivers and no revenue before any complete period', () => {
    const p = project('upside', undefined, Date.parse('2025-03-01T00:00:00Z'));
    expect(p.history).toEqual([]);
    expect(p.drivers).toEqual({ newDeals: null, winRate: null, dealSize: null });
    expect(p.scenario).toEqual([
      { periodStart: '2025-01-01T00:00:00.000Z', revenue: null },
      { periodStart: '2025-04-01T00:00:00.000Z', revenue: null },
    ]);
  });

  it('refuses horizon 0 and 13 and a week (400, named by the query parameter)', () => {
    const ask = (period: string, horizon: number) => () =>
      projectScenario(facts, {
        name: 'baseline',
        period,
        horizon,
        asOf: AS_OF,
        assumptions: PREDEFINED_SCENARIOS.baseline,
      });
    expect(ask('quarter', 0)).toThrow('horizon: must be an integer from 1 to 12');
    expect(ask('quarter', 13)).toThrow('horizon: must be an integer from 1 to 12');
    expect(ask('week', 4)).toThrow('period: must be one of month, quarter');
  });
});

describe('Which definition of a scenario applies', () => {
  const defined = (name: string, newDealsPct: number, position: number): Stamped => ({
    eventId: `e-${position}`,
    type: 'scenario.defined',
    occurredAt: '2026-01-02T00:00:00.000Z',
    recordedBy: CO,
    data: { name, assumptions: { newDealsPct, winRatePp: 0, dealSizePct: 0 } },
    position,
  });
  const log = [defined('stress', -50, 7), defined('stress', -30, 9), defined('mine', 5, 11)];

  it('is the predefined one until a member defines the name, then the latest definition in the log', () => {
    expect(scenarioOf([], 'stress')).toEqual({ name: 'stress', assumptions: PREDEFINED_SCENARIOS.stress });
    expect(scenarioOf(log, 'stress')).toEqual({
      name: 'stress',
      assumptions: { newDealsPct: -30, winRatePp: 0, dealSizePct: 0 },
      definedBy: { eventId: 'e-9', position: 9, orgId: CO },
      definedAt: '2026-01-02T00:00:00.000Z',
    });
    expect(scenarioOf(log.slice(0, 1), 'stress')?.assumptions.newDealsPct).toBe(-50);
    expect(scenarioOf(log, 'upside')?.assumptions).toEqual({
      newDealsPct: 15,
      winRatePp: 5,
      dealSizePct: 10,
    });
  });

  it('is none for a name nobody defined', () => {
    expect(scenarioOf(log, 'unknown')).toBeUndefined();
    expect(scenarioOf(log, 'toString')).toBeUndefined();
  });
});
