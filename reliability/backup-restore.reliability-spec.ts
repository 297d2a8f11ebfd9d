import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadGolden } from '../libs/kpis/src/testing/golden';
import { TestDatabase, createTestDatabase, postgresBackends } from '../libs/event-store/src/testing/databases';
import { describeOn } from '../test/support/backends';
import { ADMIN_KEY, TestLedger, bearer, startLedgerOn } from '../test/support/ledger';
import { postScenario } from '../test/support/scenario';
import { record } from './support/figures';

/**
 * pg_dump of a live ledger restored into a new database, the API started on it: verification passes, the
 * root and the signed heads are the same bytes, and a rebuild gives the same KPI hashes. PostgreSQL only.
 */
const scenario = loadGolden('scenario-a');
const AS_OFS = ['2026-02-28T23:59:59Z', '2026-06-30T23:59:59Z'];
describeOn(postgresBackends(), 'backup and restore on %s', (backend) => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-backup-'));
  });
  let source: TestDatabase;
  let target: TestDatabase;
  afterAll(async () => {
    await source?.drop();
    await target?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const kpiHashes = async (ledger: TestLedger) =>
    Promise.all(AS_OFS.map(async (asOf) => (await ledger.http.get(`/v1/partnerships/${scenario.partnership.partnershipId}/kpis`).query({ asOf }).set(bearer(ADMIN_KEY)).expect(200)).body.snapshotHash as string));

  it('restores a ledger that verifies, with the same root, heads and KPI hashes, also after a rebuild', async () => {
    source = await createTestDatabase(backend);
    const original = await startLedgerOn(source, false);
    const { lastPosition } = await postScenario(original, scenario);
    await original.http.get(`/v1/partnerships/${scenario.partnership.partnershipId}/kpis?minPosition=${lastPosition}`).set(bearer(ADMIN_KEY)).expect(200);
    const head = (await original.http.get('/v1/ledger/head').set(bearer(ADMIN_KEY)).expect(200)).body;
    const hashes = await kpiHashes(original);
    await original.close();

    const dump = join(dir, 'ledger.dump');
    execFileSync('pg_dump', ['--format=custom', '--file', dump, source.connectionString], { stdio: 'pipe' });
    target = await createTestDatabase(backend);
    execFileSync('pg_restore', ['--no-owner', '--exit-on-error', '--dbname', target.connectionString, dump], { stdio: 'pipe' });

    const restored = await startLedgerOn(target, false);
    try {
      const verify = (await restored.http.post('/v1/ledger/verify').set(bearer(ADMIN_KEY)).expect(200)).body;
      expect(verify).toEqual({ ok: true, eventsChecked: head.treeSize, treeSize: head.treeSize, rootHash: head.rootHash, problems: [] });
      expect((await restored.http.get(`/v1/ledger/heads/${head.treeSize}`).set(bearer(ADMIN_KEY)).expect(200)).body).toEqual({ ...head, cosignatures: [] });
      expect(await kpiHashes(restored)).toEqual(hashes);
      const { rebuildId } = (await restored.http.post('/v1/projections/rebuild').set(bearer(ADMIN_KEY)).expect(202)).body;
      for (let i = 0; i < 300; i += 1) {
        const view = (await restored.http.get('/v1/projections').set(bearer(ADMIN_KEY)).expect(200)).body.items[0];
        if (view.rebuild?.rebuildId === rebuildId && view.rebuild.state === 'completed') break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(await kpiHashes(restored)).toEqual(hashes);
      record('backup-restore', {
        summary: `pg_dump (${Math.round(statSync(dump).size / 1024)} KiB) restored into a new database: verify ok, root and signed head of size ${head.treeSize} identical, KPI hashes identical before and after a rebuild`,
        numbers: { treeSize: head.treeSize, dumpKiB: Math.round(statSync(dump).size / 1024), hashesEqual: true },
      });
    } finally {
      await restored.close();
    }
  }, 180_000);
});
