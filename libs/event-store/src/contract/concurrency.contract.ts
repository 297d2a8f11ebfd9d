import { WrongExpectedVersionError } from '../errors';
import { EventStore, RecordedEvent } from '../port';
import { newEvents, streamName } from '../testing/events';

/** Concurrency guarantees: several writers (and several store instances, as processes) at once. */
/** Generous: these tests run while other suites load the same two cores. */
const HEAVY_TEST_MS = 120_000;

export function concurrencyContract(store: () => EventStore, connect: () => Promise<EventStore>): void {
  describe('concurrency', () => {
    it(
      'lets exactly one of 20 writers with the same expected version win each round',
      async () => {
        const s = streamName();
        const others = await Promise.all([connect(), connect()]);
        const writers = [store(), ...others];
        for (let round = 0; round < 10; round += 1) {
          const attempts = await Promise.allSettled(
            Array.from({ length: 20 }, (_, i) =>
              writers[i % writers.length].append(s, newEvents(2), { expectedVersion: round * 2 }),
            ),
          );
          const won = attempts.filter((a) => a.status === 'fulfilled');
          const lost = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
          expect(won).toHaveLength(1);
          expect(lost.every((a) => a.reason instanceof WrongExpectedVersionError)).toBe(true);
        }
        const read = await store().readStream(s);
        expect(read.map((e) => e.version)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
        await Promise.all(others.map((o) => o.close()));
      },
      HEAVY_TEST_MS,
    );

    it(
      'stores every acknowledged event of 16 concurrent appenders × 200 events exactly once, without gaps',
      async () => {
        const others = await Promise.all([connect(), connect(), connect()]);
        const writers = [store(), ...others];
        const head = await store().headPosition();
        const acknowledged: string[] = [];
        await Promise.all(
          Array.from({ length: 16 }, async (_, w) => {
            const s = streamName(`w${w}`);
            for (let i = 0; i < 200; i += 1) {
              const events = newEvents(1);
              await writers[w % writers.length].append(s, events);
              acknowledged.push(events[0].eventId);
            }
          }),
        );
        const stored = await readFrom(store(), head + 1);
        expect(stored.map((e) => e.position)).toEqual(
          Array.from({ length: stored.length }, (_, i) => head + 1 + i),
        );
        expect(new Set(stored.map((e) => e.eventId))).toEqual(new Set(acknowledged));
        expect(stored).toHaveLength(16 * 200);
        await Promise.all(others.map((o) => o.close()));
      },
      HEAVY_TEST_MS,
    );

    it(
      'never lets a reader following positions skip an event committed later with a lower position',
      async () => {
        const others = await Promise.all([connect(), connect()]);
        const writers = [store(), ...others];
        const head = await store().headPosition();
        let writing = true;
        const seen: number[] = [];
        const reader = (async () => {
          let next = head + 1;
          while (writing || next <= (await store().headPosition())) {
            const page = await store().readAll({ fromPosition: next, limit: 50 });
            for (const e of page) {
              seen.push(e.position);
              next = e.position + 1;
            }
            if (page.length === 0) await new Promise((r) => setTimeout(r, 1));
          }
        })();
        await Promise.all(
          Array.from({ length: 12 }, (_, w) =>
            (async () => {
              for (let i = 0; i < 25; i += 1)
                await writers[w % 3].append(streamName(), newEvents(1 + (i % 3)));
            })(),
          ),
        );
        writing = false;
        await reader;
        const total = (await store().headPosition()) - head;
        expect(seen).toEqual(Array.from({ length: total }, (_, i) => head + 1 + i));
        await Promise.all(others.map((o) => o.close()));
      },
      HEAVY_TEST_MS,
    );
  });
}

async function readFrom(store: EventStore, from: number): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for (
    let page = await store.readAll({ fromPosition: from });
    page.length > 0;
    page = await store.readAll({ fromPosition: out[out.length - 1].position + 1 })
  ) {
    out.push(...page);
  }
  return out;
}
