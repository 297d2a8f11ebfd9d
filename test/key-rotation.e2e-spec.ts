import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { keyIdOf, parsePublicKey, signRotation, verifyRotation } from '@ledger/verification';
import { SigningKeyMismatch } from '../apps/ledger-api/src/ledger/key-errors';
import { LedgerCopy, newLedgerCopy } from './support/backups';
import { ledgerCli, rotateSigningKey } from './support/cli';
import {
  DATABASE_TIMEOUT_MS,
  Fixtures,
  TestLedger,
  bearer,
  createTestDatabase,
  refusedStart,
  startLedgerOn,
  testBackends,
} from './support/ledger';
import { envWithout } from './support/process';
import { TestDatabase } from '../libs/event-store/src/testing/databases';

/**
 * Rotating the ledger's signing key on purpose: `npm run rotate-signing-key` records the new key signed
 * by the old one; a partner's CLI pinned to the old key follows and re-pins; an API process still on the
 * old key signs nothing new; a forged rotation stops the partner. Real: the app (several instances on one
 * database, as several API processes), the rotation command and the CLI as processes, PGlite and
 * PostgreSQL. Faked: nothing — the forged rotation is written with SQL, as an intruder with database
 * access would.
 */
const pem = () =>
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const idOf = (privatePem: string) => keyIdOf(createPublicKey(createPrivateKey(privatePem)));
const event = () => ({
  eventId: randomUUID(),
  type: 'customer.referred',
  occurredAt: '2026-07-01T00:00:00Z',
  data: { customerId: 'c' },
});
const commandEnv = (env: NodeJS.ProcessEnv) => ({
  ...envWithout('DATABASE_URL', 'LEDGER_SIGNING_KEY', 'LEDGER_DATA_DIR', 'LEDGER_ADMIN_KEY'),
  ...env,
});

async function listening(db: TestDatabase, signingKey: string): Promise<{ ledger: TestLedger; url: string }> {
  const ledger = await startLedgerOn(db, false, { LEDGER_SIGNING_KEY: signingKey });
  await ledger.app.listen(0, '127.0.0.1');
  return { ledger, url: (await ledger.app.getUrl()).replace('[::1]', '127.0.0.1') };
}

