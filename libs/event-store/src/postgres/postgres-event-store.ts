import { Pool } from 'pg';
import { InvalidAppendError } from '../errors';
import { isExpectedVersion } from '../expected-version';
import {
  AppendOptions,
  AppendOutcome,
  AppendPart,
  AppendResult,
  EventStore,
  MAX_EVENTS_PER_APPEND,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
} from '../port';
import { GroupCommitAppender } from './appender';
import { translatePgError } from './pg-errors';
import { NodeRef } from '@ledger/verification';
import { EVENT_COLUMNS, EventRow, fromRow, fromVerifiedRow } from './rows';
import { backfillTree } from './backfill';
import { LOWEST_STORED_LEVEL, readNodes } from './merkle';
import { migrateEventStore } from './schema';

export interface PostgresEventStoreOptions {
  readonly connectionString: string;
  readonly poolSize?: number;
  /** Upper bound of events committed in one group transaction. */
  readonly maxEventsPerCommit?: number;
  /**
   * Benchmarks only (default true): false skips growing the Merkle tree, to measure what it costs. A
   * ledger appended to without its tree cannot serve heads or proofs until a store with it reconnects.
   */
  readonly maintainTree?: boolean;
  /** Tests only: awaited inside each append transaction just before COMMIT (commit-order stress). */
  readonly beforeCommit?: () => Promise<void>;
}

/**
 * Nothing may wait forever: a lock held elsewhere, a stuck statement or an abandoned transaction ends in
 * an error (answered 503) instead of a request that never returns.
 */
export const SESSION_LIMITS = {
  statement_timeout: 30_000,
  lock_timeout: 15_000,
  idle_in_transaction_session_timeout: 60_000,
  query_timeout: 35_000,
  connectionTimeoutMillis: 10_000,
  keepAlive: true,
} as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_READ = 10_000;

/** The event store on PostgreSQL through `pg` (also used for embedded PGlite, over pglite-socket). */
export class PostgresEventStore implements EventStore {
  private readonly appender: GroupCommitAppender;
  private readonly listeners = new Set<(head: number) => void>();

  private constructor(
    readonly pool: Pool,
    maxEventsPerCommit: number,
    maintainTree: boolean,
    beforeCommit: (() => Promise<void>) | undefined,
    sharedSession: boolean,
  ) {
    const notify = (head: number) => this.listeners.forEach((l) => l(head));
    this.appender = new GroupCommitAppender(pool, maxEventsPerCommit, notify, maintainTree, beforeCommit, { prepared: !sharedSession });
  }

