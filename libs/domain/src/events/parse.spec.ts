import { ValidationFailed } from '../errors';
import { parseEvent } from './parse';

const now = new Date('2026-06-01T12:00:00Z');
const id = '5E9709C7-9AD5-5DCA-B059-E4EA0393D43E';

function errorsOf(input: { type: string; occurredAt?: string; data: unknown }) {
  try {
    parseEvent({ eventId: id, occurredAt: '2026-01-05T10:00:00Z', ...input }, 'contoso', now);
  } catch (error) {
    if (error instanceof ValidationFailed) return error.errors;
    throw error;
  }
  return [];
}

describe('parseEvent', () => {
  it('normalizes the event id and occurredAt and keeps data exactly as posted', () => {
    const data = { dealId: 'A1', customerId: 'c-1', amount: '15000', source: 'partner_sourced' };
    const event = parseEvent(
      { eventId: id, type: 'deal.registered', occurredAt: '2026-01-05T11:00:00+01:00', data },
      'contoso',
      now,
    );
    expect(event).toEqual({
      eventId: id.toLowerCase(),
      type: 'deal.registered',
      occurredAt: '2026-01-05T10:00:00.000Z',
      recordedBy: 'contoso',
      data,
    });
  });

  it('names every bad field of data with the rule it breaks', () => {
    expect(
      errorsOf({ type: 'deal.registered', data: { dealId: '', amount: 12.5, source: 'ours', extra: 1 } }),
    ).toEqual([
      { path: 'data.dealId', message: 'must not be empty' },
      { path: 'data.customerId', message: 'is required' },
      { path: 'data.amount', message: 'must be a decimal string such as "1250.00"' },
      { path: 'data.source', message: 'must be one of: partner_sourced, partner_influenced, direct' },
      { path: 'data.extra', message: 'is not a field of deal.registered' },
    ]);
  });

  it.each([
    ['1250.001', 'too many fraction digits'],
    ['-5.00', 'a sign'],
    ['1e3', 'an exponent'],
    ['01.00', 'a leading zero'],
  ])('rejects the money amount %s (%s)', (amount) => {
    expect(errorsOf({ type: 'cost.incurred', data: { amount, category: 'mdf' } })).toEqual([
      {
        path: 'data.amount',
        message: 'must be a decimal string with at most 2 fraction digits, such as "1250.00"',
      },
    ]);
  });

  it('rejects an unknown type and lists the known ones', () => {
    const [error] = errorsOf({ type: 'deal.stolen', data: {} });
    expect(error.path).toBe('type');
    expect(error.message).toContain('deal.registered, deal.won');
  });

  it('rejects partnership.formed, which has its own route', () => {
    expect(errorsOf({ type: 'partnership.formed', data: {} })[0].message).toContain('POST /v1/partnerships');
  });

  it.each([
    ['2026-06-01T12:05:00Z', []],
    [
      '2026-06-01T12:05:01Z',
      [{ path: 'occurredAt', message: 'must not be more than 5 minutes in the future' }],
    ],
    ['2026-02-30T10:00:00Z', [expect.objectContaining({ path: 'occurredAt' })]],
    ['2026-01-05T10:00:00', [expect.objectContaining({ path: 'occurredAt' })]],
    ['yesterday', [expect.objectContaining({ path: 'occurredAt' })]],
  ])('checks occurredAt %s', (occurredAt, expected) => {
    expect(errorsOf({ type: 'customer.churned', occurredAt, data: { customerId: 'c-1' } })).toEqual(expected);
  });

  it.each([
    ['nps', 11, 'must be between 0 and 10 for metric nps'],
    ['nps', 7.5, 'must be a whole number from 0 to 10 for metric nps'],
    ['csat', 0, 'must be between 1 and 5 for metric csat'],
    ['brand_awareness', 101, 'must be between 0 and 100 for metric brand_awareness'],
  ])('checks the %s score range', (metric, score, message) => {
    expect(
      errorsOf({ type: 'survey.answered', data: { surveyId: 's', respondent: 'customer', metric, score } }),
    ).toEqual([{ path: 'data.score', message }]);
  });

  it('rejects a NUL character, which the ledger could not store', () => {
    expect(errorsOf({ type: 'customer.churned', data: { customerId: 'c\u0000' } })).toEqual([
      { path: 'data.customerId', message: 'must not contain control characters' },
    ]);
  });

  it('rejects a target for a KPI that is not in the catalogue', () => {
    expect(errorsOf({ type: 'target.set', data: { kpiId: 'happiness', target: 1 } })[0].path).toBe(
      'data.kpiId',
    );
  });
});
