import { Client } from 'pg';

/** A PostgreSQL server that cannot serve the ledger, said in one line (main.ts prints it as such). */
export class DatabaseUnusable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUnusable';
  }
}

/** Errors worth waiting out: the server is not up yet (a container starting beside the API). */
const STARTING = new Set(['ECONNREFUSED', 'EAI_AGAIN', '57P03']);
const WAIT_MS = 30_000;

/**
 * Connects once to DATABASE_URL before the application starts, so that a wrong URL is one clear line
 * instead of an ORM's retries and stack traces. A server that is still starting is waited for (up to
 * 30 s, saying so once); a missing database, a refused login or an unknown host fail at once.
 */
export async function checkDatabase(url: string, waiting: (where: string) => void): Promise<void> {
  const where = describe(url);
  const deadline = Date.now() + WAIT_MS;
  for (let said = false; ;) {
    try {
      const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
      try {
        await client.connect();
        await client.query('SELECT 1');
        return;
      } finally {
        await client.end().catch(() => undefined);
      }
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (!STARTING.has(code) || Date.now() >= deadline)
        throw new DatabaseUnusable(explain(error, code, where, url));
      if (!said) waiting(where);
      said = true;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
}

function explain(error: unknown, code: string, where: string, url: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const database = decodeURIComponent(new URL(url).pathname.slice(1)) || 'postgres';
  switch (code) {
    case '3D000':
      return (
        `the database "${database}" does not exist on ${where.split('/')[0]}: create it ` +
        `(createdb ${database}) or fix DATABASE_URL`
      );
    case '28P01':
    case '28000':
      return (
        `PostgreSQL at ${where} refused the login in DATABASE_URL (${message}): fix the user or ` + `password`
      );
    case 'ENOTFOUND':
      return `the host of DATABASE_URL (${where}) is unknown: fix DATABASE_URL`;
    case 'ECONNREFUSED':
    case 'EAI_AGAIN':
    case '57P03':
      return (
        `cannot reach PostgreSQL at ${where} (${message}) after ${WAIT_MS / 1000} s: start it, or fix ` +
        `DATABASE_URL`
      );
    default:
      return `cannot use PostgreSQL at ${where}: ${message}`;
  }
}

/** host:port/database, never the password. */
function describe(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
}
