import { DealAt } from '../compute/view';

/** A deal won by the view's asOf: the only deals attribution credits. */
export type WonDeal = DealAt & {
  readonly close: NonNullable<DealAt['close']> & { readonly status: 'won' };
};

/** A deal of a view with the id its events name it by (DealAt carries it): what the route's answer lists. */
export type IdentifiedDeal = DealAt;

/**
 * What attributeDeals reads of a view: its deals with their ids. A deal's touches are its own
 * (DealAt.touches, joined by the view from its partnership's records, also before a window's `since`).
 *
 * Guarantees: every View is one as it stands (DealAt carries its dealId).
 */
export interface AttributionView {
  readonly deals: readonly IdentifiedDeal[];
}

export function isWon<T extends DealAt>(d: T): d is T & WonDeal {
  return d.status === 'won' && d.close?.status === 'won';
}
