import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PgliteWireFront } from './wire-front';

export interface EmbeddedPostgres {
  /** A `postgres://` URL: the same `pg` code path serves PGlite and a PostgreSQL server. */
  readonly connectionString: string;
  stop(): Promise<void>;
}

/**
 * Starts PGlite (PostgreSQL compiled to WASM) in this process and serves it on a loopback port through
 * our wire-protocol front (wire-front.ts). With `dataDir` the database lives there and survives restarts;
 * without it, in memory.
 *
 * Constraints: one process per data directory (a pid file guards it); PGlite runs one transaction at a
 * time, so code on this path never holds a transaction on one connection while awaiting another.
 */
export async function startEmbeddedPostgres(options: { dataDir?: string } = {}): Promise<EmbeddedPostgres> {
  const release = options.dataDir ? lockDataDir(options.dataDir) : () => undefined;
  try {
    const db = await PGlite.create(options.dataDir ? join(options.dataDir, 'pgdata') : undefined);
    const front = new PgliteWireFront(db);
    const port = await front.listen();
    return {
      connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`,
      async stop() {
        await front.close();
        await db.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/** Another live process holds the data directory (its pid file names it). */
export class DataDirectoryInUse extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `the data directory ${dir} is in use by process ${pid}; stop it or set LEDGER_DATA_DIR to ` +
        `another directory`,
    );
    this.name = 'DataDirectoryInUse';
  }
}

function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const pidFile = join(dir, 'ledger.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8'));
    if (pid !== process.pid && isAlive(pid)) {
      throw new DataDirectoryInUse(dir, pid);
    }
    rmSync(pidFile, { force: true });
  }
  const fd = openSync(pidFile, 'wx');
  writeSync(fd, String(process.pid));
  closeSync(fd);
  return () => rmSync(pidFile, { force: true });
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