describe.each(testBackends())(
  'rotating the signing key on %s, with API processes on LEDGER_SIGNING_KEY',
  (backend) => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-rotation-'));
    const state = join(dir, 'partner.json');
    const k0 = pem();
    let k1: string;
    let db: TestDatabase;
    const running: TestLedger[] = [];
    let old: { ledger: TestLedger; url: string };
    let world: Awaited<ReturnType<Fixtures['world']>>;
    let rotatedAt: number;
    const serve = async (key: string) => {
      const started = await listening(db, key);
      running.push(started.ledger);
      return started;
    };
    const verify = (url: string) =>
      ledgerCli(['verify', '--url', url, '--key', world.keys.a, '--state', state]);

    beforeAll(async () => {
      db = await createTestDatabase(backend);
      old = await serve(k0);
      world = await new Fixtures(old.ledger).world('rot');
      await old.ledger.http
        .post(`/v1/partnerships/${world.partnershipId}/events`)
        .set(bearer(world.keys.a))
        .send(event())
        .expect(201);
      expect(await verify(old.url)).toMatchObject({ code: 0, stderr: '' });
    }, 180_000);
    afterAll(async () => {
      for (const ledger of running) await ledger.close();
      await db?.drop();
      rmSync(dir, { recursive: true, force: true });
    }, DATABASE_TIMEOUT_MS);

    it('records a rotation endorsed by the old key and serves it without an API key', async () => {
      const out = join(dir, 'k1.pem');
      const result = await rotateSigningKey(
        commandEnv({ DATABASE_URL: db.connectionString, LEDGER_SIGNING_KEY: k0 }),
        ['--out', out],
      );
      expect(result).toMatchObject({ code: 0, stderr: '' });
      k1 = readFileSync(out, 'utf8');
      rotatedAt = JSON.parse(readFileSync(state, 'utf8')).head.treeSize;
      expect(result.stdout).toContain(
        `Rotated the ledger's signing key: ${idOf(k0)} → ${idOf(k1)}, endorsed by ${idOf(k0)}; ` +
          `heads up to tree size ${rotatedAt} stay signed by ${idOf(k0)}.`,
      );
      expect(result.stdout).toContain(`LEDGER_SIGNING_KEY="$(cat ${out})"`);
      const { items } = (await old.ledger.http.get('/v1/ledger/key-rotations').expect(200)).body;
      expect(items).toEqual([
        {
          previousKeyId: idOf(k0),
          keyId: idOf(k1),
          publicKey: expect.stringContaining('BEGIN PUBLIC KEY'),
          rotatedAt: expect.any(String),
          treeSize: rotatedAt,
          signature: expect.any(String),
        },
      ]);
      expect(verifyRotation(items[0], createPublicKey(createPrivateKey(k0)))).toBe(true);
      expect(keyIdOf(parsePublicKey(items[0].publicKey))).toBe(idOf(k1));
    });

    it(
      'a process still on the old key appends but refuses ' +
        'to sign a new head (503), and refuses to start again',
      async () => {
        await old.ledger.http
          .post(`/v1/partnerships/${world.partnershipId}/events`)
          .set(bearer(world.keys.b))
          .send(event())
          .expect(201);
        const refused = await old.ledger.http.get('/v1/ledger/head').set(bearer(world.keys.a)).expect(503);
        expect(refused.body).toMatchObject({
          code: 'signing_key_retired',
          keyId: idOf(k0),
          ledgerKeyId: idOf(k1),
        });
        expect(refused.body.detail).toMatch(/restarted with the new key/);

        const error = await refusedStart(db, { LEDGER_SIGNING_KEY: k0 });
        expect(error).toBeInstanceOf(SigningKeyMismatch);
        expect((error as Error).message).toMatch(
          new RegExp(
            `^the signing key in use, ${idOf(k0)} \\(from LEDGER_SIGNING_KEY\\), was retired by a key ` +
              `rotation to ${idOf(k1)} at tree size ${rotatedAt};`,
          ),
        );

        const renewed = await serve(k1);
        const head = (await renewed.ledger.http.get('/v1/ledger/head').set(bearer(world.keys.a)).expect(200))
          .body;
        expect(head).toMatchObject({ treeSize: rotatedAt + 1, keyId: idOf(k1) });
        // The old process still serves what the new key signed; it just never signs anything itself.
        expect(
          (await old.ledger.http.get('/v1/ledger/head').set(bearer(world.keys.a)).expect(200)).body,
        ).toEqual(head);
      },
    );

    it(
      'the partner’s CLI pinned to the old key follows the rotation, ' +
        're-pins and proves consistency across it',
      async () => {
        const renewed = await serve(k1);
        await renewed.ledger.http
          .post(`/v1/partnerships/${world.partnershipId}/events`)
          .set(bearer(world.keys.a))
          .send(event())
          .expect(201);
        const result = await verify(renewed.url);
        expect(result.stderr).toBe('');
        expect(result.stdout).toContain(
          `key rotation at tree size ${rotatedAt}: ${idOf(k0)} → ${idOf(k1)}, endorsed by ${idOf(k0)} ` +
            `— signature ok`,
        );
        expect(result.stdout).toMatch(new RegExp(`consistency proof ${rotatedAt} → ${rotatedAt + 2} ok`));
        expect(result.stdout).toContain(`pinned ${idOf(k1)} instead of ${idOf(k0)}`);
        expect(result.code).toBe(0);
        const saved = JSON.parse(readFileSync(state, 'utf8'));
        expect(saved).toMatchObject({ keyId: idOf(k1), head: { keyId: idOf(k1) } });
        expect(
          saved.keys.map((k: { keyId: string; untilTreeSize?: number }) => [k.keyId, k.untilTreeSize]),
        ).toEqual([
          [idOf(k0), rotatedAt],
          [idOf(k1), undefined],
        ]);
        expect(saved.rotations).toHaveLength(1);

        const again = await verify(renewed.url);
        expect(again.stdout).not.toContain('key rotation');
        expect(again.code).toBe(0);
      },
    );

    it(
      'POST /v1/ledger/verify checks each stored head ' + 'with its own key, on both sides of the rotation',
      async () => {
        const renewed = await serve(k1);
        const report = (
          await renewed.ledger.http.post('/v1/ledger/verify').set(bearer(world.keys.auditor)).expect(200)
        ).body;
        const head = (await renewed.ledger.http.get('/v1/ledger/head').set(bearer(world.keys.a)).expect(200))
          .body;
        // Heads up to rotatedAt are by k0 (recorded when its process started), the later ones by k1.
        expect(report).toMatchObject({ ok: true, headsUnchecked: 0, problems: [] });
        expect(report.headsChecked).toBeGreaterThanOrEqual(3);
        expect(head.treeSize).toBeGreaterThan(rotatedAt);
      },
    );

    it(
      'a forged rotation (not signed by the pinned key) stops ' +
        'the partner with exit 1 and leaves its state as it was',
      async () => {
        const k2 = pem();
        const body = {
          previousKeyId: idOf(k1),
          keyId: idOf(k2),
          publicKey: createPublicKey(createPrivateKey(k2)).export({ type: 'spki', format: 'pem' }) as string,
          rotatedAt: new Date().toISOString(),
          treeSize: rotatedAt + 2,
        };
        const sql = new Client({ connectionString: db.connectionString });
        await sql.connect();
        try {
          await sql.query(
            'INSERT INTO ledger_key_rotations (seq, previous_key_id, key_id, public_key, rotated_at, ' +
              'tree_size, signature) VALUES (2, $1, $2, $3, $4, $5, $6)',
            [
              body.previousKeyId,
              body.keyId,
              body.publicKey,
              body.rotatedAt,
              body.treeSize,
              signRotation(body, createPrivateKey(k2)),
            ],
          );
        } finally {
          await sql.end();
        }
        const intruder = await serve(k2);
        await intruder.ledger.http
          .post(`/v1/partnerships/${world.partnershipId}/events`)
          .set(bearer(world.keys.a))
          .send(event())
          .expect(201);
        const before = readFileSync(state, 'utf8');
        const result = await verify(intruder.url);
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(
          new RegExp(
            `^VERIFICATION FAILED: the rotation from ${idOf(k1)} to ${idOf(k2)} at tree ` +
              `size ${rotatedAt + 2} is not signed by ${idOf(k1)}: its signature does not verify\\. .*do ` +
              `not re-pin`,
          ),
        );
        expect(readFileSync(state, 'utf8')).toBe(before);
        // The ledger's own verify names the rotation that its previous key did not sign.
        const report = (
          await intruder.ledger.http.post('/v1/ledger/verify').set(bearer(world.keys.auditor)).expect(200)
        ).body;
        expect(report.problems).toEqual([
          expect.objectContaining({ kind: 'key-rotation', treeSize: rotatedAt + 2 }),
        ]);
        expect(report.problems[0].problem).toMatch(
          new RegExp(`to ${idOf(k2)} at tree size ${rotatedAt + 2} is not signed by ${idOf(k1)}`),
        );
      },
    );
  },
);

