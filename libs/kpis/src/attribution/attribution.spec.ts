import { foldFacts } from '../facts/fold';
import { D, DAY_MS, money } from '../numbers';
import { Ledger } from '../scenarios/ledger';
import { viewFor } from '../snapshot';
import { Attribution, WinRange, attributeDeals, attributedRevenueKpi } from './attribute';
import { splitByLargestRemainder } from './credits';
import { AttributionModel, AttributionPolicy, DEFAULT_ATTRIBUTION_POLICY, halfPower } from './model';

/**
 * Attribution (API.md, "Attribution: who earned which revenue") on ledgers built event by event, with
 * figures worked by hand. Orgs are org-a … org-d; a deal is worth 1.00 at registration, its win says more.
 */
const ORGS = ['org-a', 'org-b', 'org-c', 'org-d'];
const WON = '2026-03-01T00:00:00.000Z';
const AS_OF = '2026-12-31T23:59:59.999Z';
const before = (days: number, from = WON) => new Date(Date.parse(from) - days * DAY_MS).toISOString();
const policy = (model: AttributionModel, more: Partial<AttributionPolicy> = {}): AttributionPolicy => ({
  ...DEFAULT_ATTRIBUTION_POLICY,
  model,
  ...more,
});

function ledger(): Ledger {
  return new Ledger({ partnerOrgIds: ORGS, startedAt: '2025-01-01T00:00:00Z' });
}

function register(l: Ledger, dealId: string, at: string, by: string, source = 'partner_sourced'): void {
  l.add('deal.registered', at, { dealId, customerId: `c-${dealId}`, amount: '1.00', source }, by);
}

function touch(l: Ledger, dealId: string, at: string, orgId: string): string {
  return l.add('deal.touched', at, { dealId, orgId, touch: 'demo' }, orgId);
}

function win(l: Ledger, dealId: string, amount: string, at = WON): void {
  l.add('deal.won', at, { dealId, amount }, 'org-a');
}

function attribute(l: Ledger, p: AttributionPolicy, range?: WinRange, asOf = AS_OF): Attribution {
  const facts = foldFacts(l.events);
  return attributeDeals(viewFor(facts, { asOf }), p, range);
}

/** {orgId: "credit"} of one deal. */
function credits(a: Attribution, dealId: string): Record<string, string | null> {
  const deal = a.deals.find((d) => d.dealId === dealId)!;
  return Object.fromEntries(deal.credits.map((c) => [c.orgId, money(c.credit)]));
}

function field<K extends 'share' | 'classification'>(a: Attribution, dealId: string, key: K) {
  const deal = a.deals.find((d) => d.dealId === dealId)!;
  return Object.fromEntries(deal.credits.map((c) => [c.orgId, c[key]]));
}

const EXAMPLE =
  'Given org-a registered a deal 8 days before its 10000.00 win and org-b touched it 1 day before';
describe(EXAMPLE, () => {
  const l = ledger();
  register(l, 'T1', before(8), 'org-a');
  touch(l, 'T1', before(1), 'org-b');
  win(l, 'T1', '10000.00');

  describe('When it is attributed by time_decay with a half-life of 7 days', () => {
    const a = attribute(l, policy('time_decay', { halfLifeDays: 7 }));

    it('Then org-a is credited 3333.33 and org-b 6666.67 (weights 2^(−8/7) : 2^(−1/7) = 1 : 2)', () => {
      expect(credits(a, 'T1')).toStrictEqual({ 'org-a': '3333.33', 'org-b': '6666.67' });
      expect(field(a, 'T1', 'share')).toStrictEqual({ 'org-a': 0.3333, 'org-b': 0.6667 });
    });
  });
});

describe('Given org-a registered a deal, org-b, org-c and org-d touched it and it was won at 1000.00', () => {
  const l = ledger();
  register(l, 'P1', before(30), 'org-a');
  touch(l, 'P1', before(20), 'org-b');
  touch(l, 'P1', before(10), 'org-c');
  touch(l, 'P1', before(5), 'org-d');
  win(l, 'P1', '1000.00');

  describe('When it is attributed by position_based', () => {
    const a = attribute(l, policy('position_based'));

    it('Then org-a gets 400.00, org-b 100.00, org-c 100.00 and org-d 400.00', () => {
      expect(credits(a, 'P1')).toStrictEqual({
        'org-a': '400.00',
        'org-b': '100.00',
        'org-c': '100.00',
        'org-d': '400.00',
      });
    });
  });
});

