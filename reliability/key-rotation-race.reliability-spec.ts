import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { KeyRotation, keyIdOf } from '@ledger/verification';
import { ledgerCli, rotateSigningKey } from '../test/support/cli';
import {
  Fixtures,
  TestLedger,
  bearer,
  createTestDatabase,
  startLedgerOn,
  testBackends,
} from '../test/support/ledger';
import { envWithout } from '../test/support/process';
import { TestDatabase } from '../libs/event-store/src/testing/databases';
import { record } from './support/figures';

/**
 * Item 12 — key rotations racing head signing. Writers keep appending through an API process and asking
 * it for the head (a new size each time, so a new signature) while `npm run rotate-signing-key` retires
 * its key; then a process on the new key takes over and the next rotation races it, ROUNDS times. What
 * must hold: no key signed a head beyond the tree size its rotation recorded (the rotation and every
 * head insert serialize on one lock), the process on a retired key answered 503 rather than sign, and a
 * partner pinned to the first key follows every rotation. Real: the app, the command as a process,
 * PGlite or PostgreSQL, the CLI. Faked: nothing.
 */
const ROUNDS = 3;
const WRITERS = 4;
const idOf = (pem: string) => keyIdOf(createPublicKey(createPrivateKey(pem)));

describe.each(testBackends())('key rotations racing head signing on %s', (backend) => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-rotation-race-'));
  let db: TestDatabase;
  const ledgers: TestLedger[] = [];
  afterAll(async () => {
    for (const l of ledgers) await l.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const serve = async (signingKey: string) => {
    const ledger = await startLedgerOn(db, false, {
      LEDGER_SIGNING_KEY: signingKey,
      LEDGER_PROJECTIONS: 'off',
    });
    await ledger.app.listen(0, '127.0.0.1');
    ledgers.push(ledger);
    return { ledger, url: (await ledger.app.getUrl()).replace('[::1]', '127.0.0.1') };
  };

  it(`never lets a retired key sign beyond its rotation, ${ROUNDS} rotations under load`, async () => {
    db = await createTestDatabase(backend);
    let key = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    let current = await serve(key);
    const world = await new Fixtures(current.ledger).world('race');
    const state = join(dir, 'partner.json');
    expect(
      (await ledgerCli(['verify', '--url', current.url, '--key', world.keys.a, '--state', state])).code,
    ).toBe(0);
    const answers = { appended: 0, signed: 0, refused: 0, other: [] as string[] };

    for (let round = 1; round <= ROUNDS; round += 1) {
      let running = true;
      const target = current.ledger;
      const writers = Array.from({ length: WRITERS }, async () => {
        while (running) {
          const posted = await target.http
            .post(`/v1/partnerships/${world.partnershipId}/events`)
            .set(bearer(world.keys.a))
            .send({
              eventId: randomUUID(),
              type: 'customer.referred',
              occurredAt: '2026-07-01T00:00:00Z',
              data: { customerId: 'c' },
            });
          if (posted.status === 201) answers.appended += 1;
          const head = await target.http.get('/v1/ledger/head').set(bearer(world.keys.a));
          if (head.status === 200) answers.signed += 1;
          else if (head.status === 503 && head.body.code === 'signing_key_retired') answers.refused += 1;
          else answers.other.push(`${head.status} ${head.body.detail}`);
        }
      });
      await new Promise((r) => setTimeout(r, 300));
      const out = join(dir, `key-${round}.pem`);
      const env = {
        ...envWithout('DATABASE_URL', 'LEDGER_SIGNING_KEY', 'LEDGER_DATA_DIR'),
        DATABASE_URL: db.connectionString,
        LEDGER_SIGNING_KEY: key,
      };
      const rotated = await rotateSigningKey(env, ['--out', out]);
      expect(rotated).toMatchObject({ code: 0, stderr: '' });
      await new Promise((r) => setTimeout(r, 300));
      running = false;
      await Promise.all(writers);
      key = readFileSync(out, 'utf8');
      current = await serve(key);
    }

    const chain = (await current.ledger.http.get('/v1/ledger/key-rotations').expect(200)).body
      .items as KeyRotation[];
    const beyond = await signedBeyondRotation(db, chain);
    const verified = await ledgerCli([
      'verify',
      '--url',
      current.url,
      '--key',
      world.keys.a,
      '--state',
      state,
    ]);
    record(`key-rotation-race-${backend}`, {
      summary:
        `${ROUNDS} rotations while ${WRITERS} writers appended and asked the retiring process for ` +
        `heads: ${answers.appended} appends, ` +
        `${answers.signed} heads served, ${answers.refused} refused with 503 by a retired ` +
        `key, ${answers.other.length} other answers; ` +
        `heads signed by a key beyond its rotation: ${beyond.length}; the partner pinned to the ` +
        `first key followed all ${chain.length} (exit ${verified.code})`,
      numbers: {
        rounds: ROUNDS,
        appended: answers.appended,
        signed: answers.signed,
        refused: answers.refused,
        beyond: beyond.length,
        cliExit: verified.code,
      },
    });
    expect(chain.map((r) => r.keyId).at(-1)).toBe(idOf(key));
    expect(beyond).toEqual([]);
    expect(answers.other).toEqual([]);
    expect(answers.refused).toBeGreaterThan(0);
    expect(verified.stdout.match(/endorsed by .* — signature ok/g)).toHaveLength(ROUNDS);
    expect(verified.code).toBe(0);
  }, 600_000);
});

/** Heads a retired key signed at a tree size its rotation says it never reached. */
async function signedBeyondRotation(db: TestDatabase, chain: KeyRotation[]): Promise<string[]> {
  const sql = new Client({ connectionString: db.connectionString });
  await sql.connect();
  try {
    const { rows } = await sql.query<{ key_id: string; tree_size: string }>(
      'SELECT key_id, tree_size FROM ledger_heads',
    );
    return rows
      .filter((h) => chain.some((r) => r.previousKeyId === h.key_id && Number(h.tree_size) > r.treeSize))
      .map((h) => `${h.key_id} signed tree size ${h.tree_size}`);
  } finally {
    await sql.end();
  }
}
