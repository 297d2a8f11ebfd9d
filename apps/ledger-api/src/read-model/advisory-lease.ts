import { Lease } from '@ledger/projections';
import { DataSource, QueryRunner } from 'typeorm';

const LOCK_KEY = 7_352_100_002;

/**
 * The projection runner's lease: a PostgreSQL session advisory lock held on one connection of the
 * app's TypeORM pool (a QueryRunner kept for as long as the lock is), not on a client of its own.
 *
 * Guarantees: at most one process holds it; if its connection breaks, the session and the lock are
 * gone with it, `held` turns false and the connection is not reused.
 * Constraints: the pool needs one connection more than the read model uses (database.module.ts).
 */
export class AdvisoryLease implements Lease {
  private runner: QueryRunner | undefined;
  held = false;

  constructor(private readonly db: DataSource) {}

  async tryAcquire(): Promise<boolean> {
    if (this.held) return true;
    try {
      const runner = this.runner ?? (await this.connect());
      const rows: { ok: boolean }[] = await runner.query('SELECT pg_try_advisory_lock($1) AS ok', [LOCK_KEY]);
      this.held = rows[0].ok;
    } catch {
      this.lost();
    }
    return this.held;
  }

  lost(): void {
    this.held = false;
    const runner = this.runner;
    this.runner = undefined;
    if (runner) void this.giveBack(runner);
  }

  /** Unlocks before the connection goes back to the pool: a lease given up stays given up. */
  private async giveBack(runner: QueryRunner): Promise<void> {
    await runner.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    await runner.release().catch(() => undefined);
  }

  async release(): Promise<void> {
    const runner = this.runner;
    this.runner = undefined;
    this.held = false;
    if (runner) await this.giveBack(runner);
  }

  private async connect(): Promise<QueryRunner> {
    const runner = this.db.createQueryRunner();
    const connection = (await runner.connect()) as { on(event: 'error', listener: () => void): void };
    // TypeORM releases a broken connection as such (the pool drops it); the lease is lost with it.
    connection.on('error', () => {
      if (this.runner === runner) {
        this.held = false;
        this.runner = undefined;
      }
    });
    this.runner = runner;
    return runner;
  }
}
