import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../pglite/embedded';

/**
 * Real databases for tests: PGlite always (in memory, in this process), PostgreSQL as well when
 * TEST_DATABASE_URL is set (a fresh database per call, dropped afterwards). Nothing is mocked.
 */
export type Backend = 'pglite' | 'postgres';

export interface TestDatabase {
  readonly backend: Backend;
  readonly connectionString: string;
  drop(): Promise<void>;
}

/** Every backend this run can test on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export function testBackends(): Backend[] {
  return narrowed(process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']);
}

/**
 * The backends for a suite that needs a PostgreSQL server (several processes on one database, a
 * connection killed under a request): empty when TEST_DATABASE_URL is unset. Suites pass it to
 * `describeOn` (test/support/backends.ts), which keeps them valid, and visibly skipped, when empty.
 */
export function postgresBackends(): Backend[] {
  return narrowed(process.env.TEST_DATABASE_URL ? ['postgres'] : []);
}

function narrowed(available: Backend[]): Backend[] {
  // LEDGER_TEST_BACKENDS=postgres narrows a run (CI runs the long reliability suite on PostgreSQL only).
  const only = process.env.LEDGER_TEST_BACKENDS?.split(',').map((b) => b.trim());
  return only ? available.filter((b) => only.includes(b)) : available;
}

/** Starting PGlite compiles its WASM: give hooks that create a database this long. */
export const DATABASE_TIMEOUT_MS = 60_000;

export async function createTestDatabase(backend: Backend): Promise<TestDatabase> {
  if (backend === 'pglite') {
    const embedded = await startEmbeddedPostgres();
    return { backend, connectionString: embedded.connectionString, drop: () => embedded.stop() };
  }
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('TEST_DATABASE_URL is not set');
  // A run may set its own prefix so that it can clean up after a crash without touching other runs'
  // databases.
  const prefix = (process.env.LEDGER_TEST_DB_PREFIX ?? 'ledger_test_').replace(/[^a-z0-9_]/g, '');
  const name = `${prefix}${randomBytes(6).toString('hex')}`;
  await withAdmin(base, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    backend,
    connectionString: url.toString(),
    drop: () => withAdmin(base, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

async function withAdmin(url: string, work: (client: Client) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
