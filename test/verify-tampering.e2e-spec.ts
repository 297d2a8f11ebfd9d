import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { leafHash } from '@ledger/verification';
import {
  ADMIN_KEY,
  Fixtures,
  TestLedger,
  bearer,
  startLedgerOn,
  testBackends,
  unique,
  useLedger,
} from './support/ledger';

type Body = Record<string, any>;

/**
 * POST /v1/ledger/verify against rows changed in the database as a careless DBA would (UPDATE or DELETE
 * with the immutability trigger disabled): an interior ledger_merkle row, a deleted one, a head's
 * signature or root, an event rewritten with a matching hash. Each must be found at the exact row, and
 * the ledger must verify again once the row is put back. Real: the app and its database (PGlite, and
 * PostgreSQL with TEST_DATABASE_URL). Faked: nothing.
 */
describe.each(testBackends())('verify finds rows changed behind the API’s back on %s', (backend) => {
  let ledger: TestLedger;
  let fx: Fixtures;
  let auditor: string;
  let size: number;
  useLedger(backend, (l, f) => {
    ledger = l;
    fx = f;
  });

  const verify = async () =>
    (await ledger.http.post('/v1/ledger/verify').set(bearer(auditor)).expect(200)).body as Body;
  /** Runs statements with the table's row triggers off, as someone fixing data by hand would. */
  const asDba = async (table: string, work: (sql: Client) => Promise<unknown>) => {
    const sql = new Client({ connectionString: ledger.db.connectionString });
    await sql.connect();
    try {
      await sql.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
      await work(sql);
    } finally {
      await sql.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`).catch(() => undefined);
      await sql.end();
    }
  };
  const query = async <R extends Body>(text: string, params: unknown[] = []) => {
    const sql = new Client({ connectionString: ledger.db.connectionString });
    await sql.connect();
    try {
      return (await sql.query<R>(text, params)).rows;
    } finally {
      await sql.end();
    }
  };
  const pinned = (report: Body) =>
    report.problems.map(({ kind, position, from, to, level, index, treeSize }: Body) => ({
      kind,
      position,
      from,
      to,
      level,
      index,
      treeSize,
    }));

  beforeAll(async () => {
    const w = await fx.world(unique('tamper'));
    auditor = w.keys.auditor;
    const cost = (i: number) => ({
      eventId: randomUUID(),
      type: 'cost.incurred',
      occurredAt: '2026-01-10T09:00:00Z',
      data: { amount: `${i}.00`, category: 'mdf' },
    });
    // A partner asking for the head after each event: the ledger holds a signed head of every size (it
    // signs a size only while it is the head). The first sizes (the forming) are asked for at once.
    const head = async () =>
      (await ledger.http.get('/v1/ledger/head').set(bearer(auditor)).expect(200)).body.treeSize as number;
    const first = await head();
    for (let i = 0; i < 70; i += 1) {
      await ledger.http
        .post(`/v1/partnerships/${w.partnershipId}/events`)
        .set(bearer(w.keys.a))
        .send(cost(i))
        .expect(201);
      size = await head();
    }
    expect(first).toBeGreaterThan(0);
  }, 120_000);

  it('verifies the untouched ledger: every event, stored node and head checked', async () => {
    expect(size).toBe(71);
    expect(await verify()).toMatchObject({
      ok: true,
      eventsChecked: 71,
      treeSize: 71,
      headsChecked: 71,
      nodesChecked: 4 + 2 + 1,
      problems: [],
    });
  });

  it.each([
    [4, 1],
    [5, 0],
    [6, 0],
  ])('names a changed ledger_merkle row at level %i, index %i', async (level, index) => {
    const rows = await query<{ hash: Buffer }>(
      'SELECT hash FROM ledger_merkle WHERE level = $1 AND idx = $2',
      [level, index],
    );
    const original = rows[0].hash;
    const changed = Buffer.from(original);
    changed[31] ^= 0x01;
    await asDba('ledger_merkle', (sql) =>
      sql.query('UPDATE ledger_merkle SET hash = $1 WHERE level = $2 AND idx = $3', [changed, level, index]),
    );
    const report = await verify();
    await asDba('ledger_merkle', (sql) =>
      sql.query('UPDATE ledger_merkle SET hash = $1 WHERE level = $2 AND idx = $3', [original, level, index]),
    );
    const from = index * 2 ** level + 1;
    expect(pinned(report)).toEqual([
      { kind: 'node-changed', position: from, from, to: (index + 1) * 2 ** level, level, index },
    ]);
    expect(report.problems[0].problem).toMatch(
      new RegExp(`ledger_merkle row \\(level ${level}, idx ${index}, positions ${from}–\\d+\\) was changed`),
    );
    expect((await verify()).ok).toBe(true);
  });

  it(
    'names a deleted ledger_merkle row, and proofs through ' +
      'it answer the integrity problem, not a 500 “internal”',
    async () => {
      const rows = await query<{ hash: Buffer }>(
        'SELECT hash FROM ledger_merkle WHERE level = 4 AND idx = 2',
      );
      await asDba('ledger_merkle', (sql) =>
        sql.query('DELETE FROM ledger_merkle WHERE level = 4 AND idx = 2'),
      );
      const report = await verify();
      const proof = await ledger.http
        .get(`/v1/ledger/proofs/inclusion?position=50&treeSize=${size}`)
        .set(bearer(auditor));
      await asDba('ledger_merkle', (sql) =>
        sql.query('INSERT INTO ledger_merkle (level, idx, hash) VALUES (4, 2, $1)', [rows[0].hash]),
      );
      expect(pinned(report)).toEqual([
        { kind: 'node-missing', position: 33, from: 33, to: 48, level: 4, index: 2 },
      ]);
      expect(proof.status).toBeGreaterThanOrEqual(500);
      expect(proof.body).toMatchObject({
        type: expect.stringMatching(/ledger-integrity$/),
        node: { level: 4, index: 2 },
        from: 33,
        to: 48,
      });
      expect(proof.body.detail).toMatch(/stored Merkle tree lacks node 4:2 \(positions 33–48\)/);
      expect((await verify()).ok).toBe(true);
    },
  );

  it.each([
    ['signature', 30],
    ['root_hash', 31],
    ['timestamp', 32],
  ])('names a ledger_heads row whose %s was changed', async (column, treeSize) => {
    const rows = await query<Record<string, string>>(
      `SELECT ${column} AS value FROM ledger_heads WHERE tree_size = $1`,
      [treeSize],
    );
    const original = rows[0].value;
    const other = (
      await query<Record<string, string>>(`SELECT ${column} AS value FROM ledger_heads WHERE tree_size = 1`)
    )[0].value;
    await asDba('ledger_heads', (sql) =>
      sql.query(`UPDATE ledger_heads SET ${column} = $1 WHERE tree_size = $2`, [other, treeSize]),
    );
    const report = await verify();
    await asDba('ledger_heads', (sql) =>
      sql.query(`UPDATE ledger_heads SET ${column} = $1 WHERE tree_size = $2`, [original, treeSize]),
    );
    expect(pinned(report)).toEqual([{ kind: 'head-signature', position: treeSize, treeSize }]);
    expect((await verify()).ok).toBe(true);
  });

  it(
    'does not serve a head whose stored signature was changed, ' +
      'after a restart: the integrity problem instead',
    async () => {
      const [{ value: original }] = await query<Record<string, string>>(
        'SELECT signature AS value FROM ledger_heads WHERE tree_size = 30',
      );
      const [{ value: other }] = await query<Record<string, string>>(
        'SELECT signature AS value FROM ledger_heads WHERE tree_size = 29',
      );
      await asDba('ledger_heads', (sql) =>
        sql.query('UPDATE ledger_heads SET signature = $1 WHERE tree_size = 30', [other]),
      );
      const restarted = await startLedgerOn(ledger.db, false);
      try {
        const served = await restarted.http.get('/v1/ledger/heads/30').set(bearer(auditor));
        expect(served.status).toBe(500);
        expect(served.body).toMatchObject({ type: expect.stringMatching(/ledger-integrity$/), position: 30 });
        expect(served.body.detail).toMatch(/the stored head of tree size 30 does not verify with its key/);
        await restarted.http.get('/v1/ledger/heads/31').set(bearer(auditor)).expect(200);
      } finally {
        await restarted.close();
        await asDba('ledger_heads', (sql) =>
          sql.query('UPDATE ledger_heads SET signature = $1 WHERE tree_size = 30', [original]),
        );
      }
    },
  );

  it(
    'pins an event rewritten together with its stored ' + 'hash to its position, not to the head after it',
    async () => {
      const position = 40;
      const rows = await query<Body>('SELECT * FROM ledger_events WHERE position = $1', [position]);
      const r = rows[0];
      const data = { ...r.data, amount: '99999.00' };
      const fields = {
        position,
        partnershipId: r.stream_id,
        version: Number(r.version),
        eventId: r.event_id,
        type: r.type,
        occurredAt: r.occurred_at.toISOString(),
        recordedAt: r.recorded_at.toISOString(),
        recordedBy: r.recorded_by,
      };
      const update = 'UPDATE ledger_events SET data = $1, hash = $2 WHERE position = $3';
      await asDba('ledger_events', (sql) =>
        sql.query(update, [data, leafHash({ ...fields, data }), position]),
      );
      const report = await verify();
      await asDba('ledger_events', (sql) => sql.query(update, [r.data, r.hash, position]));
      expect(pinned(report)).toEqual([
        {
          kind: 'events-rewritten',
          position,
          from: position,
          to: position,
          level: 4,
          index: 2,
          treeSize: position,
        },
      ]);
      expect(report.problems[0].problem).toMatch(
        /the event at position 40 was changed together with its stored hash/,
      );
      expect((await verify()).ok).toBe(true);
    },
  );

  it(
    'reports nothing appended or signed while it runs: ' + 'it verifies the ledger as it stood when it began',
    async () => {
      const w = await fx.world(unique('tamper-busy'));
      const cost = () => ({
        eventId: randomUUID(),
        type: 'cost.incurred',
        occurredAt: '2026-01-10T09:00:00Z',
        data: { amount: '1.00', category: 'mdf' },
      });
      const writers = Array.from({ length: 4 }, async () => {
        for (let i = 0; i < 10; i += 1) {
          await ledger.http
            .post(`/v1/partnerships/${w.partnershipId}/events`)
            .set(bearer(w.keys.a))
            .send(cost())
            .expect(201);
          await ledger.http.get('/v1/ledger/head').set(bearer(w.keys.a)).expect(200);
        }
      });
      const reports = [];
      for (let i = 0; i < 5; i += 1) reports.push(await verify());
      await Promise.all(writers);
      reports.push(await verify());
      expect(reports.map((r) => r.problems)).toEqual(reports.map(() => []));
      expect(reports.at(-1)!.treeSize).toBeGreaterThanOrEqual(size + 40);
    },
  );

  it('is refused to partners and governance', async () => {
    const w = await fx.world(unique('tamper-roles'));
    await ledger.http.post('/v1/ledger/verify').set(bearer(w.keys.a)).expect(403);
    await ledger.http.post('/v1/ledger/verify').set(bearer(w.keys.governance)).expect(403);
    await ledger.http.post('/v1/ledger/verify').set(bearer(ADMIN_KEY)).expect(200);
  });
});
