import { randomUUID } from 'node:crypto';
import { Fixtures, TestLedger, bearer, testBackends, unique, useLedger } from '../test/support/ledger';
import { record } from './support/figures';
import { Answer, throttleAwarePoster } from './support/load';

/**
 * Issue 5, item 2 — version races. 20 writers post to one partnership at the same moment with the same
 * expectedVersion, 200 rounds, over HTTP to a listening server. Each round exactly one writer wins
 * (201, the next versions) and every other one is told 409 with currentVersion equal to the version the
 * winner made; nothing of a loser is stored; the partnership's versions end up 1..N without gaps. The
 * rounds alternate the forms a portal uses: one event with expectedVersion, a batch of one, a batch of 3.
 */
const WRITERS = 20;
const ROUNDS = 200;
const REQUEST_TIMEOUT_MS = 60_000;

interface Attempt {
  readonly eventIds: string[];
  readonly answer: Answer | { status: 0; error: string };
}

describe.each(testBackends())('version races over HTTP on %s', (backend) => {
  let ledger: TestLedger;
  let fx: Fixtures;
  useLedger(backend, (l, f) => {
    ledger = l;
    fx = f;
  });

  it(
    `lets exactly one of ${WRITERS} writers with the same expectedVersion win, ${ROUNDS} rounds, ` +
      `versions without gaps`,
    async () => {
      await ledger.app.listen(0, '127.0.0.1');
      const base = (await ledger.app.getUrl()).replace('[::1]', '127.0.0.1');
      const w = await fx.world(unique('race'));
      const keys: string[] = [];
      for (let i = 0; i < WRITERS; i += 1)
        keys.push(await fx.key('partner', i % 2 === 0 ? w.orgs.a : w.orgs.b));
      const url = `${base}/v1/partnerships/${w.partnershipId}/events`;

      const poster = throttleAwarePoster(REQUEST_TIMEOUT_MS);
      const post = (key: string, body: unknown): Promise<Answer | { status: 0; error: string }> =>
        poster.post(url, key, body).catch((error: Error) => ({ status: 0 as const, error: error.message }));

      const cost = (round: number, writer: number, k: number) => ({
        eventId: randomUUID(),
        type: 'cost.incurred',
        occurredAt: new Date(Date.UTC(2026, 0, 1) + round * 3_600_000 + writer * 1000 + k).toISOString(),
        data: { amount: `${round}.${String(writer).padStart(2, '0')}`, category: 'enablement' },
      });

      let version = 1; // partnership.formed
      const winners: { round: number; eventIds: string[]; receipt: Record<string, any> }[] = [];
      const loserIds = new Set<string>();
      const anomalies: string[] = [];
      let losers = 0;
      let roundsWithOneWinner = 0;
      const started = performance.now();
      for (let round = 0; round < ROUNDS; round += 1) {
        const size = [1, 1, 3][round % 3];
        const attempts: Attempt[] = await Promise.all(
          keys.map(async (key, writer) => {
            const events = Array.from({ length: size }, (_, k) => cost(round, writer, k));
            const body =
              round % 3 === 0
                ? { expectedVersion: version, ...events[0] }
                : { expectedVersion: version, events };
            return { eventIds: events.map((e) => e.eventId), answer: await post(key, body) };
          }),
        );
        const won = attempts.filter((a) => a.answer.status === 201);
        const next = version + size;
        if (won.length === 1) roundsWithOneWinner += 1;
        else
          anomalies.push(
            `round ${round}: ${won.length} winners ` +
              `(statuses ${attempts.map((a) => a.answer.status).join(',')})`,
          );
        for (const a of won) {
          const body = (a.answer as Answer).body;
          winners.push({ round, eventIds: a.eventIds, receipt: body });
          const expected = {
            partnershipId: w.partnershipId,
            version: next,
            eventIds: a.eventIds,
            versions: a.eventIds.map((_, k) => version + 1 + k),
          };
          const actual = {
            partnershipId: body.partnershipId,
            version: body.version,
            eventIds: body.events?.map((e: { eventId: string }) => e.eventId),
            versions: body.events?.map((e: { version: number }) => e.version),
          };
          if (JSON.stringify(actual) !== JSON.stringify(expected))
            anomalies.push(
              `round ${round}: winner receipt ${JSON.stringify(actual)}, ` +
                `expected ${JSON.stringify(expected)}`,
            );
        }
        for (const a of attempts.filter((x) => x.answer.status !== 201)) {
          a.eventIds.forEach((id) => loserIds.add(id));
          const answer = a.answer;
          if (answer.status !== 409) {
            anomalies.push(
              `round ${round}: a loser ` +
                `answered ${answer.status} ` +
                `${'error' in answer ? answer.error : JSON.stringify(answer.body).slice(0, 200)}`,
            );
            continue;
          }
          losers += 1;
          if (
            answer.body.currentVersion !== next ||
            answer.body.status !== 409 ||
            !/^application\/problem\+json/.test(answer.contentType)
          ) {
            anomalies.push(
              `round ${round}: 409 with currentVersion ${answer.body.currentVersion} ` +
                `(expected ${next}), ${answer.contentType}`,
            );
          }
        }
        version = next;
      }
      const seconds = (performance.now() - started) / 1000;

      // The partnership's stream: versions 1..N, in position order, exactly the winners' events.
      const stream: { eventId: string; version: number; position: number; type: string }[] = [];
      for (let from = 1; ;) {
        const page = await ledger.http
          .get(`/v1/partnerships/${w.partnershipId}/events?fromVersion=${from}&limit=1000`)
          .set(bearer(w.keys.auditor))
          .expect(200);
        if (page.body.items.length === 0) break;
        stream.push(...page.body.items);
        from = page.body.nextVersion;
      }
      const versionGaps = stream.filter((e, i) => e.version !== i + 1).length;
      const positionsOutOfOrder = stream.filter(
        (e, i) => i > 0 && e.position <= stream[i - 1].position,
      ).length;
      const winnerIds = winners.flatMap((x) => x.eventIds);
      const storedIds = stream.slice(1).map((e) => e.eventId);
      const losersStored = storedIds.filter((id) => loserIds.has(id)).length;
      const receiptPositions = winners.flatMap(
        (x) => x.receipt.events?.map((e: { position: number }) => e.position) ?? [],
      );

      record(`version-races-${backend}`, {
        summary:
          `${ROUNDS} rounds × ${WRITERS} writers with the same expectedVersion ` +
          `in ${seconds.toFixed(1)} s: ${roundsWithOneWinner} rounds with exactly one winner, ` +
          `${winners.length} winners, ${losers} losers (409 with the new ` +
          `currentVersion), ${losersStored} losers' events stored; ` +
          `versions 1..${stream.at(-1)?.version} with ${versionGaps} gaps`,
        numbers: {
          rounds: ROUNDS,
          writers: WRITERS,
          roundsWithOneWinner,
          winners: winners.length,
          losers,
          losersStored,
          anomalies: anomalies.length,
          throttledRetries: poster.throttled(),
          finalVersion: stream.at(-1)?.version ?? 0,
          versionGaps,
          seconds: Number(seconds.toFixed(1)),
        },
      });
      if (anomalies.length > 0)
        process.stdout.write(
          `[reliability] version-races-${backend} anomalies (first ` +
            `20):\n  ${anomalies.slice(0, 20).join('\n  ')}\n`,
        );

      expect(anomalies).toEqual([]);
      expect(roundsWithOneWinner).toBe(ROUNDS);
      expect(winners).toHaveLength(ROUNDS);
      expect(losers).toBe(ROUNDS * (WRITERS - 1));
      expect(stream.map((e) => e.version)).toEqual(Array.from({ length: version }, (_, i) => i + 1));
      expect({ versionGaps, positionsOutOfOrder, losersStored }).toEqual({
        versionGaps: 0,
        positionsOutOfOrder: 0,
        losersStored: 0,
      });
      expect(storedIds).toEqual(winnerIds);
      expect(stream.slice(1).map((e) => e.position)).toEqual(receiptPositions);
    },
  );
});
