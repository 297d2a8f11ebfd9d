import { FieldError, ValidationFailed } from '../errors';
import { toFieldErrors } from '../events/parse';
import { EventType } from '../events/schemas';
import { KPI_IDS } from '../kpi-catalogue';
import { CHARTER_SCHEMA, CharterDocument, CustomKpi } from './document';
import { NUMERIC_FIELDS, measuredEventTypes, readableFields } from './custom-fields';

type Issue = (path: string, message: string) => void;

/**
 * A proposed charter checked against its partnership: its shape (document.ts), then every KPI id names
 * the catalogue or this charter's custom KPIs, every orgId is a member, every custom KPI reads a field
 * its event type has (numeric where it is aggregated). All problems are reported at once, each with
 * its path (`charter.scorecard[2].kpiId`).
 *
 * Guarantees: returns the document exactly as given (what its definitionHash is taken over).
 */
export function checkCharter(raw: unknown, members: readonly string[]): CharterDocument {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new ValidationFailed([{ path: 'charter', message: 'must be a JSON object' }]);
  const parsed = CHARTER_SCHEMA.safeParse(raw);
  if (!parsed.success) throw new ValidationFailed(toFieldErrors(parsed.error.issues, 'charter', 'a charter'));
  const errors: FieldError[] = [];
  const issue: Issue = (path, message) => errors.push({ path: `charter.${path}`, message });
  checkReferences(parsed.data, members, issue);
  if (errors.length > 0) throw new ValidationFailed(errors);
  return raw as CharterDocument;
}

function checkReferences(doc: CharterDocument, members: readonly string[], issue: Issue): void {
  const custom = doc.customKpis ?? [];
  custom.forEach((k, i) => checkCustomKpi(k, `customKpis[${i}]`, issue));
  duplicates(custom.map((k) => k.kpiId)).forEach((i) => issue(`customKpis[${i}].kpiId`, 'is defined twice'));
  const known = new Set([...KPI_IDS, ...custom.map((k) => k.kpiId)]);
  const kpi = (id: string, path: string) => {
    if (!known.has(id))
      issue(path, `must be a KPI id of the catalogue (GET /v1/kpi-catalogue) or of customKpis: ${id}`);
  };
  const member = (org: string, path: string) => {
    if (!members.includes(org))
      issue(path, `must be one of the partnership's organizations: ${members.join(', ')}`);
  };
  doc.objectives?.forEach((o, i) => o.kpiIds.forEach((id, j) => kpi(id, `objectives[${i}].kpiIds[${j}]`)));
  doc.scorecard?.forEach((s, i) => {
    kpi(s.kpiId, `scorecard[${i}].kpiId`);
    Object.keys(s.owners ?? {}).forEach((org) => member(org, `scorecard[${i}].owners.${org}`));
  });
  duplicates((doc.scorecard ?? []).map((s) => s.kpiId)).forEach((i) =>
    issue(`scorecard[${i}].kpiId`, 'is on the scorecard twice'),
  );
  Object.entries(doc.priorities ?? {}).forEach(([org, ids]) => {
    member(org, `priorities.${org}`);
    ids.forEach((id, j) => kpi(id, `priorities.${org}[${j}]`));
  });
  doc.dataQuality?.expected?.forEach((x, i) => eventType(x.type, `dataQuality.expected[${i}].type`, issue));
}

function checkCustomKpi(k: CustomKpi, at: string, issue: Issue): void {
  const type = eventType(k.eventType, `${at}.eventType`, issue);
  if (!type) return;
  const fields = readableFields(type);
  const numeric = Object.keys(NUMERIC_FIELDS[type] ?? {});
  if (k.aggregate !== 'count' && k.field === undefined)
    issue(`${at}.field`, `is required for aggregate ${k.aggregate}`);
  if (k.field !== undefined && !numeric.includes(k.field)) {
    const which = numeric.length > 0 ? numeric.join(', ') : `none: ${type} has no numeric field`;
    issue(`${at}.field`, `must be a numeric or money field of ${type} (${which})`);
  }
  Object.keys(k.where ?? {}).forEach((f) => {
    if (!fields.includes(f)) issue(`${at}.where.${f}`, `must be a field of ${type}: ${fields.join(', ')}`);
  });
}

function eventType(type: string, path: string, issue: Issue): EventType | undefined {
  const types = measuredEventTypes();
  if (types.includes(type as EventType)) return type as EventType;
  issue(path, `must be a measured event type: ${types.join(', ')}`);
  return undefined;
}

/** Indexes of entries equal to an earlier one. */
function duplicates(values: readonly string[]): number[] {
  return values.flatMap((v, i) => (values.indexOf(v) < i ? [i] : []));
}
