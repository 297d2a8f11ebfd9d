import { randomUUID } from 'node:crypto';
import { DomainEvent, DomainEventOf } from '@ledger/domain';
import { AppendOutcome, AppendPart, EventStore, PostgresEventStore } from '@ledger/event-store';
import { DATABASE_TIMEOUT_MS, TestDatabase, createTestDatabase, testBackends } from '../../../../../libs/event-store/src/testing/databases';
import { LedgerMetrics } from '../../metrics/metrics';
import { PartnershipStates } from '../partnership-states';
import { PartnershipWriter } from './partnership-writer';

/**
 * The writer against a real store, with another "process" appending at the worst moment: between the
 * moment a round is decided and the moment it is appended. Real: the store and its database. The only
 * intervention is that foreign append, made through the same store as a second API instance would.
 */
const ev = <T extends DomainEvent['type']>(type: T, data: DomainEventOf<T>['data']) =>
  ({ eventId: randomUUID(), type, occurredAt: '2026-01-10T00:00:00.000Z', recordedBy: 'acme', data }) as DomainEvent;

describe.each(testBackends())('PartnershipWriter racing another process on %s', (backend) => {
  let db: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    store = await PostgresEventStore.connect({ connectionString: db.connectionString });
  }, DATABASE_TIMEOUT_MS);
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  }, DATABASE_TIMEOUT_MS);

  it('never appends a request decided after one that lost the race (no deal won before it is registered)', async () => {
    let foreignAppends = 0;
    const racing: EventStore = Object.create(store, {
      appendSequence: {
        value: async (streamId: string, parts: readonly AppendPart[]): Promise<AppendOutcome[]> => {
          // Another instance appends right after this round was decided: the registration loses the race.
          if (parts[0]?.events[0]?.type === 'deal.registered' && foreignAppends === 0) {
            foreignAppends += 1;
            await store.append(streamId, [{ ...ev('ip.filed', { ipId: 'foreign', kind: 'patent' }) }]);
          }
          return store.appendSequence(streamId, parts);
        },
      },
    });
    const writer = new PartnershipWriter(racing, new PartnershipStates(racing), new LedgerMetrics());
    const pid = `race-${randomUUID().slice(0, 8)}`;
    const formed = ev('partnership.formed', { name: 'race', type: 'reseller', partnerOrgIds: ['acme', 'globex'], currency: 'EUR', startedAt: '2025-01-01T00:00:00.000Z' });
    await writer.write(pid, { commands: [{ type: 'FormPartnership', event: formed as DomainEventOf<'partnership.formed'> }], expectedVersion: 'no_stream' });

    // Posted back to back, the two are decided in one round: the win against the registration's state.
    const record = (e: DomainEvent) => writer.write(pid, { commands: [{ type: 'RecordEvent', event: e }], expectedVersion: 'any' });
    const registered = record(ev('deal.registered', { dealId: 'X', customerId: 'c', amount: '10.00', source: 'direct' }));
    const won = record(ev('deal.won', { dealId: 'X', amount: '10.00' }));
    const outcomes = await Promise.all([registered, won]);

    expect(foreignAppends).toBe(1);
    expect(outcomes.every((o) => !o.replayed)).toBe(true);
    const types = (await store.readStream(pid)).map((e) => `${e.type}${e.data.ipId === 'foreign' ? ' (foreign)' : ''}`);
    expect(types.indexOf('deal.registered')).toBeLessThan(types.indexOf('deal.won'));
    expect(types.sort()).toEqual(['deal.registered', 'deal.won', 'ip.filed (foreign)', 'partnership.formed']);
  });

  describe('deciding on a cached state that another process has overtaken', () => {
    const formed = () => ev('partnership.formed', { name: 'stale', type: 'reseller', partnerOrgIds: ['acme', 'globex'], currency: 'EUR', startedAt: '2025-01-01T00:00:00.000Z' });
    const setup = async () => {
      const writer = new PartnershipWriter(store, new PartnershipStates(store), new LedgerMetrics());
      const pid = `stale-${randomUUID().slice(0, 8)}`;
      await writer.write(pid, { commands: [{ type: 'FormPartnership', event: formed() as DomainEventOf<'partnership.formed'> }], expectedVersion: 'no_stream' });
      const record = (e: DomainEvent) => writer.write(pid, { commands: [{ type: 'RecordEvent', event: e }], expectedVersion: 'any' });
      return { pid, record };
    };

    it('refuses a rule that events of the other process break, though the cache did not know them', async () => {
      const { pid, record } = await setup();
      await store.append(pid, [ev('deal.registered', { dealId: 'X', customerId: 'c', amount: '10.00', source: 'direct' })]);
      await expect(record(ev('deal.registered', { dealId: 'X', customerId: 'c', amount: '10.00', source: 'direct' }))).rejects.toThrow(/X/);
      expect((await store.readStream(pid)).map((e) => e.type)).toEqual(['partnership.formed', 'deal.registered']);
    });

    it('answers a re-posted event that the other process stored with its original receipt', async () => {
      const { pid, record } = await setup();
      const event = ev('customer.acquired', { customerId: 'c1', channel: 'partner' });
      const [original] = (await store.append(pid, [event])).events;
      const outcome = await record(event);
      expect(outcome).toEqual({ version: 2, events: [original], replayed: true });
      expect((await store.readStream(pid)).map((e) => e.type)).toEqual(['partnership.formed', 'customer.acquired']);
    });
  });
});
