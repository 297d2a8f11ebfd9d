import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ledgerCli } from './support/cli';
import { Fixtures, TestLedger, bearer, testBackends, unique, useLedger } from './support/ledger';
import { Relay, dropping, startRelay } from './support/relay';

type Body = Record<string, any>;

/**
 * Holes in exports: positions are gap-free and versions gap-free per partnership, so `ledger export`
 * must fail when the server's pages skip one (a relay dropping events), and `ledger verify --export` must
 * fail on an export that misses a position or a version due at the signed head — exit 1, naming the hole.
 * And a proof through a damaged stored tree is a failed verification (exit 1), not a connection error.
 * Real: the app on PGlite (and PostgreSQL), the CLI as its own process. Faked: the relay's rewrites.
 */
describe.each(testBackends())('holes in exports, caught by the auditor CLI, on %s', (backend) => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-holes-'));
  const file = (name: string) => join(dir, name);
  let ledger: TestLedger;
  let url: string;
  let w: Awaited<ReturnType<Fixtures['world']>>;
  let other: string;
  let size: number;
  let runs = 0;
  useLedger(backend, (l) => {
    ledger = l;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const lines = (name: string) => readFileSync(file(name), 'utf8').trim().split('\n');
  const write = (name: string, kept: string[]) => writeFileSync(file(name), `${kept.join('\n')}\n`);
  /** `ledger verify` with a fresh state file (the key is pinned on first use, as a new auditor would). */
  const verify = (key: string, exportName: string, ...extra: string[]) =>
    ledgerCli([
      'verify',
      '--url',
      url,
      '--key',
      key,
      '--state',
      file(`state-${(runs += 1)}.json`),
      '--export',
      file(exportName),
      ...extra,
    ]);
  const cost = (i: number) => ({
    eventId: randomUUID(),
    type: 'cost.incurred',
    occurredAt: '2026-01-10T09:00:00Z',
    data: { amount: `${i}.00`, category: 'mdf' },
  });

  beforeAll(async () => {
    await ledger.app.listen(0, '127.0.0.1');
    url = (await ledger.app.getUrl()).replace('[::1]', '127.0.0.1');
    const fx = new Fixtures(ledger);
    w = await fx.world(unique('holes'));
    other = await fx.between(w.keys.a, [w.orgs.a, w.orgs.b], unique('holes-other'));
    // Two partnerships interleaved, so a partner's versions and the ledger's positions differ.
    for (let i = 0; i < 59; i += 1) {
      // Someone asks for the head at 50 events and just before the last: heads are signed only when asked.
      if (i === 48 || i === 58)
        await ledger.http.get('/v1/ledger/head').set(bearer(w.keys.auditor)).expect(200);
      const id = i % 3 === 0 ? other : w.partnershipId;
      await ledger.http.post(`/v1/partnerships/${id}/events`).set(bearer(w.keys.a)).send(cost(i)).expect(201);
    }
    size = (await ledger.http.get('/v1/ledger/head').set(bearer(w.keys.auditor)).expect(200)).body.treeSize;
    expect(
      await ledgerCli(['export', '--url', url, '--key', w.keys.auditor, '--out', file('all.ndjson')]),
    ).toMatchObject({ code: 0 });
    expect(
      await ledgerCli(['export', '--url', url, '--key', w.keys.b, '--out', file('b.ndjson')]),
    ).toMatchObject({ code: 0 });
  }, 180_000);

  it('verifies complete exports, saying what they hold', async () => {
    expect(size).toBe(61);
    const whole = await verify(w.keys.auditor, 'all.ndjson');
    expect(whole.stdout).toContain(
      `the export holds every position 1–${size} of the signed head of tree size ${size}`,
    );
    expect(whole.code).toBe(0);
    const partner = await verify(w.keys.b, 'b.ndjson');
    expect(partner.stdout).toMatch(
      new RegExp(
        `every version due at the signed head of tree size ${size} \\(.*${w.partnershipId}: versions 1–40`,
      ),
    );
    expect(partner.code).toBe(0);
  }, 120_000);

  it(
    'ledger export fails, writing nothing, ' + 'when a relay drops position 41 or cuts the last page',
    async () => {
      const relays: Relay[] = [
        await startRelay(
          url,
          dropping(/^\/v1\/events$/, (e) => e.position === 41),
        ),
        await startRelay(
          url,
          dropping(/^\/v1\/events$/, (e) => e.position === size),
        ),
      ];
      try {
        const dropped = await ledgerCli([
          'export',
          '--url',
          relays[0].url,
          '--key',
          w.keys.auditor,
          '--out',
          file('relayed.ndjson'),
        ]);
        expect(dropped.code).toBe(1);
        expect(dropped.stderr).toMatch(
          /VERIFICATION FAILED: the export is incomplete: position 41 missing from the server's pages/,
        );
        const cut = await ledgerCli([
          'export',
          '--url',
          relays[1].url,
          '--key',
          w.keys.auditor,
          '--out',
          file('relayed.ndjson'),
        ]);
        expect(cut.code).toBe(1);
        expect(cut.stderr).toContain(
          `position ${size} missing: the server's pages end at ${size - 1}, its head has ${size}`,
        );
        expect(existsSync(file('relayed.ndjson'))).toBe(false);
      } finally {
        for (const r of relays) await r.close();
      }
    },
    120_000,
  );

  it('ledger export fails when a relay drops a version from a partner’s pages', async () => {
    const relay = await startRelay(
      url,
      dropping(/\/events$/, (e) => e.partnershipId === w.partnershipId && e.version === 7),
    );
    try {
      const result = await ledgerCli([
        'export',
        '--url',
        relay.url,
        '--key',
        w.keys.b,
        '--out',
        file('relayed-b.ndjson'),
      ]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`${w.partnershipId} version 7 missing from the server's pages`);
    } finally {
      await relay.close();
    }
  }, 120_000);

  it(
    'ledger verify fails on a whole-ledger export ' + 'missing position 41, or cut at its last event',
    async () => {
      write(
        'no-41.ndjson',
        lines('all.ndjson').filter((l) => JSON.parse(l).position !== 41),
      );
      const hole = await verify(w.keys.auditor, 'no-41.ndjson');
      expect(hole.code).toBe(1);
      expect(hole.stderr).toMatch(
        /VERIFICATION FAILED: the export is incomplete: position 41 missing \(the signed head has 61 events\)/,
      );

      write('cut.ndjson', lines('all.ndjson').slice(0, -1));
      const cut = await verify(w.keys.auditor, 'cut.ndjson');
      expect(cut.code).toBe(1);
      expect(cut.stderr).toContain(
        `position ${size} missing (the signed head has ${size} events); if it was exported at tree ` +
          `size ${size - 1}, verify it with --tree-size ${size - 1}`,
      );
      // As the export of the smaller tree it is complete: checked against that signed head, proven
      // consistent.
      const earlier = await verify(w.keys.auditor, 'cut.ndjson', '--tree-size', String(size - 1));
      expect(earlier.stdout).toContain(`consistency proof ${size - 1} → ${size} ok`);
      expect(earlier.stdout).toContain(
        `root of the ${size - 1} exported events equals the signed head of tree size ${size - 1}`,
      );
      expect(earlier.code).toBe(0);
      // And the whole export is not the ledger at a smaller size: it holds events no such head covers.
      const beyond = await verify(w.keys.auditor, 'all.ndjson', '--tree-size', '50');
      expect(beyond.code).toBe(1);
      expect(beyond.stderr).toContain('the export holds position 51, beyond the signed head of tree size 50');
    },
    180_000,
  );

  it(
    'ledger verify fails on a partner’s export ' + 'missing one version, in the middle or at the end',
    async () => {
      const mine = (l: string) => JSON.parse(l).partnershipId === w.partnershipId;
      const versions = lines('b.ndjson')
        .filter(mine)
        .map((l) => JSON.parse(l).version as number);
      const last = Math.max(...versions);
      write(
        'b-no-7.ndjson',
        lines('b.ndjson').filter((l) => !(mine(l) && JSON.parse(l).version === 7)),
      );
      const middle = await verify(w.keys.b, 'b-no-7.ndjson');
      expect(middle.code).toBe(1);
      expect(middle.stderr).toContain(`the export is incomplete: ${w.partnershipId} version 7 missing`);

      write(
        'b-no-last.ndjson',
        lines('b.ndjson').filter((l) => !(mine(l) && JSON.parse(l).version === last)),
      );
      const end = await verify(w.keys.b, 'b-no-last.ndjson');
      expect(end.code).toBe(1);
      expect(end.stderr).toMatch(
        new RegExp(
          `${w.partnershipId} version ${last} missing \\(at the signed head of tree size ${size} it ` +
            `is at version ${last}, position \\d+, proven included\\)`,
        ),
      );

      write(
        'b-no-other.ndjson',
        lines('b.ndjson').filter((l) => JSON.parse(l).partnershipId !== other),
      );
      const gone = await verify(w.keys.b, 'b-no-other.ndjson');
      expect(gone.code).toBe(1);
      expect(gone.stderr).toMatch(new RegExp(`${other} versions 1–\\d+ missing`));
    },
    180_000,
  );

  it(
    'exits 1, not 2, when an inclusion proof meets a ' + 'deleted stored node (the ledger-integrity problem)',
    async () => {
      const sql = new Client({ connectionString: ledger.db.connectionString });
      await sql.connect();
      try {
        const { rows } = await sql.query<Body>('SELECT hash FROM ledger_merkle WHERE level = 4 AND idx = 0');
        await sql.query('ALTER TABLE ledger_merkle DISABLE TRIGGER USER');
        await sql.query('DELETE FROM ledger_merkle WHERE level = 4 AND idx = 0');
        const result = await verify(w.keys.b, 'b.ndjson');
        await sql.query('INSERT INTO ledger_merkle (level, idx, hash) VALUES (4, 0, $1)', [rows[0].hash]);
        await sql.query('ALTER TABLE ledger_merkle ENABLE TRIGGER USER');
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(
          /VERIFICATION FAILED: .*the ledger reports that its stored data is damaged: the stored Merkle tree lacks node 4:0 \(positions 1–16\)/,
        );
      } finally {
        await sql.end();
      }
    },
    120_000,
  );
});
