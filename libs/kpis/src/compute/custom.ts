import { CustomKpi, KpiCategory, NUMERIC_FIELDS, formatMoney, parseMoney } from '@ledger/domain';
import { D, mean, money, round2, sumBig } from '../numbers';
import { contains } from '../periods';
import { KpiResult, View } from './view';
import { inWindow } from './windowing';

/** One measured event as a custom KPI reads it: business time, ledger order, the fields it keeps. */
interface Measured {
  readonly at: number;
  readonly position: number;
  readonly data: Readonly<Record<string, unknown>>;
}

/**
 * The charter's custom KPIs of one category (API.md, "Charter" → customKpis): `count` of the matching
 * events, `sum`/`mean` of the field, `latest` value by business time (then ledger order); with
 * `period: true` only the events of the view's period count. Matching: every `where` field equals.
 *
 * Guarantees: money fields are summed exactly in minor units and answered as money strings, numbers
 * rounded half-up to 2 decimals like every KPI; no matching event → 0 / "0.00" for count and sum, null
 * for mean and latest. A retracted event never counts (it is not in the facts).
 */
export function customKpis(v: View, category: KpiCategory): KpiResult[] {
  return v.charter.charter.customKpis.filter((k) => k.category === category).map((k) => customKpi(v, k));
}

export function customKpi(v: View, k: CustomKpi): KpiResult {
  const matching = measured(v, k.eventType).filter(
    (e) =>
      (!k.period || contains(v.period, e.at)) &&
      Object.entries(k.where ?? {}).every(([field, value]) => e.data[field] === value),
  );
  if (k.aggregate === 'count') return { kpiId: k.kpiId, value: matching.length };
  const kind = NUMERIC_FIELDS[k.eventType]?.[k.field!] ?? 'number';
  const values = matching.map((e) => e.data[k.field!]).filter((x) => x !== undefined);
  return { kpiId: k.kpiId, value: aggregate(k.aggregate, kind, values) };
}

function aggregate(how: CustomKpi['aggregate'], kind: 'number' | 'money', values: unknown[]) {
  if (kind === 'money') {
    const minor = values.map((x) => parseMoney(String(x)));
    if (how === 'sum') return formatMoney(sumBig(minor));
    if (how === 'mean') return money(mean(minor));
    return minor.length === 0 ? null : formatMoney(minor.at(-1)!);
  }
  const numbers = values.map((x) => new D(String(x)));
  if (how === 'sum') return round2(numbers.reduce((a, b) => a.plus(b), new D(0)));
  if (how === 'mean') return round2(mean(numbers));
  return numbers.length === 0 ? null : round2(numbers.at(-1)!);
}

/**
 * The view's events of a type in business-time order (then ledger order): records as they are; deal,
 * milestone and escalation steps from their lifecycles, with the fields those keep (ENTITY_FIELDS in the
 * domain), in the view's window.
 */
function measured(v: View, type: string): readonly Measured[] {
  const steps = entitySteps(v, type);
  if (steps === undefined) return v.records(type);
  return steps.filter((e) => inWindow(v, e.at)).sort((a, b) => a.at - b.at);
}

type Step = { at: number; data: Record<string, unknown> } | undefined;

const ENTITY_STEPS: Record<string, (v: View) => Step[]> = {
  'deal.registered': (v) =>
    v.deals.map((d) => ({
      at: d.registeredAt,
      data: {
        dealId: d.dealId,
        customerId: d.customerId,
        amount: formatMoney(d.amount),
        source: d.source,
        registeredBy: d.registeredBy,
      },
    })),
  'deal.won': (v) =>
    v.deals.map((d) =>
      d.close?.status === 'won'
        ? { at: d.close.at, data: { dealId: d.dealId, amount: formatMoney(d.close.amount ?? 0n) } }
        : undefined,
    ),
  'deal.lost': (v) =>
    v.deals.map((d) =>
      d.close?.status === 'lost' ? { at: d.close.at, data: { dealId: d.dealId } } : undefined,
    ),
  'milestone.planned': (v) => v.milestones.map((m) => ({ at: m.plannedAt, data: {} })),
  'milestone.hit': (v) => v.milestones.map((m) => (m.hit ? { at: m.hit.at, data: {} } : undefined)),
  'escalation.raised': (v) => v.escalations.map((x) => ({ at: x.raisedAt, data: { severity: x.severity } })),
  'escalation.acknowledged': (v) =>
    v.escalations.map((x) => x.acknowledged && { at: x.acknowledged.at, data: { severity: x.severity } }),
  'escalation.resolved': (v) =>
    v.escalations.map((x) => x.resolved && { at: x.resolved.at, data: { severity: x.severity } }),
};

function entitySteps(v: View, type: string): Measured[] | undefined {
  const of = ENTITY_STEPS[type];
  if (!of) return undefined;
  return of(v).flatMap((s) => (s ? [{ ...s, position: 0 }] : []));
}
