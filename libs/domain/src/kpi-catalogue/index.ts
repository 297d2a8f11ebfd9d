import { COMMERCIAL_ROWS } from './commercial-rows';
import { RELATIONAL_ROWS } from './relational-rows';
import { KpiDefinition } from './types';

export * from './types';

export const KPI_CATALOGUE: readonly KpiDefinition[] = [...COMMERCIAL_ROWS, ...RELATIONAL_ROWS].map(
  ([kpiId, category, name, formula, unit, direction, benchmark, source, periodic]) => ({
    kpiId,
    category,
    name,
    formula,
    unit,
    direction: direction === 'higher' ? 'higher_is_better' : 'lower_is_better',
    ...(benchmark ? { benchmark } : {}),
    source: source.split(' '),
    periodic,
  }),
);

export const KPI_IDS: readonly string[] = KPI_CATALOGUE.map((k) => k.kpiId);
