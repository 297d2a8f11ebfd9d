export {
  ATTRIBUTION_MODELS,
  DEFAULT_ATTRIBUTION_POLICY,
  byTouchOrder,
  sharesOf,
  touchOfRecord,
  touchesOf,
  weightsOf,
} from './model';
export type { AttributionModel, AttributionPolicy, AttributionTouch, TouchInput } from './model';
export { splitByLargestRemainder } from './credits';
export type { AttributionView, IdentifiedDeal, WonDeal } from './deals';
export { attributeDeals, attributedRevenueKpi } from './attribute';
export type {
  Attribution,
  Classification,
  DealAttribution,
  OrgCredit,
  OrgTotal,
  WinRange,
} from './attribute';
