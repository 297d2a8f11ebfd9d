import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { Fixtures, TestLedger, bearer, testBackends, unique, useLedger } from '../test/support/ledger';
import { record } from './support/figures';
import { Answer, throttleAwarePoster } from './support/load';

/**
 * Issue 5, item 3 — retries. A portal that lost a reply re-sends the same append. Every append (single
 * events, with and without expectedVersion, and batches of 2–20) is re-sent 3 times one after another
 * and, separately, sent 4 times at once: it is stored once, every answer carries the same receipt, the
 * first answer is 201 and the re-sends 200. Then 100 event ids already stored are re-used with new
 * content (other data, other occurredAt, other type), alone or inside a batch: every one is refused with
 * 409 and nothing is stored.
 */
const SINGLES_PER_MODE = 60;
const BATCHES_PER_MODE = 20;
const RESENDS = 3;
const REUSES = 100;
const REQUEST_TIMEOUT_MS = 60_000;

interface Event {
  eventId: string;
  type: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

interface Append {
  readonly mode: 'sequential' | 'concurrent';
  readonly partnershipId: string;
  readonly events: Event[];
  readonly batch: boolean;
  receipt?: Record<string, any>;
}

interface Stored {
  eventId: string;
  partnershipId: string;
  type: string;
  version: number;
  position: number;
  occurredAt: string;
  data: Record<string, unknown>;
  hash: string;
}

/**
 * The same JSON value with every object's keys in reverse order: the same content, serialized differently.
 */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reversedKeys(v)]),
    );
  return value;
}

