import { DealAt, View } from '../compute/view';
import { KpiFacts } from '../facts/types';

/** A deal won by the view's asOf: the only deals attribution credits. */
export type WonDeal = DealAt & {
  readonly close: NonNullable<DealAt['close']> & { readonly status: 'won' };
};

/** A deal of a view together with the id its events name it by: what the route's answer lists. */
export type IdentifiedDeal = DealAt & { readonly dealId: string };

/**
 * What attributeDeals reads of a view: its deals with their ids. A deal's touches are its own
 * (DealAt.touches, joined by the view from its partnership's records, also before a window's `since`).
 *
 * Guarantees: a View whose DealAt carries `dealId` is one as it stands (structural typing).
 */
export interface AttributionView {
  readonly deals: readonly IdentifiedDeal[];
}

export function isWon<T extends DealAt>(d: T): d is T & WonDeal {
  return d.status === 'won' && d.close?.status === 'won';
}

/**
 * The view with each deal's id, taken from the facts it was made from.
 *
 * Guarantees: a deal is matched by its registration's eventId, which names one deal only, so the view's
 * DealAt objects (which do not carry the key of the facts' map) get the id their events use.
 * Constraints: `view` was made from `facts` (viewFor/viewAt: not a pooled view, whose deal ids may clash);
 * a deal the facts do not hold is a caller's mistake and throws rather than be listed under no id.
 */
export function withDealIds(view: View, facts: Pick<KpiFacts, 'deals'>): View & AttributionView {
  const idOf = new Map<string, string>();
  for (const [dealId, d] of facts.deals) idOf.set(d.registeredEvent, dealId);
  const deals = view.deals.map((d) => {
    const dealId = idOf.get(d.registeredEvent);
    if (dealId === undefined) throw new Error(`deal registered by ${d.registeredEvent} is not in the facts`);
    return { ...d, dealId };
  });
  return { ...view, deals };
}
