import { KpiCategory } from '@ledger/domain';
import { customer } from './customer';
import { expansion } from './expansion';
import { financial } from './financial';
import { impact } from './impact';
import { innovation } from './innovation';
import { operational } from './operational';
import { performance } from './performance';
import { productivity } from './productivity';
import { relationship } from './relationship';
import { KpiResult, View } from './view';

/** Each category's KPIs from a view; health_score is added once targets are known (snapshot.ts). */
export const CATEGORY_KPIS: Record<KpiCategory, (v: View) => KpiResult[]> = {
  financial,
  performance,
  operational,
  productivity,
  customer,
  innovation,
  expansion,
  relationship,
  impact,
};