describe.each(testBackends())('retried appends on %s', (backend) => {
  let ledger: TestLedger;
  let fx: Fixtures;
  useLedger(backend, (l, f) => {
    ledger = l;
    fx = f;
  });

  it(
    'stores every append re-sent 3× (one after another and at once) exactly once, with the same ' +
      'receipt; refuses 100 re-used ids with new content',
    async () => {
      await ledger.app.listen(0, '127.0.0.1');
      const base = (await ledger.app.getUrl()).replace('[::1]', '127.0.0.1');
      const w = await fx.world(unique('retry'));
      const second = await fx.between(w.keys.b, [w.orgs.a, w.orgs.b], `${w.orgs.a}-second`);
      const partnerships = [w.partnershipId, second];
      const versions = new Map(partnerships.map((p) => [p, 1]));

      const poster = throttleAwarePoster(REQUEST_TIMEOUT_MS);
      const post = (key: string, partnershipId: string, body: unknown): Promise<Answer> =>
        poster.post(`${base}/v1/partnerships/${partnershipId}/events`, key, body);

      let n = 0;
      const cost = (): Event => {
        n += 1;
        return {
          eventId: randomUUID(),
          type: 'cost.incurred',
          occurredAt: new Date(Date.UTC(2026, 1, 1) + n * 60_000).toISOString().replace('.000Z', 'Z'),
          data: { amount: `${n}.${String(n % 100).padStart(2, '0')}`, category: 'tools' },
        };
      };

      /**
       * One append's body; a third of the singles and every other batch carry the partnership's current
       * version.
       */
      const bodyOf = (a: Append, i: number): Record<string, unknown> => {
        const current = versions.get(a.partnershipId)!;
        if (!a.batch) {
          const expectedVersion = [undefined, 'exists', current][i % 3];
          return expectedVersion === undefined ? { ...a.events[0] } : { expectedVersion, ...a.events[0] };
        }
        return i % 2 === 0 ? { expectedVersion: current, events: a.events } : { events: a.events };
      };

      const appends: Append[] = [];
      const anomalies: string[] = [];
      const statuses = { first201: 0, resend200: 0, other: 0, identicalReceipts: 0, differentReceipts: 0 };

      const plan = (mode: Append['mode']): Append[] => [
        ...Array.from({ length: SINGLES_PER_MODE }, (_, i) => ({
          mode,
          partnershipId: partnerships[i % 2],
          events: [cost()],
          batch: false,
        })),
        ...Array.from({ length: BATCHES_PER_MODE }, (_, i) => ({
          mode,
          partnershipId: partnerships[i % 2],
          events: Array.from({ length: 2 + (i % 19) }, cost),
          batch: true,
        })),
      ];

      // Sequential: the append, then 3 re-sends one after another (the last with its keys in another order).
      for (const [i, a] of plan('sequential').entries()) {
        appends.push(a);
        const key = i % 2 === 0 ? w.keys.a : w.keys.b;
        const body = bodyOf(a, i);
        const answers: Answer[] = [];
        for (let k = 0; k <= RESENDS; k += 1)
          answers.push(await post(key, a.partnershipId, k === RESENDS ? reversedKeys(body) : body));
        judge(a, answers, 'sequential');
      }

      // Concurrent: the append and its 3 re-sends all at once.
      for (const [i, a] of plan('concurrent').entries()) {
        appends.push(a);
        const key = i % 2 === 0 ? w.keys.a : w.keys.b;
        const body = bodyOf(a, i);
        const answers = await Promise.all(
          Array.from({ length: RESENDS + 1 }, () => post(key, a.partnershipId, body)),
        );
        judge(a, answers, 'concurrent');
      }

      function judge(a: Append, answers: Answer[], mode: Append['mode']): void {
        const codes = answers.map((x) => x.status);
        const expected = mode === 'sequential' ? [201, 200, 200, 200] : [200, 200, 200, 201];
        const got = mode === 'sequential' ? codes : [...codes].sort();
        if (!isDeepStrictEqual(got, expected)) {
          statuses.other += 1;
          anomalies.push(
            `${mode} ${a.batch ? `batch of ${a.events.length}` : 'single'}: ` +
              `statuses ${codes.join(',')} ` +
              `${JSON.stringify(answers.find((x) => x.status >= 300)?.body ?? {}).slice(0, 200)}`,
          );
        } else {
          statuses.first201 += 1;
          statuses.resend200 += RESENDS;
        }
        const receipt = answers.find((x) => x.status === 201)?.body ?? answers[0].body;
        a.receipt = receipt;
        if (answers.every((x) => isDeepStrictEqual(x.body, receipt))) statuses.identicalReceipts += 1;
        else {
          statuses.differentReceipts += 1;
          anomalies.push(
            `${mode}: receipts ` +
              `differ: ${answers.map((x) => JSON.stringify(x.body).slice(0, 120)).join(' | ')}`,
          );
        }
        const ids = receipt.events?.map((e: { eventId: string }) => e.eventId);
        if (
          !isDeepStrictEqual(
            ids,
            a.events.map((e) => e.eventId),
          )
        )
          anomalies.push(`${mode}: receipt names ${JSON.stringify(ids)?.slice(0, 120)}, not the events sent`);
        if (typeof receipt.version === 'number') versions.set(a.partnershipId, receipt.version);
      }

      // The ledger after the retries: each event once, as its receipt says.
      const afterRetries = await readLedger(w.keys.auditor);
      const count = new Map<string, number>();
      for (const e of afterRetries) count.set(e.eventId, (count.get(e.eventId) ?? 0) + 1);
      const byId = new Map(afterRetries.map((e) => [e.eventId, e]));
      const sentEvents = appends.flatMap((a) => a.events.map((e, k) => ({ a, e, k })));
      let storedOnce = 0;
      let missing = 0;
      let mismatched = 0;
      for (const { a, e, k } of sentEvents) {
        const times = count.get(e.eventId) ?? 0;
        if (times === 1) storedOnce += 1;
        if (times === 0) missing += 1;
        const got = byId.get(e.eventId);
        const acked = a.receipt?.events?.[k];
        if (
          got &&
          !isDeepStrictEqual(
            {
              partnershipId: got.partnershipId,
              type: got.type,
              occurredAt: got.occurredAt,
              data: got.data,
              position: got.position,
              version: got.version,
              hash: got.hash,
            },
            {
              partnershipId: a.partnershipId,
              type: e.type,
              occurredAt: new Date(e.occurredAt).toISOString(),
              data: e.data,
              position: acked?.position,
              version: acked?.version,
              hash: acked?.hash,
            },
          )
        ) {
          mismatched += 1;
          anomalies.push(
            `stored ${JSON.stringify(got).slice(0, 200)} differs from receipt ${JSON.stringify(acked)}`,
          );
        }
      }
      const duplicated = [...count.values()].filter((c) => c > 1).reduce((s, c) => s + c - 1, 0);

      // 100 stored event ids re-used with new content: alone, or in a batch beside a new event.
      const reuse = { rejected409: 0, other: 0, freshStored: 0 };
      const kinds = { data: 0, occurredAt: 0, type: 0 };
      const freshIds: string[] = [];
      const headBefore = await headPosition();
      for (let i = 0; i < REUSES; i += 1) {
        const { a, e } = sentEvents[(i * 7) % sentEvents.length];
        const kind = (['data', 'occurredAt', 'type'] as const)[i % 3];
        kinds[kind] += 1;
        const changed: Event =
          kind === 'data'
            ? { ...e, data: { ...e.data, amount: `${Number(String(e.data.amount).split('.')[0]) + 1}.00` } }
            : kind === 'occurredAt'
              ? { ...e, occurredAt: new Date(Date.parse(e.occurredAt) + 60_000).toISOString() }
              : { ...e, type: 'cost.saved' };
        const fresh = cost();
        const inBatch = i % 2 === 1;
        if (inBatch) freshIds.push(fresh.eventId);
        const res = await post(
          i % 2 === 0 ? w.keys.a : w.keys.b,
          a.partnershipId,
          inBatch ? { events: [fresh, changed] } : changed,
        );
        if (
          res.status === 409 &&
          /^application\/problem\+json/.test(res.contentType) &&
          res.body.title === 'Event id already used' &&
          String(res.body.detail).includes(e.eventId)
        ) {
          reuse.rejected409 += 1;
        } else {
          reuse.other += 1;
          anomalies.push(
            `re-used ${e.eventId} with ` +
              `other ${kind}${inBatch ? ' in a batch' : ''}: ${res.status} ` +
              `${JSON.stringify(res.body).slice(0, 200)}`,
          );
        }
      }
      const afterReuse = await readLedger(w.keys.auditor);
      reuse.freshStored = afterReuse.filter((x) => freshIds.includes(x.eventId)).length;
      const headAfter = await headPosition();

      const totalEvents = sentEvents.length;
      record(`retries-${backend}`, {
        summary:
          `${appends.length} appends (${2 * SINGLES_PER_MODE} single events, ${2 * BATCHES_PER_MODE} ` +
          `batches of 2–20; ${totalEvents} events) each sent 1 + ${RESENDS} times, ` +
          `half one after another, half at once: ${storedOnce} of ${totalEvents} events stored ` +
          `exactly once, ${duplicated} duplicates, ${statuses.identicalReceipts} of ${appends.length} ` +
          `with identical receipts, ` +
          `${statuses.first201} answered 201 then ${RESENDS}× 200; ${REUSES} re-used ids with new ` +
          `content: ${reuse.rejected409} refused with 409, ${headAfter - headBefore} events stored`,
        numbers: {
          appends: appends.length,
          events: totalEvents,
          requests: appends.length * (RESENDS + 1) + REUSES,
          storedOnce,
          missing,
          duplicated,
          mismatched,
          identicalReceipts: statuses.identicalReceipts,
          answered201Then200: statuses.first201,
          otherStatuses: statuses.other,
          reusedIds: REUSES,
          reusedWithOtherData: kinds.data,
          reusedWithOtherOccurredAt: kinds.occurredAt,
          reusedWithOtherType: kinds.type,
          reusedRefused409: reuse.rejected409,
          reusedOtherAnswers: reuse.other,
          storedByReuse: headAfter - headBefore,
          throttledRetries: poster.throttled(),
        },
      });
      if (anomalies.length > 0)
        process.stdout.write(
          `[reliability] retries-${backend} anomalies (first ` +
            `20):\n  ${anomalies.slice(0, 20).join('\n  ')}\n`,
        );

      expect(anomalies).toEqual([]);
      expect({ storedOnce, missing, duplicated, mismatched }).toEqual({
        storedOnce: totalEvents,
        missing: 0,
        duplicated: 0,
        mismatched: 0,
      });
      expect(afterRetries).toHaveLength(partnerships.length + totalEvents);
      expect(statuses).toEqual({
        first201: appends.length,
        resend200: appends.length * RESENDS,
        other: 0,
        identicalReceipts: appends.length,
        differentReceipts: 0,
      });
      expect(reuse).toEqual({ rejected409: REUSES, other: 0, freshStored: 0 });
      expect(headAfter).toBe(headBefore);
      expect(afterReuse).toEqual(afterRetries);
    },
  );

  async function headPosition(): Promise<number> {
    return Number((await ledger.http.get('/health').expect(200)).body.info.database.ledgerPosition);
  }

  async function readLedger(auditorKey: string): Promise<Stored[]> {
    const all: Stored[] = [];
    for (let from = 1; ;) {
      const res = await ledger.http
        .get(`/v1/events?fromPosition=${from}&limit=1000`)
        .set(bearer(auditorKey))
        .expect(200);
      if (res.body.items.length === 0) return all;
      all.push(...res.body.items);
      from = res.body.nextPosition;
    }
  }
});
