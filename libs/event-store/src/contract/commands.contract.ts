import { WrongExpectedVersionError } from '../errors';
import { EventStore, NewEvent, StreamCommand } from '../port';
import { StreamFold } from '../stream-states';
import { newEvent, streamName } from '../testing/events';

/** The contract's stream state: the keys registered (a stand-in for a decider's state). */
export type Keys = ReadonlySet<string>;

/** Adapters connect the contract's stores with this fold. */
export const KEYS_FOLD: StreamFold<Keys> = {
  initial: () => new Set(),
  evolve: (keys, e) => (e.type === 'key.registered' ? new Set([...keys, String(e.data.key)]) : keys),
};

function refuseTaken(keys: Keys, key: string, events: readonly NewEvent[]): readonly NewEvent[] {
  if (keys.has(key)) throw new Error(`key ${key} is taken`);
  return events;
}

/**
 * The contract's part on commands: decided against their stream's state as of the head they are
 * planned on, also when another process appended since this one looked.
 */
export function commandsContract(
  store: () => EventStore<Keys>,
  connect: () => Promise<EventStore<Keys>>,
): void {
  describe('commands decided against the stream', () => {
    const register = (
      streamId: string,
      key: string,
      over: Partial<StreamCommand<Keys>> = {},
    ): StreamCommand<Keys> => {
      const events = [newEvent({ type: 'key.registered', data: { key } })];
      return { streamId, events, decide: (state) => refuseTaken(state, key, events), ...over };
    };

    it(
      'decides on the state at the head, ' + 'also when another process appended since this one looked',
      async () => {
        const s = streamName();
        const other = await connect();
        await store().handle(register(s, 'k1'));
        expect((await store().state(s)).state).toEqual(new Set(['k1']));
        await other.handle(register(s, 'k2'));
        await expect(store().handle(register(s, 'k2'))).rejects.toThrow('key k2 is taken');
        await store().handle(register(s, 'k3'));
        expect(await store().state(s)).toEqual({ version: 3, state: new Set(['k1', 'k2', 'k3']) });
        await other.close();
      },
    );

    it(
      'decides commands to one stream one after another: ' + 'of ten registering one key, one wins',
      async () => {
        const s = streamName();
        const stores = [store(), await connect()];
        const answers = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) => stores[i % 2].handle(register(s, 'same'))),
        );
        expect(answers.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
        expect(
          answers
            .filter((a) => a.status === 'rejected')
            .map((a) => String((a as PromiseRejectedResult).reason)),
        ).toEqual(Array.from({ length: 9 }, () => expect.stringContaining('key same is taken')));
        expect(await store().streamVersion(s)).toBe(1);
        await stores[1].close();
      },
    );

    it(
      'answers a retry from the ledger before deciding (decide ' +
        'would refuse it now), and checks the version before deciding',
      async () => {
        const s = streamName();
        const first = register(s, 'k');
        const receipt = await store().handle(first);
        expect(await store().handle(first)).toEqual({ ...receipt, replayed: true });
        const decide = jest.fn(() => []);
        await expect(store().handle(register(s, 'x', { expectedVersion: 7, decide }))).rejects.toBeInstanceOf(
          WrongExpectedVersionError,
        );
        expect(decide).not.toHaveBeenCalled();
      },
    );

    it('appends what decide adds to the caller’s events, in the same commit', async () => {
      const s = streamName();
      const events = [newEvent({ type: 'key.registered', data: { key: 'a' } })];
      const added = newEvent({ type: 'key.noted' });
      const result = await store().handle({ streamId: s, events, decide: () => [...events, added] });
      expect(result.events.map((e) => [e.eventId, e.version])).toEqual([
        [events[0].eventId, 1],
        [added.eventId, 2],
      ]);
    });
  });
}
