import { EVENT_DATA_SCHEMAS, EventType, KPI_CATALOGUE, MONEY_PATTERN, ORG_ID_PATTERN } from '@ledger/domain';
import { z } from 'zod';

/**
 * The parts of docs/ that the code already says: the KPI catalogue and every event type's fields are
 * rendered from the very definitions the server uses, so the documentation cannot drift from them.
 * docs.spec.ts compares them with the files (UPDATE_DOCS=1 rewrites them).
 */
export function kpiCatalogueTable(): string {
  const rows = KPI_CATALOGUE.map((k) =>
    cells(
      k.kpiId,
      k.category,
      k.name,
      k.formula,
      k.unit,
      k.direction === 'higher_is_better' ? 'higher' : 'lower',
      k.benchmark ?? '',
    ),
  );
  return [
    cells('kpiId', 'category', 'name', 'formula', 'unit', 'better', 'benchmark'),
    cells(...Array(7).fill('---')),
    ...rows,
  ].join('\n');
}

export function eventTypesTable(): string {
  const rows = (Object.keys(EVENT_DATA_SCHEMAS) as EventType[]).map((type) => cells(type, fields(type)));
  return [cells('type', 'data fields (`?` optional)'), cells('---', '---'), ...rows].join('\n');
}

interface JsonSchema {
  type?: string;
  enum?: string[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  maxLength?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

function fields(type: EventType): string {
  const schema = z.toJSONSchema(EVENT_DATA_SCHEMAS[type], {
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema;
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {})
    .map(
      ([name, field]) => `${name}${required.has(name) ? '' : '?'}${kind(field) ? ` (${kind(field)})` : ''}`,
    )
    .join(', ');
}

function kind(field: JsonSchema): string {
  if (field.enum && field.enum.length > 10) return 'an id of [the KPI catalogue](kpis.md)';
  if (field.enum) return field.enum.map((v) => `\`${v}\``).join(' | ');
  if (field.pattern === MONEY_PATTERN.source) return 'money';
  if (field.pattern === ORG_ID_PATTERN.source) return 'org id';
  if (field.type === 'number' || field.type === 'integer') return numberRange(field);
  if (field.type === 'boolean') return 'boolean';
  if (field.type === 'array') return 'array';
  return '';
}

function numberRange(field: JsonSchema): string {
  const low =
    field.exclusiveMinimum !== undefined
      ? `> ${field.exclusiveMinimum}`
      : field.minimum !== undefined
        ? `${field.minimum}`
        : undefined;
  const high = field.maximum;
  if (low !== undefined && high !== undefined)
    return low.startsWith('>') ? `number ${low}, ≤ ${high}` : `number ${low}–${high}`;
  if (low !== undefined) return low.startsWith('>') ? `number ${low}` : `number ≥ ${low}`;
  return high !== undefined ? `number ≤ ${high}` : 'number';
}

function cells(...values: string[]): string {
  return `| ${values.map((v) => v.replace(/\|/g, '\\|')).join(' | ')} |`;
}
