import fc from 'fast-check';
import { Source } from '../facts/types';
import { D, DAY_MS } from '../numbers';
import { attributeDeals } from './attribute';
import { IdentifiedDeal, isWon } from './deals';
import {
  ATTRIBUTION_MODELS,
  AttributionPolicy,
  TouchInput as Touch,
  sharesOf,
  touchesOf,
  weightsOf,
} from './model';

/**
 * Properties of attribution over random won deals, touches and amounts up to 10^15 minor units (the
 * largest amount the wire carries), for every model: views are built by hand, not from a ledger, so
 * amounts and times (to the millisecond: fractional days) range further than any scenario.
 */
const ORGS = ['org-a', 'org-b', 'org-c', 'org-d', 'org-e'];
const T0 = Date.UTC(2026, 0, 1);
const instant = fc.integer({ min: 0, max: 600 * DAY_MS }).map((ms) => T0 + ms);

const dealArb = fc.record({
  registeredBy: fc.constantFrom(...ORGS),
  source: fc.constantFrom<Source>('partner_sourced', 'partner_influenced', 'direct'),
  registeredAt: instant,
  wonAfter: fc.integer({ min: 0, max: 200 * DAY_MS }),
  amount: fc.bigInt({ min: 0n, max: 10n ** 15n }),
});

const touchArb = fc.record({ deal: fc.nat(), orgId: fc.constantFrom(...ORGS), at: instant });

const policyArb = (model: AttributionPolicy['model']) =>
  fc.record({
    model: fc.constant(model),
    windowDays: fc.integer({ min: 0, max: 400 }),
    halfLifeDays: fc.oneof(fc.integer({ min: 1, max: 60 }), fc.constantFrom(0.5, 7.25)),
  });

type DealInput = typeof dealArb extends fc.Arbitrary<infer T> ? T : never;
type TouchInput = typeof touchArb extends fc.Arbitrary<infer T> ? T : never;

/** Touches get distinct positions 1, 2, 3 … in the order generated, so (at, position) are distinct. */
function touchesByDeal(touches: readonly TouchInput[], deals: number): Map<number, Touch[]> {
  const byDeal = new Map<number, Touch[]>();
  touches.forEach((t, i) => {
    const list = byDeal.get(t.deal % deals) ?? [];
    list.push({ orgId: t.orgId, at: t.at, position: i + 1 });
    byDeal.set(t.deal % deals, list);
  });
  return byDeal;
}

function dealOf(d: DealInput, i: number, touches: readonly Touch[]): IdentifiedDeal {
  const at = d.registeredAt + d.wonAfter;
  return {
    dealId: `D${i}`,
    source: d.source,
    registeredBy: d.registeredBy,
    amount: d.amount,
    registeredAt: d.registeredAt,
    registeredEvent: `reg-${i}`,
    close: { at, eventId: `won-${i}`, status: 'won', amount: d.amount },
    status: 'won',
    partner: d.source !== 'direct',
    touches,
  };
}

/** The deals as given, and the same deals in reverse with each deal's touches shuffled by `keys`. */
const world = fc
  .tuple(fc.array(dealArb, { minLength: 1, maxLength: 6 }), fc.array(touchArb, { maxLength: 25 }))
  .chain(([deals, touches]) =>
    fc
      .array(fc.double({ noNaN: true }), { minLength: touches.length, maxLength: touches.length })
      .map((keys) => {
        const byDeal = touchesByDeal(touches, deals.length);
        const shuffled = (list: readonly Touch[]) =>
          [...list].sort(
            (a, b) => keys[a.position! - 1] - keys[b.position! - 1] || a.position! - b.position!,
          );
        return {
          given: deals.map((d, i) => dealOf(d, i, byDeal.get(i) ?? [])),
          reordered: deals.map((d, i) => dealOf(d, i, shuffled(byDeal.get(i) ?? []))).reverse(),
        };
      }),
  );

describe('Given any won deals, touches and amounts up to 10^15 minor units', () => {
  describe.each(ATTRIBUTION_MODELS)('When they are attributed by %s', (model) => {
    it('Then each deal’s credits sum to its amount, none negative, each within a unit of its share', () => {
      fc.assert(
        fc.property(world, policyArb(model), ({ given: deals }, policy) => {
          const a = attributeDeals({ deals }, policy);
          expect(a.deals).toHaveLength(deals.length);
          for (const d of a.deals) {
            expect(d.credits.reduce((sum, c) => sum + c.credit, 0n)).toBe(d.amount);
            for (const c of d.credits) expect(c.credit >= 0n).toBe(true);
            const deal = deals.find((x) => x.dealId === d.dealId)!;
            if (!isWon(deal)) throw new Error('every generated deal is won');
            const touches = touchesOf(deal, deal.touches ?? [], policy);
            const shares = sharesOf(touches, weightsOf(touches, policy, deal.close.at));
            for (const c of d.credits) {
              const exact = shares.get(c.orgId)!.times(d.amount.toString());
              expect(exact.minus(c.credit.toString()).abs().lt(1)).toBe(true);
            }
          }
          const credited = a.totals.reduce((sum, t) => sum + t.credit, 0n);
          expect(credited).toBe(a.deals.reduce((sum, d) => sum + d.amount, 0n));
        }),
        { numRuns: 150 },
      );
    });

    it('Then the result is the same whatever order the touches and deals come in', () => {
      fc.assert(
        fc.property(world, policyArb(model), ({ given, reordered }, policy) => {
          expect(attributeDeals({ deals: reordered }, policy)).toStrictEqual(
            attributeDeals({ deals: given }, policy),
          );
        }),
        { numRuns: 150 },
      );
    });
  });
});

describe('Given weights of any model over 1 to 12 touches', () => {
  it('Then they sum to 1 within the 64-digit precision and none is negative', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ATTRIBUTION_MODELS),
        fc.array(fc.integer({ min: 0, max: 400 * DAY_MS }), { minLength: 1, maxLength: 12 }),
        (model, ages) => {
          const wonAt = T0 + 400 * DAY_MS;
          const touches = ages
            .map((age, i) => ({ kind: 'touch' as const, orgId: 'org-a', at: wonAt - age, position: i }))
            .sort((a, b) => a.at - b.at || a.position - b.position);
          const weights = weightsOf(touches, { model, windowDays: 400, halfLifeDays: 7 }, wonAt);
          const total = weights.reduce((s, w) => s.plus(w), new D(0));
          expect(total.minus(1).abs().lt('1e-60')).toBe(true);
          for (const w of weights) expect(w.isNegative()).toBe(false);
        },
      ),
    );
  });
});
