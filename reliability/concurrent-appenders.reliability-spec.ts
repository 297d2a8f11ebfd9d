import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { leafHash } from '@ledger/verification';
import { Fixtures, TestLedger, bearer, testBackends, unique, useLedger } from '../test/support/ledger';
import { record } from './support/figures';

/**
 * Issue 5, item 1 — concurrent appenders. 32 writers × 500 events each through the HTTP API of a
 * listening server; half of the writers share one partnership, the other half write to one each; a
 * quarter of the writers post batches of 10, the rest one event per request. Every request's outcome is
 * recorded: acknowledged (201/200 with a receipt), rejected (4xx) or unknown (network error, timeout,
 * 5xx). Then the whole ledger is read back (GET /v1/events, auditor key) and checked against the
 * receipts: every acknowledged event stored exactly once with the acknowledged position, version and
 * hash; 0 lost, 0 duplicated; unknown outcomes stored 0 or 1 times; positions 1..N without gaps; each
 * partnership's versions 1..k without gaps.
 */
const WRITERS = 32;
const EVENTS_PER_WRITER = 500;
const SHARED_WRITERS = 16;
const BATCH_SIZE = 10;
/** A request that has not answered after this long has an unknown outcome. */
const REQUEST_TIMEOUT_MS = 60_000;

type Outcome = 'acknowledged' | 'rejected' | 'unknown';

interface SentEvent {
  readonly eventId: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly data: Record<string, unknown>;
}

interface ReceiptEvent {
  readonly eventId: string;
  readonly type: string;
  readonly version: number;
  readonly position: number;
  readonly hash: string;
}

interface RequestRecord {
  readonly writer: number;
  readonly partnershipId: string;
  readonly events: SentEvent[];
  outcome: Outcome;
  status?: number;
  receipt?: { partnershipId: string; version: number; events: ReceiptEvent[] };
  problem?: string;
  millis: number;
}

interface StoredEvent extends ReceiptEvent {
  readonly partnershipId: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
  readonly data: Record<string, unknown>;
}