  static async connect(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const pool = new Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10, ...SESSION_LIMITS });
    // An idle client that loses its connection (database restart) must not crash the process.
    pool.on('error', () => undefined);
    let sharedSession: boolean;
    try {
      await migrateEventStore(pool);
      if (options.maintainTree !== false) await backfillTree(pool);
      // PGlite serves every connection from one session, where prepared statement names would collide.
      sharedSession = (await pool.query<{ v: string }>('SELECT version() AS v')).rows[0].v.includes('PGlite');
    } catch (error) {
      await pool.end();
      throw translatePgError(error, 'migrate');
    }
    return new PostgresEventStore(pool, options.maxEventsPerCommit ?? 5000, options.maintainTree ?? true, options.beforeCommit, sharedSession);
  }

  /** Called after every commit that appended events, with the new head position (this process only). */
  onAppended(listener: (head: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    const [outcome] = await this.appendSequence(streamId, [{ events, expectedVersion: options.expectedVersion }]);
    if ('error' in outcome) throw outcome.error;
    return outcome.ok;
  }

  async appendSequence(streamId: string, parts: readonly AppendPart[]): Promise<AppendOutcome[]> {
    if (parts.length === 0) return [];
    const pending = parts.map(({ events, expectedVersion = 'any' }) => {
      validateAppend(streamId, events);
      if (!isExpectedVersion(expectedVersion)) throw new InvalidAppendError(`invalid expected version ${String(expectedVersion)}`);
      return { streamId, events, expected: expectedVersion };
    });
    return this.appender.submit(pending);
  }

  readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return this.select(
      `SELECT ${EVENT_COLUMNS} FROM ledger_events WHERE stream_id = $1 AND version >= $2 ORDER BY version LIMIT $3`,
      [streamId, options.fromVersion ?? 1, limitOf(options.limit)],
    );
  }

  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.select(`SELECT ${EVENT_COLUMNS} FROM ledger_events WHERE position >= $1 ORDER BY position LIMIT $2`, [
      options.fromPosition ?? 1,
      limitOf(options.limit),
    ]);
  }

  findEvents(eventIds: readonly string[]): Promise<RecordedEvent[]> {
    const ids = eventIds.filter((id) => UUID.test(id));
    if (ids.length === 0) return Promise.resolve([]);
    return this.select(`SELECT ${EVENT_COLUMNS} FROM ledger_events WHERE event_id = ANY($1::uuid[])`, [ids]);
  }

  async listStreams(): Promise<{ streamId: string; version: number }[]> {
    const rows = await this.query<{ stream_id: string; version: string }>('SELECT stream_id, version FROM ledger_streams ORDER BY stream_id COLLATE "C"');
    return rows.map((r) => ({ streamId: r.stream_id, version: Number(r.version) }));
  }

  async streamVersion(streamId: string): Promise<number> {
    const rows = await this.query<{ version: string }>('SELECT version FROM ledger_streams WHERE stream_id = $1', [streamId]);
    return rows.length > 0 ? Number(rows[0].version) : 0;
  }

  async headPosition(): Promise<number> {
    const rows = await this.query<{ position: string }>('SELECT position FROM ledger_head WHERE id = 1');
    return Number(rows[0].position);
  }

  /** Hashes of perfect subtrees of the ledger's Merkle tree (level 0: leaf hashes), keyed `level:index`. */
  async treeNodes(refs: readonly NodeRef[]): Promise<Map<string, Buffer>> {
    try {
      return await readNodes(this.pool, refs);
    } catch (error) {
      throw translatePgError(error, 'read');
    }
  }

  /** Stored events as they are, without checking their hashes: for an integrity scan that reports, not throws. */
  async scanEvents(fromPosition: number, limit: number): Promise<RecordedEvent[]> {
    const rows = await this.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM ledger_events WHERE position >= $1 ORDER BY position LIMIT $2`, [fromPosition, limitOf(limit)]);
    return rows.map(fromRow);
  }

  async nodesBeyondTree(limit: number): Promise<{ treeSize: number; nodes: NodeRef[] }> {
    // One statement, one snapshot: an append committing meanwhile moves the size and its nodes together.
    const rows = await this.query<{ tree_size: string; level: number | null; idx: string | null }>(
      `WITH tree AS (SELECT tree_size FROM ledger_head WHERE id = 1)
       SELECT tree.tree_size, m.level, m.idx FROM tree LEFT JOIN LATERAL (
         SELECT level, idx FROM ledger_merkle
         WHERE level >= $1 AND ((idx + 1) << level::int) > tree.tree_size ORDER BY level, idx LIMIT $2
       ) m ON true`,
      [LOWEST_STORED_LEVEL, limit],
    );
    const nodes = rows.filter((r) => r.level !== null).map((r) => ({ level: r.level!, index: Number(r.idx) }));
    return { treeSize: Number(rows[0]?.tree_size ?? 0), nodes };
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async select(sql: string, params: unknown[]): Promise<RecordedEvent[]> {
    return (await this.query<EventRow>(sql, params)).map(fromVerifiedRow);
  }

  private async query<R extends object>(sql: string, params: unknown[] = []): Promise<R[]> {
    try {
      return (await this.pool.query<R>(sql, params)).rows;
    } catch (error) {
      throw translatePgError(error, 'read');
    }
  }
}

function limitOf(limit: number | undefined): number {
  return Math.max(1, Math.min(limit ?? 1000, MAX_READ));
}

function validateAppend(streamId: string, events: readonly NewEvent[]): void {
  if (streamId.length === 0 || streamId.length > 200) throw new InvalidAppendError('streamId must be 1–200 characters');
  if (events.length === 0 || events.length > MAX_EVENTS_PER_APPEND) {
    throw new InvalidAppendError(`an append holds 1 to ${MAX_EVENTS_PER_APPEND} events, not ${events.length}`);
  }
  const ids = new Set<string>();
  for (const e of events) {
    if (!UUID.test(e.eventId)) throw new InvalidAppendError(`eventId ${e.eventId} is not a lower-case UUID`);
    if (ids.has(e.eventId)) throw new InvalidAppendError(`eventId ${e.eventId} appears twice in one append`);
    ids.add(e.eventId);
  }
}
