import { leafHash } from '@ledger/verification';
import { IdempotencyConflictError, InvalidAppendError, WrongExpectedVersionError } from '../errors';
import { EventStore, RecordedEvent } from '../port';
import { newEvent, newEvents, streamName } from '../testing/events';
import { Keys, commandsContract } from './commands.contract';
import { concurrencyContract } from './concurrency.contract';

export { KEYS_FOLD, Keys } from './commands.contract';

/** What an adapter provides to run the contract: fresh store instances on one shared database. */
export interface ContractSetup {
  /** Another instance on the same database, as a second process would have, folding KEYS_FOLD. */
  connect(): Promise<EventStore<Keys>>;
  teardown(): Promise<void>;
}

/**
 * The behavioural contract every EventStore adapter passes (see the Guarantees in port.ts). Tests share
 * one database, so each uses its own streams and reasons about positions relative to the head it saw.
 */
export function eventStoreContract(
  name: string,
  setup: () => Promise<ContractSetup>,
  timeoutMs: number,
): void {
  describe(`EventStore contract: ${name}`, () => {
    let ctx: ContractSetup;
    let store: EventStore<Keys>;
    const connect = () => ctx.connect();

    beforeAll(async () => {
      ctx = await setup();
      store = await ctx.connect();
    }, timeoutMs);
    afterAll(() => ctx?.teardown(), timeoutMs);

    describe('appending and reading', () => {
      it('numbers a new stream 1, 2, 3 … and the ledger from the head on', async () => {
        const s = streamName();
        const head = await store.headPosition();
        const events = newEvents(3);
        const result = await store.append(s, events);
        expect(result).toEqual({
          streamId: s,
          version: 3,
          replayed: false,
          events: events.map((e, i) => ({
            eventId: e.eventId,
            type: e.type,
            version: i + 1,
            position: expect.any(Number),
            hash: expect.stringMatching(/^[0-9a-f]{64}$/),
          })),
        });
        const positions = result.events.map((e) => e.position);
        expect(positions[0]).toBeGreaterThan(head);
        expect(positions).toEqual([positions[0], positions[0] + 1, positions[0] + 2]);
        expect(await store.streamVersion(s)).toBe(3);
        expect(await store.streamVersion(streamName())).toBe(0);
      });

      it(
        'reads back exactly what was appended, ' + 'with a hash that is the RFC 9162 leaf of its fields',
        async () => {
          const s = streamName();
          const data = {
            text: 'Zürich — 東京 🚀',
            n: 0.1,
            big: 1e21,
            nested: { list: [1, 'two', null, true] },
            empty: {},
          };
          const event = newEvent({ data });
          const {
            events: [receipt],
          } = await store.append(s, [event]);
          const [read] = await store.readStream(s);
          expect(read).toEqual({
            ...event,
            streamId: s,
            version: 1,
            position: receipt.position,
            recordedAt: expect.any(String),
            hash: receipt.hash,
          });
          expect(read.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
          expect(leafHash({ ...read, partnershipId: s })).toBe(read.hash);
        },
      );

      it('pages through a stream by version and the ledger by position', async () => {
        const s = streamName();
        await store.append(s, newEvents(5));
        expect((await store.readStream(s, { fromVersion: 2, limit: 2 })).map((e) => e.version)).toEqual([
          2, 3,
        ]);
        expect(await store.readStream(s, { fromVersion: 6 })).toEqual([]);
        const all = await store.readStream(s);
        const page = await store.readAll({ fromPosition: all[1].position, limit: 3 });
        expect(page.map((e) => e.position)).toEqual([all[1].position, all[2].position, all[3].position]);
      });

      it("finds a stream's events by id, leaving out unknown ids and other streams' events", async () => {
        const [s, other] = [streamName(), streamName()];
        const events = newEvents(2);
        await store.append(s, events);
        await store.append(other, [events[0]]);
        const found = await store.findEvents(s, [events[1].eventId, newEvent().eventId, 'not-a-uuid']);
        expect(found.map((e) => e.eventId)).toEqual([events[1].eventId]);
        expect(
          (await store.findEvents(other, [events[0].eventId, events[1].eventId])).map((e) => [
            e.streamId,
            e.eventId,
          ]),
        ).toEqual([[other, events[0].eventId]]);
      });

      it('lists every stream with its version', async () => {
        const [a, b] = [streamName('list'), streamName('list')];
        await store.append(a, newEvents(2));
        await store.append(b, newEvents(1));
        const listed = await store.listStreams();
        expect(listed).toEqual(
          expect.arrayContaining([
            { streamId: a, version: 2 },
            { streamId: b, version: 1 },
          ]),
        );
        expect(listed.map((s) => s.streamId)).toEqual([...listed.map((s) => s.streamId)].sort());
      });

      it('keeps recordedAt non-decreasing along positions', async () => {
        const head = await store.headPosition();
        await Promise.all(Array.from({ length: 10 }, () => store.append(streamName(), newEvents(2))));
        const read = await store.readAll({ fromPosition: head + 1 });
        const times = read.map((e) => e.recordedAt);
        expect([...times].sort()).toEqual(times);
      });

      it('rejects malformed appends before touching the database', async () => {
        const s = streamName();
        const e = newEvent();
        await expect(store.append(s, [])).rejects.toBeInstanceOf(InvalidAppendError);
        await expect(store.append(s, newEvents(1001))).rejects.toBeInstanceOf(InvalidAppendError);
        await expect(store.append(s, [e, e])).rejects.toBeInstanceOf(InvalidAppendError);
        expect(await store.streamVersion(s)).toBe(0);
      });
    });

    describe('expected versions', () => {
      it(
        'appends when the stream is at the expected version, ' + 'and refuses otherwise with the actual one',
        async () => {
          const s = streamName();
          await store.append(s, newEvents(2), { expectedVersion: 0 });
          await store.append(s, newEvents(1), { expectedVersion: 2 });
          const error = await store.append(s, newEvents(1), { expectedVersion: 2 }).catch((e: unknown) => e);
          expect(error).toBeInstanceOf(WrongExpectedVersionError);
          expect(error).toMatchObject({ streamId: s, expected: 2, actual: 3 });
          expect(await store.streamVersion(s)).toBe(3);
        },
      );

      it('understands no_stream, exists and any', async () => {
        const s = streamName();
        await expect(store.append(s, newEvents(1), { expectedVersion: 'exists' })).rejects.toMatchObject({
          actual: 0,
        });
        await store.append(s, newEvents(1), { expectedVersion: 'no_stream' });
        await expect(store.append(s, newEvents(1), { expectedVersion: 'no_stream' })).rejects.toBeInstanceOf(
          WrongExpectedVersionError,
        );
        await store.append(s, newEvents(1), { expectedVersion: 'exists' });
        await store.append(s, newEvents(1), { expectedVersion: 'any' });
        expect(await store.streamVersion(s)).toBe(3);
      });
    });

    describe('idempotency', () => {
      it(
        'returns the original receipt for a re-append and ' +
          'writes nothing, even with a stale expected version',
        async () => {
          const s = streamName();
          const events = newEvents(3);
          const first = await store.append(s, events, { expectedVersion: 'no_stream' });
          await store.append(s, newEvents(1));
          const head = await store.headPosition();
          const again = await store.append(s, events, { expectedVersion: 'no_stream' });
          expect(again).toEqual({ ...first, replayed: true });
          expect(await store.headPosition()).toBe(head);
          expect(await store.streamVersion(s)).toBe(4);
        },
      );

      it('refuses an id stored in the stream with other content, or mixed with new ids', async () => {
        const s = streamName();
        const [a, b] = newEvents(2);
        await store.append(s, [a]);
        const conflicts = [
          store.append(s, [{ ...a, data: { amount: '1.00', category: 'mdf' } }]),
          store.append(s, [{ ...a, occurredAt: '2026-01-11T09:00:00.000Z' }]),
          store.append(s, [{ ...a, type: 'cost.saved' }]),
          store.append(s, [a, b]),
        ];
        for (const attempt of conflicts)
          await expect(attempt).rejects.toBeInstanceOf(IdempotencyConflictError);
        expect(await store.streamVersion(s)).toBe(1);
      });

      it(
        "scopes ids to their stream: another stream's id is a new event there, whatever it " + 'carries',
        async () => {
          const [s, other] = [streamName(), streamName()];
          const a = newEvent();
          const first = await store.append(s, [a]);
          const elsewhere = await store.append(other, [{ ...a, data: { amount: '2.00', category: 'mdf' } }]);
          expect(elsewhere.replayed).toBe(false);
          expect(elsewhere.events[0]).toMatchObject({ eventId: a.eventId, version: 1 });
          expect(elsewhere.events[0].position).toBeGreaterThan(first.events[0].position);
          // Both are kept, and a retry in either stream is answered from that stream.
          expect((await store.append(s, [a])).events).toEqual(first.events);
          expect(
            (await store.append(other, [{ ...a, data: { amount: '2.00', category: 'mdf' } }])).events,
          ).toEqual(elsewhere.events);
        },
      );

      it('treats data with the same JSON value but another key order as identical', async () => {
        const s = streamName();
        const e = newEvent({ data: { amount: '1.00', category: 'mdf' } });
        const first = await store.append(s, [e]);
        const again = await store.append(s, [{ ...e, data: { category: 'mdf', amount: '1.00' } }]);
        expect(again.events).toEqual(first.events);
      });

      it('stores concurrent retries of one append once, each retry getting the same receipt', async () => {
        const s = streamName();
        const events = newEvents(5);
        const stores = [store, await connect()];
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) => stores[i % 2].append(s, events)),
        );
        expect(new Set(results.map((r) => JSON.stringify(r.events))).size).toBe(1);
        expect(results.filter((r) => !r.replayed)).toHaveLength(1);
        expect(await store.streamVersion(s)).toBe(5);
        await stores[1].close();
      });
    });

    describe('atomicity', () => {
      it('stores a batch of 1000 whole, or nothing when one of its events conflicts', async () => {
        const s = streamName();
        const taken = newEvent();
        await store.append(s, [taken]);
        const head = await store.headPosition();
        const batch = [...newEvents(999), { ...taken, data: { amount: '9.99', category: 'tools' } }];
        await expect(store.append(s, batch)).rejects.toBeInstanceOf(IdempotencyConflictError);
        expect(await store.streamVersion(s)).toBe(1);
        expect(await store.headPosition()).toBe(head);
        const ok = await store.append(s, newEvents(1000));
        expect(ok.version).toBe(1001);
        const read = await store.readStream(s, { fromVersion: 2, limit: 1000 });
        expect(read.map((e) => e.version)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 2));
      });
    });

    commandsContract(() => store, connect);
    concurrencyContract(() => store, connect);
  });
}

export function positionsOf(events: readonly RecordedEvent[]): number[] {
  return events.map((e) => e.position);
}