/** A mix of event types that no business rule can refuse (every dealId is new). */
function makeEvent(writer: number, n: number): SentEvent {
  const eventId = randomUUID();
  const occurredAt = new Date(Date.UTC(2026, 0, 1) + (writer * EVENTS_PER_WRITER + n) * 60_000)
    .toISOString()
    .replace('.000Z', 'Z');
  const cents = String(n % 100).padStart(2, '0');
  switch (n % 6) {
    case 0:
      return {
        eventId,
        type: 'cost.incurred',
        occurredAt,
        data: { amount: `${writer + 1}${n}.${cents}`, category: 'mdf' },
      };
    case 1:
      return {
        eventId,
        type: 'deal.registered',
        occurredAt,
        data: {
          dealId: `w${writer}-d${n}`,
          customerId: `w${writer}-c${n}`,
          amount: `${n + 1}000.00`,
          source: 'partner_sourced',
        },
      };
    case 2:
      return {
        eventId,
        type: 'engagement.logged',
        occurredAt,
        data: { activity: 'co_selling', durationMinutes: 30 + (n % 90) },
      };
    case 3:
      return {
        eventId,
        type: 'lead.generated',
        occurredAt,
        data: { leadId: `w${writer}-l${n}`, channel: 'partner', qualified: n % 2 === 0 },
      };
    case 4:
      return {
        eventId,
        type: 'survey.answered',
        occurredAt,
        data: { surveyId: `w${writer}-s${n}`, respondent: 'customer', metric: 'csat', score: 1 + (n % 5) },
      };
    default:
      return { eventId, type: 'customer.referred', occurredAt, data: { customerId: `w${writer}-r${n}` } };
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

describe.each(testBackends())('32 concurrent appenders over HTTP on %s', (backend) => {
  let ledger: TestLedger;
  let fx: Fixtures;
  useLedger(backend, (l, f) => {
    ledger = l;
    fx = f;
  });

  it('stores every acknowledged event exactly once, with its receipt, and nothing twice', async () => {
    await ledger.app.listen(0, '127.0.0.1');
    const base = (await ledger.app.getUrl()).replace('[::1]', '127.0.0.1');

    // Fixtures: two organizations, one shared partnership, one partnership per solo writer, a key per writer.
    const w = await fx.world(unique('conc'));
    const shared = w.partnershipId;
    const writerKeys: string[] = [];
    for (let i = 0; i < WRITERS; i += 1)
      writerKeys.push(await fx.key('partner', i % 2 === 0 ? w.orgs.a : w.orgs.b));
    const target: string[] = [];
    for (let i = 0; i < WRITERS; i += 1) {
      target.push(
        i < SHARED_WRITERS
          ? shared
          : await fx.between(w.keys.a, [w.orgs.a, w.orgs.b], `${w.orgs.a}-solo-${i}`),
      );
    }
    const fixtureEvents = await readLedger(w.keys.auditor);
    expect(fixtureEvents.map((e) => e.type)).toEqual(
      Array(1 + WRITERS - SHARED_WRITERS).fill('partnership.formed'),
    );

    const requests: RequestRecord[] = [];
    let throttled = 0;

    const post = async (writer: number, events: SentEvent[]): Promise<void> => {
      const partnershipId = target[writer];
      const body = JSON.stringify(events.length === 1 ? events[0] : { events });
      const entry: RequestRecord = { writer, partnershipId, events, outcome: 'unknown', millis: 0 };
      requests.push(entry);
      const started = performance.now();
      for (;;) {
        try {
          const res = await fetch(`${base}/v1/partnerships/${encodeURIComponent(partnershipId)}/events`, {
            method: 'POST',
            headers: { ...bearer(writerKeys[writer]), 'content-type': 'application/json' },
            body,
            signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          });
          const text = await res.text();
          entry.status = res.status;
          if (res.status === 429) {
            // The rate limit refused it before anything was done: wait as told and re-send the same events.
            throttled += 1;
            await sleep(1000 * Number(res.headers.get('retry-after') ?? 1));
            continue;
          }
          if (res.status === 201 || res.status === 200) {
            entry.outcome = 'acknowledged';
            entry.receipt = JSON.parse(text);
          } else if (res.status >= 400 && res.status < 500) {
            entry.outcome = 'rejected';
            entry.problem = text.slice(0, 300);
          } else {
            entry.outcome = 'unknown';
            entry.problem = text.slice(0, 300);
          }
        } catch (error) {
          entry.outcome = 'unknown';
          entry.problem = (error as Error).message;
        }
        break;
      }
      entry.millis = performance.now() - started;
    };

    const writer = async (i: number): Promise<void> => {
      const perRequest = i % 4 === 3 ? BATCH_SIZE : 1;
      for (let n = 0; n < EVENTS_PER_WRITER; n += perRequest) {
        await post(
          i,
          Array.from({ length: perRequest }, (_, k) => makeEvent(i, n + k)),
        );
      }
    };

    const started = performance.now();
    await Promise.all(Array.from({ length: WRITERS }, (_, i) => writer(i)));
    const seconds = (performance.now() - started) / 1000;

    // The final read of the whole ledger, by an auditor.
    const stored = await readLedger(w.keys.auditor);
    const count = new Map<string, number>();
    for (const e of stored) count.set(e.eventId, (count.get(e.eventId) ?? 0) + 1);
    const byId = new Map(stored.map((e) => [e.eventId, e]));

    const problems: string[] = [];
    const tally = { acknowledged: 0, rejected: 0, unknown: 0, replayed: 0 };
    const events = {
      sent: 0,
      acknowledged: 0,
      rejected: 0,
      unknown: 0,
      unknownStored: 0,
      lost: 0,
      rejectedStored: 0,
      mismatched: 0,
    };
    const sentIds = new Set<string>();
    for (const r of requests) {
      tally[r.outcome] += 1;
      if (r.status === 200) tally.replayed += 1;
      for (const e of r.events) sentIds.add(e.eventId);
      events.sent += r.events.length;
      events[r.outcome] += r.events.length;
      if (r.outcome === 'acknowledged') {
        const receipt = r.receipt!;
        const ids = receipt.events?.map((e) => e.eventId);
        if (
          receipt.partnershipId !== r.partnershipId ||
          JSON.stringify(ids) !== JSON.stringify(r.events.map((e) => e.eventId))
        ) {
          problems.push(
            `writer ${r.writer}: receipt ${JSON.stringify(receipt).slice(0, 200)} does not name the ` +
              `events sent`,
          );
        }
        const versions = receipt.events.map((e) => e.version);
        if (versions.some((v, k) => v !== versions[0] + k) || receipt.version !== versions.at(-1)) {
          problems.push(
            `writer ${r.writer}: receipt versions ${versions.join(',')} / ${receipt.version} are ` +
              `not consecutive`,
          );
        }
        for (const [k, sent] of r.events.entries()) {
          const got = byId.get(sent.eventId);
          const acked = receipt.events[k];
          if (!got) {
            events.lost += 1;
            problems.push(
              `lost: acknowledged event ${sent.eventId} (writer ${r.writer}, ` +
                `position ${acked?.position}) is not in the ledger`,
            );
            continue;
          }
          const expected = {
            eventId: sent.eventId,
            partnershipId: r.partnershipId,
            type: sent.type,
            occurredAt: new Date(sent.occurredAt).toISOString(),
            data: sent.data,
            position: acked?.position,
            version: acked?.version,
            hash: acked?.hash,
          };
          const actual = {
            eventId: got.eventId,
            partnershipId: got.partnershipId,
            type: got.type,
            occurredAt: got.occurredAt,
            data: got.data,
            position: got.position,
            version: got.version,
            hash: got.hash,
          };
          if (!isDeepStrictEqual(actual, expected)) {
            events.mismatched += 1;
            problems.push(
              `stored ${JSON.stringify(actual)} differs from acknowledged ${JSON.stringify(expected)}`,
            );
          }
        }
      } else {
        for (const sent of r.events) {
          const n = count.get(sent.eventId) ?? 0;
          if (r.outcome === 'rejected' && n > 0) {
            events.rejectedStored += 1;
            problems.push(`rejected event ${sent.eventId} (${r.status}) was stored`);
          }
          if (r.outcome === 'unknown' && n > 0) events.unknownStored += 1;
        }
        if (r.outcome === 'rejected' || r.outcome === 'unknown')
          problems.push(`${r.outcome}: writer ${r.writer} ${r.status ?? 'no answer'} ${r.problem ?? ''}`);
      }
    }

    // Batches are atomic: every event of a batch stored, or none.
    for (const r of requests.filter((q) => q.events.length > 1)) {
      const present = r.events.filter((e) => count.has(e.eventId)).length;
      if (present !== 0 && present !== r.events.length)
        problems.push(`partial batch: ${present} of ${r.events.length} events of writer ${r.writer} stored`);
    }

    const duplicated = [...count.values()].filter((n) => n > 1).reduce((sum, n) => sum + n - 1, 0);
    const fixtureIds = new Set(fixtureEvents.map((e) => e.eventId));
    const strangers = stored.filter((e) => !sentIds.has(e.eventId) && !fixtureIds.has(e.eventId));
    const positionGaps = stored.filter((e, i) => e.position !== i + 1).length;
    const badHashes = stored.filter((e) => leafHash(e) !== e.hash).length;
    let versionGaps = 0;
    const lastVersion = new Map<string, number>();
    for (const e of stored) {
      const expected = (lastVersion.get(e.partnershipId) ?? 0) + 1;
      if (e.version !== expected) {
        versionGaps += 1;
        problems.push(
          `partnership ${e.partnershipId}: version ${e.version} at position ${e.position}, ` +
            `expected ${expected}`,
        );
      }
      lastVersion.set(e.partnershipId, e.version);
    }
    const head = Number((await ledger.http.get('/health').expect(200)).body.info.database.ledgerPosition);

    const latencies = requests.map((r) => r.millis).sort((a, b) => a - b);
    const eventsPerSecond = Math.round(events.acknowledged / seconds);
    record(`concurrent-appenders-${backend}`, {
      summary:
        `${WRITERS} writers × ${EVENTS_PER_WRITER} events (${SHARED_WRITERS} sharing one ` +
        `partnership; ${WRITERS / 4} posting batches of ${BATCH_SIZE}) over HTTP ` +
        `in ${seconds.toFixed(1)} s ` +
        `(${eventsPerSecond} events/s): ${events.acknowledged} acknowledged, ${events.rejected} ` +
        `rejected, ${events.unknown} unknown (${events.unknownStored} of them stored); ` +
        `ledger read back: ${stored.length} events, ${events.lost} lost, ${duplicated} ` +
        `duplicated, ${positionGaps} position gaps, ${versionGaps} version gaps`,
      numbers: {
        writers: WRITERS,
        eventsPerWriter: EVENTS_PER_WRITER,
        requests: requests.length,
        acknowledgedRequests: tally.acknowledged,
        rejectedRequests: tally.rejected,
        unknownRequests: tally.unknown,
        replayedRequests: tally.replayed,
        throttledRetries: throttled,
        eventsSent: events.sent,
        acknowledged: events.acknowledged,
        rejected: events.rejected,
        unknown: events.unknown,
        unknownStored: events.unknownStored,
        stored: stored.length - fixtureEvents.length,
        lost: events.lost,
        duplicated,
        mismatched: events.mismatched,
        positionGaps,
        versionGaps,
        seconds: Number(seconds.toFixed(1)),
        eventsPerSecond,
        latencyP50Ms: Math.round(percentile(latencies, 50)),
        latencyP99Ms: Math.round(percentile(latencies, 99)),
      },
    });
    if (problems.length > 0)
      process.stdout.write(
        `[reliability] concurrent-appenders-${backend} problems (first ` +
          `20):\n  ${problems.slice(0, 20).join('\n  ')}\n`,
      );

    const batchWriters = WRITERS / 4;
    expect(requests).toHaveLength(
      (WRITERS - batchWriters) * EVENTS_PER_WRITER + batchWriters * (EVENTS_PER_WRITER / BATCH_SIZE),
    );
    expect(events.sent).toBe(WRITERS * EVENTS_PER_WRITER);
    expect({
      rejected: events.rejected,
      lost: events.lost,
      duplicated,
      mismatched: events.mismatched,
      rejectedStored: events.rejectedStored,
      strangers: strangers.length,
      positionGaps,
      versionGaps,
      badHashes,
      partialBatches: problems.filter((p) => p.startsWith('partial batch')).length,
      receiptProblems: problems.filter((p) => p.startsWith('writer ')).length,
    }).toEqual({
      rejected: 0,
      lost: 0,
      duplicated: 0,
      mismatched: 0,
      rejectedStored: 0,
      strangers: 0,
      positionGaps: 0,
      versionGaps: 0,
      badHashes: 0,
      partialBatches: 0,
      receiptProblems: 0,
    });
    // Acknowledged = stored: the ledger holds the fixtures, every acknowledged event and those unknown ones
    // that made it.
    expect(stored.length).toBe(fixtureEvents.length + events.acknowledged + events.unknownStored);
    expect(stored.at(-1)?.position).toBe(head);
    // No acknowledged append was answered as a replay: every event was new.
    expect(tally.replayed).toBe(0);
  });

  async function readLedger(auditorKey: string): Promise<StoredEvent[]> {
    const all: StoredEvent[] = [];
    for (let from = 1; ;) {
      const res = await ledger.http
        .get(`/v1/events?fromPosition=${from}&limit=1000`)
        .set(bearer(auditorKey))
        .expect(200);
      const items = res.body.items as StoredEvent[];
      if (items.length === 0) return all;
      all.push(...items);
      expect(res.body.nextPosition).toBe(items.at(-1)!.position + 1);
      from = res.body.nextPosition;
    }
  }
});