/**
 * A 900.00 deal registered by org-a 28 days before the win, touched by org-b 14 days and org-c 7 days
 * before it. time_decay, half-life 7: weights 2^−4 : 2^−2 : 2^−1 = 1 : 4 : 8, so shares 1/13, 4/13,
 * 8/13 of 90000 cents = 6923.08, 27692.31, 55384.62 → floors 6923 + 27692 + 55384 = 89999; the last
 * cent goes to the largest remainder (org-c's .62).
 */
describe('Given a 900.00 deal registered by org-a 28 days before the win, touched by org-b, org-c', () => {
  const l = ledger();
  register(l, 'M1', before(28), 'org-a');
  touch(l, 'M1', before(14), 'org-b');
  touch(l, 'M1', before(7), 'org-c');
  win(l, 'M1', '900.00');
  const cases: [AttributionModel, Record<string, string>, Record<string, number>][] = [
    [
      'first_touch',
      { 'org-a': '900.00', 'org-b': '0.00', 'org-c': '0.00' },
      { 'org-a': 1, 'org-b': 0, 'org-c': 0 },
    ],
    [
      'last_touch',
      { 'org-a': '0.00', 'org-b': '0.00', 'org-c': '900.00' },
      { 'org-a': 0, 'org-b': 0, 'org-c': 1 },
    ],
    [
      'linear',
      { 'org-a': '300.00', 'org-b': '300.00', 'org-c': '300.00' },
      { 'org-a': 0.3333, 'org-b': 0.3333, 'org-c': 0.3333 },
    ],
    [
      'time_decay',
      { 'org-a': '69.23', 'org-b': '276.92', 'org-c': '553.85' },
      { 'org-a': 0.0769, 'org-b': 0.3077, 'org-c': 0.6154 },
    ],
    [
      'position_based',
      { 'org-a': '360.00', 'org-b': '180.00', 'org-c': '360.00' },
      { 'org-a': 0.4, 'org-b': 0.2, 'org-c': 0.4 },
    ],
  ];

  describe.each(cases)('When it is attributed by %s', (model, expected, shares) => {
    const a = attribute(l, policy(model, { halfLifeDays: 7 }));

    it(`Then the credits are ${JSON.stringify(expected)}, every toucher listed`, () => {
      expect(credits(a, 'M1')).toStrictEqual(expected);
      expect(field(a, 'M1', 'share')).toStrictEqual(shares);
    });
  });
});

describe('Given a deal registered 200 days before its win, touched 181, 180 days before, 1 day after', () => {
  const l = ledger();
  register(l, 'W1', before(200), 'org-a');
  touch(l, 'W1', before(181), 'org-b');
  touch(l, 'W1', before(180), 'org-c');
  touch(l, 'W1', before(-1), 'org-d');
  win(l, 'W1', '100.00');

  describe('When it is attributed by linear with the default 180-day window', () => {
    const a = attribute(l, DEFAULT_ATTRIBUTION_POLICY);

    it('Then the registration still counts, the touch 180 days before counts, the others do not', () => {
      expect(credits(a, 'W1')).toStrictEqual({ 'org-a': '50.00', 'org-c': '50.00' });
      expect(a.totals.map((t) => t.orgId)).toStrictEqual(['org-a', 'org-c']);
    });
  });

  describe('When the window is 190 days', () => {
    const a = attribute(l, policy('linear', { windowDays: 190 }));

    it('Then the touch 181 days before counts too', () => {
      expect(credits(a, 'W1')).toStrictEqual({ 'org-a': '33.34', 'org-b': '33.33', 'org-c': '33.33' });
    });
  });
});

describe('Given a deal touched by org-b at the very occurredAt of its registration by org-a', () => {
  const l = ledger();
  register(l, 'E1', before(3), 'org-a');
  touch(l, 'E1', before(3), 'org-b');
  win(l, 'E1', '10.00');

  describe('When it is attributed by first_touch and by last_touch', () => {
    it('Then the registration is the first touch and the touch the last', () => {
      expect(credits(attribute(l, policy('first_touch')), 'E1')).toStrictEqual({
        'org-a': '10.00',
        'org-b': '0.00',
      });
      expect(credits(attribute(l, policy('last_touch')), 'E1')).toStrictEqual({
        'org-a': '0.00',
        'org-b': '10.00',
      });
    });
  });
});