describe('rotating the signing key on the embedded default, with the service stopped', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-rotation-embedded-'));
  const state = join(dir, 'partner.json');
  let copy: LedgerCopy;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const withLedger = async (work: (ledger: TestLedger, url: string) => Promise<void>) => {
    const ledger = await startLedgerOn(await copy.open(), true, copy.keyEnv);
    try {
      await ledger.app.listen(0, '127.0.0.1');
      await work(ledger, (await ledger.app.getUrl()).replace('[::1]', '127.0.0.1'));
    } finally {
      await ledger.close();
    }
  };

  it(
    'keeps the old key file as signing-key.<keyId>.retired.pem, ' + 'and the partner follows to the new one',
    async () => {
      copy = await newLedgerCopy('pglite', dir);
      let partner = '';
      let partnershipId = '';
      await withLedger(async (ledger, url) => {
        const world = await new Fixtures(ledger).world('emb');
        [partner, partnershipId] = [world.keys.a, world.partnershipId];
        expect((await ledgerCli(['verify', '--url', url, '--key', partner, '--state', state])).code).toBe(0);
      });
      const oldKeyId = idOf(readFileSync(join(copy.dataDir!, 'signing-key.pem'), 'utf8'));

      const result = await rotateSigningKey(commandEnv(copy.serviceEnv));
      expect(result).toMatchObject({ code: 0, stderr: '' });
      const retired = join(copy.dataDir!, `signing-key.${oldKeyId}.retired.pem`);
      expect(result.stdout).toContain(`the old one is kept as ${retired}`);
      expect(existsSync(retired)).toBe(true);
      const newKeyId = idOf(readFileSync(join(copy.dataDir!, 'signing-key.pem'), 'utf8'));
      expect(newKeyId).not.toBe(oldKeyId);
      expect(
        readdirSync(copy.dataDir!)
          .filter((f) => f.endsWith('.pem'))
          .sort(),
      ).toEqual(['signing-key.pem', `signing-key.${oldKeyId}.retired.pem`].sort());

      await withLedger(async (ledger, url) => {
        await ledger.http
          .post(`/v1/partnerships/${partnershipId}/events`)
          .set(bearer(partner))
          .send(event())
          .expect(201);
        const verified = await ledgerCli(['verify', '--url', url, '--key', partner, '--state', state]);
        expect(verified.stdout).toContain(
          `${oldKeyId} → ${newKeyId}, endorsed by ${oldKeyId} — signature ok`,
        );
        expect(verified.code).toBe(0);
      });
    },
    180_000,
  );
});
