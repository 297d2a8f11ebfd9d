import { Pool, PoolClient } from 'pg';
import { AppendOutcome, RecordedEvent } from '../port';
import { isUnavailable, translatePgError } from './pg-errors';
import { GroupPlan, PendingAppend, planGroup } from './plan';
import { growTree } from './merkle';
import { EVENT_COLUMNS, EventRow, fromRow, hashOf } from './rows';

/** A sequence of parts to one stream (a plain append is a sequence of one), never split across groups. */
interface Queued {
  readonly parts: readonly PendingAppend[];
  readonly resolve: (outcomes: AppendOutcome[]) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit: appends that arrive while a transaction is in flight wait in a queue and are committed
 * together in the next one, so one fsync serves many callers. Each request keeps its own outcome: a
 * conflict in one never fails the others.
 *
 * Guarantees:
 * - one transaction at a time per process; across processes the `ledger_head` row lock orders them,
 *   so positions are assigned in commit order with no gaps;
 * - requests are planned in arrival order, so appends to one stream submitted back to back keep
 *   their order (the second may name the version the first one produces);
 * - if a group's transaction fails for any reason but an outage, each request is retried alone, so a
 *   poisoned request cannot take healthy ones down with it;
 * - `recordedAt` never decreases along positions (the head row keeps the last one);
 * - the Merkle tree's stored subtrees grow in the same transaction, so every committed tree size has
 *   its root and proofs at hand.
 */
export class GroupCommitAppender {
  private readonly queue: Queued[] = [];
  private draining = false;
  /** The stored tree's frontier after this process's last commit; re-read when another process appended. */
  private frontier: { size: number; nodes: Map<string, Buffer> } | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly maxEventsPerCommit: number,
    private readonly onCommitted: (head: number) => void,
    private readonly maintainTree = true,
    private readonly beforeCommit?: () => Promise<void>,
  ) {}

  submit(parts: readonly PendingAppend[]): Promise<AppendOutcome[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ parts, resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length > 0) await this.commit(this.take());
    } finally {
      this.draining = false;
    }
  }

  private take(): Queued[] {
    const size = (q: Queued) => q.parts.reduce((n, p) => n + p.events.length, 0);
    let events = size(this.queue[0]);
    let count = 1;
    while (count < this.queue.length && events + size(this.queue[count]) <= this.maxEventsPerCommit) {
      events += size(this.queue[count]);
      count += 1;
    }
    return this.queue.splice(0, count);
  }

  private async commit(group: Queued[]): Promise<void> {
    let plan: GroupPlan;
    try {
      plan = await this.transaction(group);
    } catch (error) {
      if (group.length > 1 && !isUnavailable(error)) {
        for (const request of group) await this.commit([request]);
        return;
      }
      const translated = translatePgError(error, 'append');
      for (const request of group) request.reject(translated);
      return;
    }
    plan.outcomes.forEach((outcomes, i) => group[i].resolve(outcomes));
    if (plan.rows.length === 0) return;
    try {
      this.onCommitted(plan.head);
    } catch {
      // A listener's failure is its own; the appends are committed and answered.
    }
  }

  private async transaction(group: readonly Queued[]): Promise<GroupPlan> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    // pg-pool drops its own error listener while a client is checked out; without one, a connection
    // that dies mid-transaction would emit an unhandled 'error' and take the process down.
    const onError = (error: Error) => (broken = error);
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const plan = await this.planInTransaction(client, group);
      let frontier: Map<string, Buffer> | undefined;
      if (plan.rows.length > 0) {
        await write(client, plan, this.maintainTree);
        if (!this.maintainTree) {
          if (this.beforeCommit) await this.beforeCommit();
          await client.query('COMMIT');
          return plan;
        }
        const size = plan.rows[0].position - 1;
        const cached = this.frontier?.size === size ? this.frontier.nodes : undefined;
        frontier = await growTree(client, size, plan.rows.map((r) => Buffer.from(r.hash, 'hex')), cached);
      }
      if (this.beforeCommit) await this.beforeCommit();
      await client.query('COMMIT');
      if (frontier) this.frontier = { size: plan.head, nodes: frontier };
      return plan;
    } catch (error) {
      broken = error instanceof Error ? error : new Error(String(error));
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.off('error', onError);
      client.release(broken && isUnavailable(broken) ? broken : undefined);
    }
  }

  private async planInTransaction(client: PoolClient, group: readonly Queued[]): Promise<GroupPlan> {
    // The lock on the head row is taken first and held to commit: it is what orders appends.
    const head = await client.query<{ position: string; tree_size: string; now: Date }>(
      `SELECT position, tree_size, greatest(date_trunc('milliseconds', clock_timestamp()), recorded_at) AS now
         FROM ledger_head WHERE id = 1 FOR UPDATE`,
    );
    if (this.maintainTree && head.rows[0].tree_size !== head.rows[0].position) throw new Error('the Merkle tree does not cover the ledger; it is backfilled when the store connects');
    const parts = group.flatMap((q) => q.parts);
    const ids = parts.flatMap((r) => r.events.map((e) => e.eventId));
    const streamIds = [...new Set(parts.map((r) => r.streamId))];
    const [stored, versions] = await Promise.all([
      client.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM ledger_events WHERE event_id = ANY($1::uuid[])`, [ids]),
      client.query<{ stream_id: string; version: string }>(
        'SELECT stream_id, version FROM ledger_streams WHERE stream_id = ANY($1::text[])',
        [streamIds],
      ),
    ]);
    return planGroup(group.map((q) => q.parts), {
      stored: new Map(stored.rows.map((row) => [row.event_id, fromRow(row)])),
      versions: new Map(versions.rows.map((row) => [row.stream_id, Number(row.version)])),
      head: Number(head.rows[0].position),
      recordedAt: head.rows[0].now.toISOString(),
      hash: hashOf,
    });
  }
}

async function write(client: PoolClient, plan: GroupPlan, withTree: boolean): Promise<void> {
  const col = <T>(pick: (e: RecordedEvent) => T) => plan.rows.map(pick);
  await client.query(
    `INSERT INTO ledger_events (${EVENT_COLUMNS})
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::uuid[], $5::text[],
                          $6::timestamptz[], $7::timestamptz[], $8::text[], $9::jsonb[], $10::text[])`,
    [
      col((e) => e.position),
      col((e) => e.streamId),
      col((e) => e.version),
      col((e) => e.eventId),
      col((e) => e.type),
      col((e) => e.occurredAt),
      col((e) => e.recordedAt),
      col((e) => e.recordedBy),
      col((e) => JSON.stringify(e.data)),
      col((e) => e.hash),
    ],
  );
  const streams = [...plan.streams.entries()];
  await client.query(
    `INSERT INTO ledger_streams (stream_id, version, position)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[])
     ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version, position = EXCLUDED.position`,
    [streams.map(([id]) => id), streams.map(([, s]) => s.version), streams.map(([, s]) => s.position)],
  );
  const treeSize = withTree ? ', tree_size = $1' : '';
  await client.query(`UPDATE ledger_head SET position = $1${treeSize}, recorded_at = $2 WHERE id = 1`, [plan.head, plan.rows[0].recordedAt]);
}