describe('Given a deal touched by org-b whose touch was then retracted', () => {
  const l = ledger();
  register(l, 'R1', before(10), 'org-a');
  const touched = touch(l, 'R1', before(5), 'org-b');
  l.retract(touched, before(4), 'org-b');
  win(l, 'R1', '10.00');

  describe('When it is attributed by linear', () => {
    const a = attribute(l, DEFAULT_ATTRIBUTION_POLICY);

    it('Then the retracted touch never counts: org-a gets it all and org-b has no row', () => {
      expect(credits(a, 'R1')).toStrictEqual({ 'org-a': '10.00' });
      expect(a.totals.map((t) => t.orgId)).toStrictEqual(['org-a']);
    });
  });
});

/**
 * S1 partner_sourced by org-a (org-a and org-b touch it), 100.00; I1 partner_influenced registered by
 * org-a, 200.00; X1 direct by org-a, nothing else, 400.00; X2 direct by org-a, touched by org-b, 800.00.
 */
describe('Given a sourced, an influenced and two direct deals', () => {
  const l = ledger();
  register(l, 'S1', before(40), 'org-a', 'partner_sourced');
  touch(l, 'S1', before(30), 'org-a');
  touch(l, 'S1', before(20), 'org-b');
  register(l, 'I1', before(40), 'org-a', 'partner_influenced');
  register(l, 'X1', before(40), 'org-a', 'direct');
  register(l, 'X2', before(40), 'org-a', 'direct');
  touch(l, 'X2', before(20), 'org-b');
  win(l, 'S1', '100.00');
  win(l, 'I1', '200.00');
  win(l, 'X1', '400.00');
  win(l, 'X2', '800.00');

  describe('When they are attributed by linear', () => {
    const a = attribute(l, DEFAULT_ATTRIBUTION_POLICY);

    it('Then the registrar of a partner_sourced deal sourced it and a toucher influenced it', () => {
      expect(field(a, 'S1', 'classification')).toStrictEqual({ 'org-a': 'sourced', 'org-b': 'influenced' });
      expect(credits(a, 'S1')).toStrictEqual({ 'org-a': '66.67', 'org-b': '33.33' });
    });

    it('Then the registrar of a partner_influenced deal influenced it', () => {
      expect(field(a, 'I1', 'classification')).toStrictEqual({ 'org-a': 'influenced' });
    });

    it('Then a direct deal with no other touch goes to its registrar as none and is unattributed', () => {
      expect(field(a, 'X1', 'classification')).toStrictEqual({ 'org-a': 'none' });
      expect(credits(a, 'X1')).toStrictEqual({ 'org-a': '400.00' });
      expect(a.unattributed).toBe(40000n);
    });

    it('Then a direct deal touched by another org is split, the toucher influenced, not unattributed', () => {
      expect(field(a, 'X2', 'classification')).toStrictEqual({ 'org-a': 'none', 'org-b': 'influenced' });
      expect(credits(a, 'X2')).toStrictEqual({ 'org-a': '400.00', 'org-b': '400.00' });
    });

    it('Then the totals sum credits, the full amounts sourced and influenced, and the deals touched', () => {
      expect(a.totals).toStrictEqual([
        { orgId: 'org-a', credit: 106667n, sourcedRevenue: 10000n, influencedRevenue: 20000n, deals: 4 },
        { orgId: 'org-b', credit: 43333n, sourcedRevenue: 0n, influencedRevenue: 90000n, deals: 2 },
      ]);
    });
  });

  describe('When the KPI attributed_revenue is computed for members org-a, org-b and org-c', () => {
    const view = viewFor(foldFacts(l.events), { asOf: AS_OF }); // a plain view: the KPI needs no deal ids
    const kpi = attributedRevenueKpi(view, DEFAULT_ATTRIBUTION_POLICY, ['org-a', 'org-b', 'org-c']);

    it('Then its value is every won amount, split per member (0.00 for none) and unattributed', () => {
      expect(kpi).toStrictEqual({
        kpiId: 'attributed_revenue',
        value: '1500.00',
        breakdown: { 'org-a': '1066.67', 'org-b': '433.33', 'org-c': '0.00', unattributed: '400.00' },
      });
    });
  });
});

