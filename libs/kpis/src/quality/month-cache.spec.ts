import { QualityEvent } from './events';
import { periodOf } from '../periods';
import { MonthValueTable, unchangedBefore } from './month-cache';

/** Which complete months' figures events appended after a cached answer may change (month-cache.ts). */
const at = (iso: string) => Date.parse(iso);
const event = (type: string, occurredAt: string, extra: Partial<QualityEvent> = {}): QualityEvent => ({
  eventId: `e-${type}-${occurredAt}`,
  position: 1,
  type,
  occurredAt: at(occurredAt),
  recordedAt: at('2026-06-01T00:00:00Z'),
  recordedBy: 'northwind',
  periodEnd: periodOf('month', at(occurredAt)).end + 1,
  ...extra,
});
const known = new Map([['won-in-march', at('2026-03-20T00:00:00Z')]]);
const occurredAtOf = (id: string) => known.get(id);

describe('Given events appended after month values were cached', () => {
  it('keeps every month when nothing was appended', () => {
    expect(unchangedBefore([], occurredAtOf)).toBe(Number.POSITIVE_INFINITY);
  });

  it('keeps the months before the earliest data event, whenever it was recorded', () => {
    const appended = [
      event('deal.won', '2026-05-02T00:00:00Z'),
      event('cost.incurred', '2026-04-30T10:00:00Z'),
    ];
    expect(unchangedBefore(appended, occurredAtOf)).toBe(at('2026-04-30T10:00:00Z'));
  });

  it('keeps the months before the retracted event’s occurrence, not the retraction’s', () => {
    const retraction = event('event.retracted', '2026-05-30T00:00:00Z', { retracts: 'won-in-march' });
    expect(unchangedBefore([retraction], occurredAtOf)).toBe(at('2026-03-20T00:00:00Z'));
  });

  it('keeps nothing after a retraction of an unknown event, a charter event or an end', () => {
    const unknown = event('event.retracted', '2026-05-30T00:00:00Z', { retracts: 'not-indexed' });
    for (const e of [
      unknown,
      event('charter.adopted', '2026-05-30T00:00:00Z'),
      event('partnership.ended', '2026-05-30T00:00:00Z'),
    ])
      expect(unchangedBefore([e], occurredAtOf)).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe('Given month values held at position 10 for February, March and April 2026', () => {
  const months = ['2026-02-10', '2026-03-10', '2026-04-10'].map((d) =>
    periodOf('month', at(`${d}T00:00:00Z`)),
  );
  const kpis = [{ kpiId: 'joint_revenue', category: 'financial' as const }];
  const held = () => {
    const table = new MonthValueTable(10);
    table.keep(months, kpis, [['1.00'], ['2.00'], ['3.00']]);
    return table;
  };

  it('keeps February after a cost of March 31st is appended, and forgets March and April', () => {
    const table = held();
    const cost = event('cost.incurred', '2026-03-31T23:00:00Z', { position: 11 });
    expect(table.advance([cost], 11)).toBe(true);
    expect(table.position).toBe(11);
    expect(table.lookup(months, kpis)).toEqual(new Map([[months[0].start, ['1.00']]]));
  });

  it('forgets every month after a charter event', () => {
    const table = held();
    expect(table.advance([event('charter.adopted', '2026-05-01T00:00:00Z', { position: 12 })], 12)).toBe(
      true,
    );
    expect(table.lookup(months, kpis).size).toBe(0);
  });

  it('refuses a position behind it, and holds no row lacking a KPI asked for', () => {
    const table = held();
    expect(table.advance([], 9)).toBe(false);
    expect(table.position).toBe(10);
    expect(table.lookup(months, kpis).size).toBe(3);
    expect(table.lookup(months, [...kpis, { kpiId: 'deals_closed', category: 'productivity' }]).size).toBe(0);
  });
});
