import { generateKeyPairSync } from 'node:crypto';
import { KeyRotation, keyIdOf } from '@ledger/verification';
import { DataSource, QueryRunner } from 'typeorm';
import {
  DATABASE_TIMEOUT_MS,
  TestDatabase,
  createTestDatabase,
  testBackends,
} from '../../../../../libs/event-store/src/testing/databases';
import { typeOrmOptions } from '../../database/data-source';
import { KEY_NOT_CURRENT, SIGNING_KEY_LOCK } from '../../database/migrations/1764000000003-key-rotations';
import { recordRotation } from './record';

/**
 * A rotation and a head insert by the retiring key, interleaved at the worst moments on two connections,
 * against the real schema (the checked-in migrations) and its trigger. Real: the database, the SQL, the
 * lock. Faked: nothing; the heads are rows as HeadsService writes them.
 */
const key = () => {
  const { publicKey } = generateKeyPairSync('ed25519');
  return { keyId: keyIdOf(publicKey), pem: publicKey.export({ type: 'spki', format: 'pem' }) as string };
};
const insertHead = (db: DataSource | QueryRunner, treeSize: number, keyId: string) =>
  db.query(
    'INSERT INTO ledger_heads (tree_size, root_hash, ' +
      'timestamp, signature, key_id) VALUES ($1, $2, $3, $4, $5)',
    [treeSize, 'ab'.repeat(32), '2026-12-01T00:00:00.000Z', 'sig', keyId],
  );
/** Resolves to 'waiting' after 300 ms: long enough for a statement that is not blocked to finish. */
const waiting = () => new Promise((r) => setTimeout(() => r('waiting'), 300));
type Head = { keyId: string; treeSize: number } | undefined;
const rotationTo =
  (next: { keyId: string; pem: string }) =>
  (chain: KeyRotation[], head: Head): KeyRotation => ({
    previousKeyId: chain.at(-1)?.keyId ?? head!.keyId,
    keyId: next.keyId,
    publicKey: next.pem,
    rotatedAt: '2026-12-01T00:00:00.000Z',
    treeSize: head?.treeSize ?? 0,
    signature: 'endorsement is checked by the partners, not by the database',
  });

describe.each(testBackends())('a key rotation racing a head insert on %s', (backend) => {
  let db: TestDatabase;
  let source: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    source = new DataSource(typeOrmOptions(db.connectionString, 4));
    await source.initialize();
  }, DATABASE_TIMEOUT_MS);
  afterAll(async () => {
    await source?.destroy();
    await db?.drop();
  }, DATABASE_TIMEOUT_MS);

  it(
    'refuses a head by the old key that waited for ' + 'an open rotation, and takes one by the new key',
    async () => {
      const [k0, k1] = [key(), key()];
      await insertHead(source, 1, k0.keyId);
      const rotation = source.createQueryRunner();
      await rotation.startTransaction();
      try {
        await rotation.query('SELECT pg_advisory_xact_lock($1)', [SIGNING_KEY_LOCK]);
        await rotation.query(
          `INSERT INTO ledger_key_rotations (seq, previous_key_id, key_id, public_key, rotated_at, tree_size)
         VALUES (1, $1, $2, $3, $4, 1)`,
          [k0.keyId, k1.keyId, k1.pem, 'now'],
        );
        // The old key's head arrives while the rotation is not yet committed: it must wait, then be refused.
        const late = insertHead(source, 2, k0.keyId).then(
          () => 'inserted',
          (error: { driverError?: { code?: string } }) => error.driverError?.code,
        );
        const first = await Promise.race([late, waiting()]);
        expect(first).toBe('waiting');
        await rotation.commitTransaction();
        expect(await late).toBe(KEY_NOT_CURRENT);
      } finally {
        if (rotation.isTransactionActive) await rotation.rollbackTransaction();
        await rotation.release();
      }
      await insertHead(source, 2, k1.keyId);
    },
  );

  it(
    'counts in the rotation a head the old key ' + 'inserted while the rotation waited for the lock',
    async () => {
      const [{ key_id: current }] = await source.query(
        'SELECT key_id FROM ledger_key_rotations ORDER BY seq DESC LIMIT 1',
      );
      const next = key();
      const signer = source.createQueryRunner();
      await signer.startTransaction();
      let rotated: Promise<KeyRotation> | undefined;
      try {
        await insertHead(signer, 3, current);
        rotated = recordRotation(source, rotationTo(next));
        const first = await Promise.race([rotated.then(() => 'recorded'), waiting()]);
        expect(first).toBe('waiting');
        await signer.commitTransaction();
      } finally {
        if (signer.isTransactionActive) await signer.rollbackTransaction();
        await signer.release();
      }
      expect(await rotated).toMatchObject({ previousKeyId: current, keyId: next.keyId, treeSize: 3 });
    },
  );
});
