import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadGolden } from '../libs/kpis/src/testing/golden';
import {
  TestDatabase,
  createTestDatabase,
  postgresBackends,
} from '../libs/event-store/src/testing/databases';
import { SigningKeyMismatch } from '../apps/ledger-api/src/ledger/key-errors';
import { describeOn } from '../test/support/backends';
import { ledgerCli } from '../test/support/cli';
import { ADMIN_KEY, TestLedger, bearer, refusedStart, startLedgerOn } from '../test/support/ledger';
import { postScenario } from '../test/support/scenario';
import { record } from './support/figures';

/**
 * pg_dump of a live ledger restored into a new database, the API started on it: verification passes, the
 * root and the signed heads are the same bytes, a rebuild gives the same KPI hashes, and an auditor who
 * verified before the backup still verifies after (the key was restored with the database). Started with
 * another signing key, the restored ledger refuses to start. PostgreSQL only (test/signing-key-backup
 * covers the embedded default).
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

  const auditorState = () => join(dir, 'auditor.json');
  const listening = async (ledger: TestLedger) => {
    await ledger.app.listen(0, '127.0.0.1');
    return (await ledger.app.getUrl()).replace('[::1]', '127.0.0.1');
  };
  const kpiHashes = async (ledger: TestLedger) =>
    Promise.all(
      AS_OFS.map(
        async (asOf) =>
          (
            await ledger.http
              .get(`/v1/partnerships/${scenario.partnership.partnershipId}/kpis`)
              .query({ asOf })
              .set(bearer(ADMIN_KEY))
              .expect(200)
          ).body.snapshotHash as string,
      ),
    );

  it(
    'restores a ledger that verifies, with the same root, ' + 'heads and KPI hashes, also after a rebuild',
    async () => {
      source = await createTestDatabase(backend);
      const original = await startLedgerOn(source, false);
      const { lastPosition } = await postScenario(original, scenario);
      // An auditor verifies before the backup: its state file must still hold against the restored ledger.
      expect(
        (
          await ledgerCli([
            'verify',
            '--url',
            await listening(original),
            '--key',
            ADMIN_KEY,
            '--state',
            auditorState(),
          ])
        ).code,
      ).toBe(0);
      await original.http
        .get(`/v1/partnerships/${scenario.partnership.partnershipId}/kpis?minPosition=${lastPosition}`)
        .set(bearer(ADMIN_KEY))
        .expect(200);
      const head = (await original.http.get('/v1/ledger/head').set(bearer(ADMIN_KEY)).expect(200)).body;
      const hashes = await kpiHashes(original);
      await original.close();

      const dump = join(dir, 'ledger.dump');
      execFileSync('pg_dump', ['--format=custom', '--file', dump, source.connectionString], {
        stdio: 'pipe',
      });
      target = await createTestDatabase(backend);
      execFileSync(
        'pg_restore',
        ['--no-owner', '--exit-on-error', '--dbname', target.connectionString, dump],
        {
          stdio: 'pipe',
        },
      );

      // Restored without the key (another LEDGER_SIGNING_KEY): it refuses to start instead of signing heads
      // partners reject.
      const foreign = generateKeyPairSync('ed25519').privateKey.export({
        type: 'pkcs8',
        format: 'pem',
      }) as string;
      const refused = await refusedStart(target, { LEDGER_SIGNING_KEY: foreign });
      expect(refused).toBeInstanceOf(SigningKeyMismatch);
      expect((refused as Error).message).toContain(
        `is not ${head.keyId}, the key of the newest signed head, of tree size ${head.treeSize}`,
      );

      const restored = await startLedgerOn(target, false);
      try {
        const verify = (await restored.http.post('/v1/ledger/verify').set(bearer(ADMIN_KEY)).expect(200))
          .body;
        expect(verify).toMatchObject({
          ok: true,
          eventsChecked: head.treeSize,
          treeSize: head.treeSize,
          rootHash: head.rootHash,
          problems: [],
        });
        expect(
          (await restored.http.get(`/v1/ledger/heads/${head.treeSize}`).set(bearer(ADMIN_KEY)).expect(200))
            .body,
        ).toEqual({ ...head, cosignatures: [] });
        expect(await kpiHashes(restored)).toEqual(hashes);
        const { rebuildId } = (
          await restored.http.post('/v1/projections/rebuild').set(bearer(ADMIN_KEY)).expect(202)
        ).body;
        for (let i = 0; i < 300; i += 1) {
          const view = (await restored.http.get('/v1/projections').set(bearer(ADMIN_KEY)).expect(200)).body
            .items[0];
          if (view.rebuild?.rebuildId === rebuildId && view.rebuild.state === 'completed') break;
          await new Promise((r) => setTimeout(r, 50));
        }
        expect(await kpiHashes(restored)).toEqual(hashes);
        await restored.http
          .post(`/v1/partnerships/${scenario.partnership.partnershipId}/events`)
          .set(bearer(ADMIN_KEY))
          .send({
            type: 'customer.referred',
            occurredAt: '2026-07-01T00:00:00Z',
            data: { customerId: 'after-restore' },
          })
          .expect(201);
        const auditor = await ledgerCli([
          'verify',
          '--url',
          await listening(restored),
          '--key',
          ADMIN_KEY,
          '--state',
          auditorState(),
        ]);
        expect(auditor.stdout).toMatch(
          new RegExp(`consistency proof ${head.treeSize} → ${head.treeSize + 1} ok`),
        );
        expect(auditor.code).toBe(0);
        record('backup-restore', {
          summary:
            `pg_dump (${Math.round(statSync(dump).size / 1024)} KiB) restored into a new database: ` +
            `verify ok, root and signed head of size ${head.treeSize} identical, ` +
            `KPI hashes identical before and after a rebuild; an auditor's head from before the ` +
            `backup verified after a new append (exit ${auditor.code}); ` +
            'started with another signing key, it refused to start',
          numbers: {
            treeSize: head.treeSize,
            dumpKiB: Math.round(statSync(dump).size / 1024),
            hashesEqual: true,
            auditorExit: auditor.code,
            foreignKeyRefused: true,
          },
        });
      } finally {
        await restored.close();
      }
    },
    180_000,
  );
});
