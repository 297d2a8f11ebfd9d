import { call, startService, stopService, Running, START_TIMEOUT_MS } from '../test/support/process';
import { TEST_SIGNING_KEY } from '../test/support/ledger';
import { record } from './support/figures';
import { acknowledged, readLedger, startLoad } from './support/load';
import { PrivatePostgres, privatePostgresAvailable, startPrivatePostgres } from './support/private-postgres';

/**
 * PostgreSQL stopped with `pg_ctl -m immediate` (a crash) in the middle of a load, then started again.
 * The API must answer the outage with 503 (never another 5xx, never die), recover by itself, and lose
 * nothing it acknowledged. A cluster of the test's own is crashed, never the shared one.
 */
const KEY = 'crash-db-admin-key-0123456789abcdef0123456789';
const cases = privatePostgresAvailable ? ['a private PostgreSQL cluster'] : [];

describe.each(cases)('a database crash under load (%s)', () => {
  let pg: PrivatePostgres;
  let api: Running;

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    api = await startService({
      ...process.env,
      DATABASE_URL: pg.url,
      LEDGER_ADMIN_KEY: KEY,
      LEDGER_SIGNING_KEY: TEST_SIGNING_KEY,
      LOG_LEVEL: 'fatal',
    });
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    if (api) await stopService(api);
    pg?.destroy();
  }, 60_000);

  it(
    'answers 503 while the database is down, ' + 'recovers by itself and loses nothing acknowledged',
    async () => {
      for (const orgId of ['acme', 'globex'])
        await call(api.url, KEY, 'POST', '/v1/organizations', { orgId, name: orgId });
      const pids = Array.from({ length: 8 }, (_, i) => `crash-db-${i}`);
      for (const pid of pids)
        await call(api.url, KEY, 'POST', '/v1/partnerships', {
          partnershipId: pid,
          name: pid,
          type: 'reseller',
          partnerOrgIds: ['acme', 'globex'],
          currency: 'EUR',
          startedAt: '2025-10-01T00:00:00Z',
        });
      const load = startLoad(api.url, KEY, pids, 3);
      await new Promise((r) => setTimeout(r, 2_000));
      const crashedAt = Date.now();
      pg.crash();
      await new Promise((r) => setTimeout(r, 2_500));
      const duringOutage = await call(api.url, KEY, 'GET', `/v1/partnerships/${pids[0]}/events`);
      pg.start();
      const restartedAt = Date.now();
      await new Promise((r) => setTimeout(r, 5_000));
      await load.stop();

      const answers = load.attempts.map((a) => a.status);
      const acks = load.attempts.filter(acknowledged);
      const outage503 = load.attempts.filter(
        (a) => a.status === 503 && a.at >= crashedAt && a.at < restartedAt,
      );
      const otherServerErrors = answers.filter((s) => typeof s === 'number' && s >= 500 && s !== 503);
      expect([duringOutage.status, duringOutage.headers.get('retry-after')]).toEqual([503, '1']);
      expect(outage503.length).toBeGreaterThan(0);
      expect(otherServerErrors).toEqual([]);
      expect(answers.filter((s) => s === 'network-error')).toEqual([]);
      expect(load.attempts.filter((a) => acknowledged(a) && a.at > restartedAt).length).toBeGreaterThan(0);

      const stored = await readLedger(api.url, KEY);
      const count = new Map<string, number>();
      for (const e of stored) count.set(e.eventId, (count.get(e.eventId) ?? 0) + 1);
      const lost = acks.flatMap((a) => a.eventIds).filter((id) => count.get(id) !== 1);
      const unknown = load.attempts.filter((a) => !acknowledged(a));
      const partial = unknown.filter((a) => new Set(a.eventIds.map((id) => count.get(id) ?? 0)).size > 1);
      expect(lost).toEqual([]);
      expect([...count.values()].every((n) => n === 1)).toBe(true);
      expect(partial).toEqual([]);
      expect(stored.map((e) => e.position)).toEqual(stored.map((_, i) => i + 1));
      const verify = await call(api.url, KEY, 'POST', '/v1/ledger/verify');
      expect(verify.body).toMatchObject({ ok: true, eventsChecked: stored.length });
      record('database-crash', {
        summary:
          `${load.attempts.length} appends; PostgreSQL crashed ` +
          `for ${Math.round((restartedAt - crashedAt) / 100) / 10} s: ${outage503.length} answered 503, ` +
          `0 other 5xx, the API stayed up and recovered; ${acks.length} acknowledged, 0 lost, 0 ` +
          `duplicated, 0 partial; verify ok`,
        numbers: {
          appends: load.attempts.length,
          acknowledged: acks.length,
          outage503: outage503.length,
          otherServerErrors: otherServerErrors.length,
          lost: lost.length,
          partial: partial.length,
        },
      });
    },
    180_000,
  );
});
