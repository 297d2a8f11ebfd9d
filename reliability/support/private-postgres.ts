import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A PostgreSQL cluster of the test's own (initdb into a temporary directory, its own port), so a test can
 * crash and restart a database without touching the one other tests and CI share. Needs the server
 * binaries and, when running as root, `runuser` to run them as the postgres user.
 */
const BIN = (() => {
  const root = '/usr/lib/postgresql';
  const version = existsSync(root) ? readdirSync(root).sort().at(-1) : undefined;
  return version ? join(root, version, 'bin') : undefined;
})();

export const privatePostgresAvailable =
  BIN !== undefined &&
  existsSync(join(BIN, 'initdb')) &&
  (process.getuid?.() !== 0 || existsSync('/usr/sbin/runuser'));

export interface PrivatePostgres {
  readonly url: string;
  crash(): void;
  start(): void;
  destroy(): void;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-pg-'));
  const port = await freePort();
  const asPostgres = (cmd: string, args: string[]) => {
    const [file, argv] =
      process.getuid?.() === 0
        ? ['/usr/sbin/runuser', ['-u', 'postgres', '--', join(BIN!, cmd), ...args]]
        : [join(BIN!, cmd), args];
    execFileSync(file, argv, { stdio: 'pipe', timeout: 60_000 });
  };
  if (process.getuid?.() === 0) chownSync(dir, uidOf('postgres'), uidOf('postgres'));
  asPostgres('initdb', ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const start = () =>
    asPostgres('pg_ctl', [
      '-D',
      join(dir, 'data'),
      '-l',
      join(dir, 'log'),
      '-w',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
      'start',
    ]);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    crash: () => asPostgres('pg_ctl', ['-D', join(dir, 'data'), '-m', 'immediate', 'stop']),
    start,
    destroy: () => {
      try {
        asPostgres('pg_ctl', ['-D', join(dir, 'data'), '-m', 'immediate', 'stop']);
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function uidOf(user: string): number {
  return Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
