import { QualityEvent } from './events';
import { unchangedBefore } from './month-cache';

/** Which complete months' figures events appended after a cached answer may change (month-cache.ts). */
const at = (iso: string) => Date.parse(iso);
const event = (type: string, occurredAt: string, extra: Partial<QualityEvent> = {}): QualityEvent => ({
  eventId: `e-${type}-${occurredAt}`,
  position: 1,
  type,
  occurredAt: at(occurredAt),
  recordedAt: at('2026-06-01T00:00:00Z'),
  recordedBy: 'northwind',
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
