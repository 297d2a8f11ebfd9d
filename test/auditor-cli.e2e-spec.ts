import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { leafHash } from '@ledger/verification';
import { loadGolden } from '../libs/kpis/src/testing/golden';
import {
  ADMIN_KEY,
  Fixtures,
  TestLedger,
  bearer,
  createTestDatabase,
  startLedgerOn,
  testBackends,
} from './support/ledger';
import { ledgerCli } from './support/cli';
import { postScenario } from './support/scenario';
import { TestDatabase } from '../libs/event-store/src/testing/databases';

/**
 * The auditor's CLI (`npx ledger`) as a separate process against the running API: export, offline KPIs
 * with the server's snapshotHash, verify with a saved head, and a rewritten history caught.
 */
const scenario = loadGolden('scenario-a');
const PID = scenario.partnership.partnershipId;

describe.each(testBackends())('the auditor CLI against a ledger on %s', (backend) => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-cli-'));
  const file = (name: string) => join(dir, name);
  let db: TestDatabase;
  let ledger: TestLedger;
  let url: string;
  let auditor: string;
  let keys: Record<string, string>;

  const serve = async () => {
    ledger = await startLedgerOn(db, false);
    await ledger.app.listen(0, '127.0.0.1');
    url = (await ledger.app.getUrl()).replace('[::1]', '127.0.0.1');
  };

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    await serve();
    ({ keys } = await postScenario(ledger, scenario));
    auditor = await new Fixtures(ledger).key('auditor');
  }, 120_000);
  afterAll(async () => {
    await ledger?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it(
    'exports every event as NDJSON and recomputes each scenario ' + 'KPI snapshot with the server’s hash',
    async () => {
      const exported = await ledgerCli([
        'export',
        '--url',
        url,
        '--key',
        auditor,
        '--out',
        file('all.ndjson'),
      ]);
      expect(exported).toMatchObject({ code: 0 });
      const lines = readFileSync(file('all.ndjson'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      const head = (await ledger.http.get('/v1/ledger/head').set(bearer(auditor)).expect(200)).body;
      expect(lines.map((e) => e.position)).toEqual(Array.from({ length: head.treeSize }, (_, i) => i + 1));
      for (const { asOf } of scenario.expect) {
        const offline = await ledgerCli([
          'kpis',
          '--export',
          file('all.ndjson'),
          '--partnership',
          PID,
          '--asOf',
          asOf,
        ]);
        expect(offline.code).toBe(0);
        const served = (
          await ledger.http
            .get(`/v1/partnerships/${PID}/kpis`)
            .query({ asOf })
            .set(bearer(auditor))
            .expect(200)
        ).body;
        expect(JSON.parse(offline.stdout)).toEqual(served);
      }
    },
    180_000,
  );

  it('verifies the head and the export, then a newer head through a consistency proof', async () => {
    const first = await ledgerCli([
      'verify',
      '--url',
      url,
      '--key',
      auditor,
      '--state',
      file('auditor.json'),
      '--export',
      file('all.ndjson'),
    ]);
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/pinned the ledger's public key/);
    expect(first.stdout).toMatch(/root of the \d+ exported events equals the signed head/);
    expect(first.code).toBe(0);
    await ledger.http
      .post(`/v1/partnerships/${PID}/events`)
      .set(bearer(keys.contoso))
      .send({
        eventId: randomUUID(),
        type: 'customer.referred',
        occurredAt: '2026-07-01T00:00:00Z',
        data: { customerId: 'c-9' },
      })
      .expect(201);
    const second = await ledgerCli([
      'verify',
      '--url',
      url,
      '--key',
      auditor,
      '--state',
      file('auditor.json'),
    ]);
    expect(second.stdout).toMatch(/consistency proof \d+ → \d+ ok/);
    expect(second.code).toBe(0);
  }, 180_000);

  it('verifies a partner’s own export through inclusion proofs', async () => {
    // Another partnership's events make northwind's export a partial view of the ledger.
    const other = await new Fixtures(ledger).world('cli-other');
    await ledger.http
      .post(`/v1/partnerships/${other.partnershipId}/events`)
      .set(bearer(other.keys.a))
      .send({ type: 'customer.referred', occurredAt: '2026-07-02T00:00:00Z', data: { customerId: 'x' } })
      .expect(201);
    await ledger.http
      .post(`/v1/partnerships/${PID}/events`)
      .set(bearer(keys.northwind))
      .send({ type: 'customer.referred', occurredAt: '2026-07-03T00:00:00Z', data: { customerId: 'y' } })
      .expect(201);
    expect(
      (await ledgerCli(['export', '--url', url, '--key', keys.northwind, '--out', file('northwind.ndjson')]))
        .code,
    ).toBe(0);
    const result = await ledgerCli([
      'verify',
      '--url',
      url,
      '--key',
      keys.northwind,
      '--state',
      file('northwind.json'),
      '--export',
      file('northwind.ndjson'),
    ]);
    expect(result.stdout).toMatch(/exported events proven included in the signed tree/);
    expect(result.code).toBe(0);
  }, 180_000);

  it('refuses a head signed by a key other than the pinned one', async () => {
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }) as string;
    writeFileSync(file('other.pem'), other);
    const result = await ledgerCli([
      'verify',
      '--url',
      url,
      '--key',
      auditor,
      '--state',
      file('fresh.json'),
      '--public-key',
      file('other.pem'),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/VERIFICATION FAILED/);
  }, 180_000);

  it(
    'catches a history of the same size rewritten behind the ' + 'API, even one the server finds consistent',
    async () => {
      expect(
        (await ledgerCli(['verify', '--url', url, '--key', auditor, '--state', file('auditor.json')])).code,
      ).toBe(0);
      const saved = JSON.parse(readFileSync(file('auditor.json'), 'utf8')).head;
      await ledger.close();
      await rewriteHistory(db, 3);
      await serve();
      const selfCheck = (await ledger.http.post('/v1/ledger/verify').set(bearer(ADMIN_KEY)).expect(200)).body;
      expect(selfCheck).toMatchObject({ ok: true, treeSize: saved.treeSize });
      expect(selfCheck.rootHash).not.toBe(saved.rootHash);
      const result = await ledgerCli([
        'verify',
        '--url',
        url,
        '--key',
        auditor,
        '--state',
        file('auditor.json'),
      ]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        new RegExp(`tree size ${saved.treeSize} now has root .* history was rewritten`),
      );
    },
    180_000,
  );
});

/**
 * What an attacker with database access would do to rewrite history undetectably to the server itself:
 * change an event, recompute its hash, drop the stored tree and the signed heads, let the tree be rebuilt.
 */
async function rewriteHistory(db: TestDatabase, position: number): Promise<void> {
  const sql = new Client({ connectionString: db.connectionString });
  await sql.connect();
  try {
    for (const t of ['ledger_events_no_update', 'ledger_merkle_no_truncate']) {
      await sql.query(
        `ALTER TABLE ${t.startsWith('ledger_events') ? 'ledger_events' : 'ledger_merkle'} DISABLE ` +
          `TRIGGER ${t}`,
      );
    }
    await sql.query(
      `UPDATE ledger_events SET data = jsonb_set(data, '{amount}', '"99999.00"') WHERE position = $1`,
      [position],
    );
    const { rows } = await sql.query('SELECT * FROM ledger_events WHERE position = $1', [position]);
    const r = rows[0];
    const hash = leafHash({
      position,
      partnershipId: r.stream_id,
      version: Number(r.version),
      eventId: r.event_id,
      type: r.type,
      occurredAt: r.occurred_at.toISOString(),
      recordedAt: r.recorded_at.toISOString(),
      recordedBy: r.recorded_by,
      data: r.data,
    });
    await sql.query('UPDATE ledger_events SET hash = $1 WHERE position = $2', [hash, position]);
    await sql.query('TRUNCATE ledger_merkle');
    await sql.query('DELETE FROM ledger_cosignatures');
    await sql.query('DELETE FROM ledger_heads');
    await sql.query('UPDATE ledger_head SET tree_size = 0');
    await sql.query('ALTER TABLE ledger_events ENABLE TRIGGER ledger_events_no_update');
    await sql.query('ALTER TABLE ledger_merkle ENABLE TRIGGER ledger_merkle_no_truncate');
  } finally {
    await sql.end();
  }
}
