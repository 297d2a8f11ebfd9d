import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestDatabase, createTestDatabase } from '../libs/event-store/src/testing/databases';
import { TEST_SIGNING_KEY, testBackends } from '../test/support/ledger';
import {
  START_TIMEOUT_MS,
  Running,
  call,
  envWithout,
  startService,
  stopService,
} from '../test/support/process';
import { foldedPerPartnership } from '../test/support/read-model';
import { record } from './support/figures';
import { acknowledged, readLedger, startLoad } from './support/load';

/**
 * The API process killed with SIGKILL in the middle of a load, then started again: every acknowledged
 * event is there, no batch is partial, every leaf and the Merkle root verify, and the projection catches
 * up with each event folded exactly once.
 */
const KEY = 'crash-api-admin-key-0123456789abcdef0123456789';

describe.each(testBackends())('the API process killed mid-load on %s', (backend) => {
  let db: TestDatabase | undefined;
  let dataDir: string | undefined;
  const env = (): NodeJS.ProcessEnv => ({
    ...envWithout('DATABASE_URL'),
    LEDGER_ADMIN_KEY: KEY,
    LEDGER_SIGNING_KEY: TEST_SIGNING_KEY,
    LOG_LEVEL: 'fatal',
    ...(db ? { DATABASE_URL: db.connectionString } : { LEDGER_DATA_DIR: dataDir! }),
  });

  beforeAll(async () => {
    if (backend === 'postgres') db = await createTestDatabase('postgres');
    else dataDir = mkdtempSync(join(tmpdir(), 'ledger-api-crash-'));
  });
  afterAll(async () => {
    await db?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'keeps every acknowledged event, no partial batch, a verifying tree and an exact projection',
    async () => {
      const first: Running = await startService(env());
      for (const orgId of ['acme', 'globex'])
        await call(first.url, KEY, 'POST', '/v1/organizations', { orgId, name: orgId });
      const pids = Array.from({ length: 8 }, (_, i) => `crash-api-${i}`);
      for (const pid of pids)
        await call(first.url, KEY, 'POST', '/v1/partnerships', {
          partnershipId: pid,
          name: pid,
          type: 'reseller',
          partnerOrgIds: ['acme', 'globex'],
          currency: 'EUR',
          startedAt: '2025-10-01T00:00:00Z',
        });
      const load = startLoad(first.url, KEY, pids, 5);
      await new Promise((r) => setTimeout(r, 2_500));
      await stopService(first, 'SIGKILL');
      await load.stop();

      const second = await startService(env());
      try {
        const stored = await readLedger(second.url, KEY);
        const count = new Map<string, number>();
        for (const e of stored) count.set(e.eventId, (count.get(e.eventId) ?? 0) + 1);
        const acks = load.attempts.filter(acknowledged);
        const lost = acks.flatMap((a) => a.eventIds).filter((id) => count.get(id) !== 1);
        const partial = load.attempts.filter(
          (a) => new Set(a.eventIds.map((id) => count.get(id) ?? 0)).size > 1,
        );
        const inFlightStored = load.attempts.filter(
          (a) => !acknowledged(a) && count.has(a.eventIds[0]),
        ).length;
        expect(acks.length).toBeGreaterThan(0);
        expect(lost).toEqual([]);
        expect(partial).toEqual([]);
        expect([...count.values()].every((n) => n === 1)).toBe(true);
        expect(stored.map((e) => e.position)).toEqual(stored.map((_, i) => i + 1));

        const verify = await call(second.url, KEY, 'POST', '/v1/ledger/verify');
        const head = await call(second.url, KEY, 'GET', '/v1/ledger/head');
        expect(verify.body).toMatchObject({
          ok: true,
          eventsChecked: stored.length,
          rootHash: head.body.rootHash,
        });

        let view = (await call(second.url, KEY, 'GET', '/v1/projections')).body.items as { lag: number }[];
        for (let i = 0; i < 300 && view[0].lag > 0; i += 1) {
          await new Promise((r) => setTimeout(r, 100));
          view = (await call(second.url, KEY, 'GET', '/v1/projections')).body.items as { lag: number }[];
        }
        expect(view[0]).toMatchObject({ lag: 0, position: stored.length });
        if (db) expect(await foldedPerPartnership(db)).toEqual(versions(stored));
        record(`api-crash-${backend}`, {
          summary:
            `SIGKILL after ${load.attempts.length} batch appends: ${acks.length} acknowledged, 0 ` +
            `lost, 0 duplicated, 0 partial batches (${inFlightStored} in-flight batches stored whole); ` +
            `verify ok; projection caught up${db ? ', each event folded once' : ''}`,
          numbers: {
            attempts: load.attempts.length,
            acknowledged: acks.length,
            lost: lost.length,
            partial: partial.length,
            inFlightStored,
          },
        });
      } finally {
        await stopService(second);
      }
    },
    3 * START_TIMEOUT_MS,
  );
});

function versions(stored: { partnershipId: string; version: number }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of stored) out[e.partnershipId] = Math.max(out[e.partnershipId] ?? 0, e.version);
  return out;
}
