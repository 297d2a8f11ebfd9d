import { StoreBusyError, StoreUnavailableError } from '@ledger/event-store';
import { problemFor } from './problem.filter';

describe('problemFor: what the store reports becomes the problem a client acts on', () => {
  it('names contention for what it is: 503 ledger-busy, safe to retry', () => {
    const answer = problemFor(new StoreBusyError('the ledger is being written by other writers'));
    expect(answer).toMatchObject({ status: 503, title: 'Ledger busy' });
    expect(answer.type).toMatch(/\/ledger-busy$/);
    expect(answer.detail).toMatch(/retry with the same eventIds, which is safe$/);
  });

  it('keeps an outage an outage: 503 database-unavailable', () => {
    const answer = problemFor(new StoreUnavailableError('the database is unavailable (append)'));
    expect(answer).toMatchObject({ status: 503, title: 'Service unavailable' });
    expect(answer.type).toMatch(/\/database-unavailable$/);
  });
});