describe('Given a 1.00 deal registered by org-c and touched by org-b and org-a', () => {
  const l = ledger();
  register(l, 'L1', before(3), 'org-c');
  touch(l, 'L1', before(2), 'org-b');
  touch(l, 'L1', before(1), 'org-a');
  win(l, 'L1', '1.00');

  describe('When it is attributed by linear (three equal remainders of ⅓ cent)', () => {
    const a = attribute(l, DEFAULT_ATTRIBUTION_POLICY);

    it('Then the left-over cent goes to the alphabetically first org: 0.34 / 0.33 / 0.33', () => {
      expect(credits(a, 'L1')).toStrictEqual({ 'org-a': '0.34', 'org-b': '0.33', 'org-c': '0.33' });
    });
  });
});

describe('Given shares split by largest remainder', () => {
  describe('When 10 units are split 0.15 / 0.15 / 0.7', () => {
    const shares = new Map([
      ['z', new D('0.15')],
      ['m', new D('0.15')],
      ['a', new D('0.7')],
    ]);

    it('Then the floors are 1 / 1 / 7 and the unit left goes to the tie broken by orgId (m)', () => {
      expect(splitByLargestRemainder(10n, shares)).toStrictEqual(
        new Map([
          ['z', 1n],
          ['m', 2n],
          ['a', 7n],
        ]),
      );
    });
  });

  describe('When 300 units are split in thirds (64-digit decimals: 99.99…9 each)', () => {
    const third = new D(1).div(3);
    const split = splitByLargestRemainder(
      300n,
      new Map([
        ['a', third],
        ['b', third],
        ['c', third],
      ]),
    );

    it('Then each gets exactly 100', () => {
      expect([...split.values()]).toStrictEqual([100n, 100n, 100n]);
    });
  });
});

describe('Given deals won on 15 January, 15 February, twice on 15 March (Z1, A1), and one still open', () => {
  const l = ledger();
  const wins: [string, string][] = [
    ['J1', '2026-01-15T00:00:00.000Z'],
    ['F1', '2026-02-15T00:00:00.000Z'],
    ['Z1', '2026-03-15T00:00:00.000Z'],
    ['A1', '2026-03-15T00:00:00.000Z'],
  ];
  for (const [dealId, at] of wins) register(l, dealId, before(10, at), 'org-a');
  register(l, 'O1', '2026-01-01T00:00:00.000Z', 'org-b');
  for (const [dealId, at] of wins) win(l, dealId, '10.00', at);

  describe('When no range is given', () => {
    it('Then every deal won by asOf is selected, sorted by (wonAt, dealId), the open one not', () => {
      const a = attribute(l, DEFAULT_ATTRIBUTION_POLICY);
      expect(a.deals.map((d) => d.dealId)).toStrictEqual(['J1', 'F1', 'A1', 'Z1']);
    });
  });

  describe('When from is 1 February and to is 15 March (both ends included)', () => {
    it('Then the deals won from February to 15 March are selected', () => {
      const range = { from: Date.parse('2026-02-01T00:00:00Z'), to: Date.parse('2026-03-15T00:00:00Z') };
      const a = attribute(l, DEFAULT_ATTRIBUTION_POLICY, range);
      expect(a.deals.map((d) => d.dealId)).toStrictEqual(['F1', 'A1', 'Z1']);
      expect(a.totals).toStrictEqual([
        { orgId: 'org-a', credit: 3000n, sourcedRevenue: 3000n, influencedRevenue: 0n, deals: 3 },
      ]);
    });
  });

  describe('When asOf is 1 March', () => {
    it('Then only the deals won by then are selected', () => {
      const a = attribute(l, DEFAULT_ATTRIBUTION_POLICY, {}, '2026-03-01T00:00:00.000Z');
      expect(a.deals.map((d) => d.dealId)).toStrictEqual(['J1', 'F1']);
    });
  });
});

describe('halfPower (time_decay weights)', () => {
  it('Given whole exponents, then 2^(−x) is exact; given fractions, then within 1e−14, in 15 significant digits', () => {
    expect(halfPower(new D(0)).toString()).toBe('1');
    expect(halfPower(new D(3)).toString()).toBe('0.125');
    // Within 1e−14 of the true 2^−0.5 = 0.7071067811865475244… and 2^−2.5 = 0.1767766952966368811…
    expect(halfPower(new D(0.5)).minus('0.7071067811865475244').abs().lt('1e-14')).toBe(true);
    expect(halfPower(new D(2.5)).minus('0.1767766952966368811').abs().lt('1e-14')).toBe(true);
    expect(halfPower(new D(0.5)).precision()).toBeLessThanOrEqual(15);
    // Far below what a binary64 can hold (2^−73000): still a positive decimal, so weights never vanish.
    expect(halfPower(new D(73000)).gt(0)).toBe(true);
  });
});
