import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync, cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../libs/event-store/src/pglite/embedded';
import { Backend, TestDatabase, createTestDatabase } from '../../libs/event-store/src/testing/databases';
import { ADMIN_KEY } from './ledger';

/**
 * A ledger's database and signing key as an operator holds them, backed up and restored the way the
 * README says: on the embedded default a copy of the data directory (pgdata, and signing-key.pem kept
 * apart), on PostgreSQL pg_dump / pg_restore with the key in LEDGER_SIGNING_KEY. Real: PGlite on disk,
 * PostgreSQL, pg_dump, pg_restore, key files. Faked: nothing.
 */
export interface LedgerCopy {
  readonly backend: Backend;
  /** npm start and the rotation command on this copy: its database and key, as the service reads them. */
  readonly serviceEnv: NodeJS.ProcessEnv;
  /** startLedgerOn on this copy (it sets DATABASE_URL itself): where the key comes from. */
  readonly keyEnv: NodeJS.ProcessEnv;
  /** The data directory (embedded default). */
  readonly dataDir?: string;
  /** The database, opened in this process for startLedgerOn; its drop() only closes it. */
  open(): Promise<TestDatabase>;
  /** Drops the PostgreSQL database (a PGlite copy is a directory the test removes). */
  destroy(): Promise<void>;
}

export type KeyRestored = 'with the key' | 'without the key';

export interface Backup {
  restore(name: string, key: KeyRestored): Promise<LedgerCopy>;
  /** Brings the backed-up key to a copy restored without it: the file back in place, or the variable. */
  restoreKey(copy: LedgerCopy): LedgerCopy;
}

const newKey = () =>
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;

/** A new ledger: on PGlite in `dir/origin` (key file generated there), on PostgreSQL a new database. */
export async function newLedgerCopy(backend: Backend, dir: string): Promise<LedgerCopy> {
  if (backend === 'pglite') return pgliteCopy(join(dir, 'origin'));
  return postgresCopy(await createTestDatabase('postgres'), newKey());
}

/** Backs up a copy whose database is closed (the embedded one serves one process at a time). */
export async function backUp(copy: LedgerCopy, dir: string): Promise<Backup> {
  const backupDir = join(dir, 'backup');
  mkdirSync(backupDir, { recursive: true });
  if (copy.backend === 'pglite') {
    cpSync(join(copy.dataDir!, 'pgdata'), join(backupDir, 'pgdata'), { recursive: true });
    copyFileSync(join(copy.dataDir!, 'signing-key.pem'), join(backupDir, 'signing-key.pem'));
    return {
      async restore(name, key) {
        const target = join(dir, name);
        cpSync(join(backupDir, 'pgdata'), join(target, 'pgdata'), { recursive: true });
        if (key === 'with the key')
          copyFileSync(join(backupDir, 'signing-key.pem'), join(target, 'signing-key.pem'));
        return pgliteCopy(target);
      },
      restoreKey(restored) {
        copyFileSync(join(backupDir, 'signing-key.pem'), join(restored.dataDir!, 'signing-key.pem'));
        return restored;
      },
    };
  }
  const dump = join(backupDir, 'ledger.dump');
  execFileSync('pg_dump', ['--format=custom', '--file', dump, (await copy.open()).connectionString], {
    stdio: 'pipe',
  });
  const signingKey = copy.keyEnv.LEDGER_SIGNING_KEY as string;
  const databases = new Map<string, TestDatabase>();
  return {
    async restore(_name, key) {
      const target = await createTestDatabase('postgres');
      execFileSync(
        'pg_restore',
        ['--no-owner', '--exit-on-error', '--dbname', target.connectionString, dump],
        { stdio: 'pipe' },
      );
      databases.set(target.connectionString, target);
      return postgresCopy(target, key === 'with the key' ? signingKey : newKey());
    },
    restoreKey: (restored) => postgresCopy(databases.get(restored.serviceEnv.DATABASE_URL!)!, signingKey),
  };
}

function pgliteCopy(dataDir: string): LedgerCopy {
  return {
    backend: 'pglite',
    dataDir,
    serviceEnv: { LEDGER_DATA_DIR: dataDir, LEDGER_ADMIN_KEY: ADMIN_KEY },
    keyEnv: { LEDGER_SIGNING_KEY: '', LEDGER_DATA_DIR: dataDir },
    async open() {
      const embedded = await startEmbeddedPostgres({ dataDir });
      return { backend: 'pglite', connectionString: embedded.connectionString, drop: () => embedded.stop() };
    },
    destroy: async () => undefined,
  };
}

function postgresCopy(db: TestDatabase, signingKey: string): LedgerCopy {
  return {
    backend: 'postgres',
    serviceEnv: {
      DATABASE_URL: db.connectionString,
      LEDGER_ADMIN_KEY: ADMIN_KEY,
      LEDGER_SIGNING_KEY: signingKey,
    },
    keyEnv: { LEDGER_SIGNING_KEY: signingKey },
    open: async () => ({ ...db, drop: async () => undefined }),
    destroy: () => db.drop(),
  };
}
