import { Client } from 'pg';

const LOCK_KEY = 7_352_100_002;

/**
 * Leadership of the projection runner: a PostgreSQL session advisory lock held on a connection of its
 * own. Only the holder applies events; other processes stand by and retry. If the connection breaks,
 * the lock is gone with it and `held` turns false.
 */
export class LeaderLock {
  private client: Client | undefined;
  held = false;

  constructor(private readonly connectionString: string) {}

  async tryAcquire(): Promise<boolean> {
    if (this.held) return true;
    try {
      if (!this.client) {
        const client = new Client({ connectionString: this.connectionString });
        client.on('error', () => this.lost());
        await client.connect();
        this.client = client;
      }
      const { rows } = await this.client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [LOCK_KEY]);
      this.held = rows[0].ok;
    } catch {
      this.lost();
    }
    return this.held;
  }

  lost(): void {
    this.held = false;
    const client = this.client;
    this.client = undefined;
    void client?.end().catch(() => undefined);
  }

  async release(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.held = false;
    if (!client) return;
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}
