import { setImmediate as nextTurn } from 'node:timers/promises';
import { Pool } from 'pg';
import { InvalidAppendError } from '../errors';
import { isExpectedVersion } from '../expected-version';
import {
  AppendOptions,
  AppendResult,
  EventStore,
  MAX_EVENTS_PER_APPEND,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamCommand,
} from '../port';
import { StreamState, StreamStates } from '../stream-states';
import { readStreamTail } from './append-sql';
import { GroupCommitAppender } from './appender';
import { translatePgError } from './pg-errors';
import { DecidingStoreOptions, PostgresEventStoreOptions, SESSION_LIMITS } from './store-options';

export * from './store-options';
import { NodeRef } from '@ledger/verification';
import { EVENT_COLUMNS, EventRow, fromRow, fromVerifiedRow } from './rows';
import { backfillTree } from './backfill';
import { LOWEST_STORED_LEVEL, readNodes } from './merkle';
import { migrateEventStore } from './schema';

/** Events hashed per turn of the event loop when read (about 3 ms of work). */
const VERIFY_SLICE = 500;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_READ = 10_000;

/** The event store on PostgreSQL through `pg` (also embedded PGlite, served over our wire-protocol front). */
export class PostgresEventStore<S = unknown> implements EventStore<S> {
  private readonly appender: GroupCommitAppender<S>;
  private readonly listeners = new Set<(head: number) => void>();
  private readonly states: StreamStates<S> | undefined;

  private constructor(
    readonly pool: Pool,
    options: PostgresEventStoreOptions & Partial<DecidingStoreOptions<S>>,
    sharedSession: boolean,
  ) {
    const notify = (head: number) => this.listeners.forEach((l) => l(head));
    this.states = options.fold ? new StreamStates(options.fold, options.cachedStreams) : undefined;
    this.appender = new GroupCommitAppender<S>(
      pool,
      options.maxEventsPerCommit ?? 5000,
      notify,
      this.states,
      options.maintainTree ?? true,
      options.beforeCommit,
      {
        prepared: !sharedSession,
      },
    );
  }

  static async connect(options: PostgresEventStoreOptions): Promise<PostgresEventStore>;
  static async connect<S>(options: DecidingStoreOptions<S>): Promise<PostgresEventStore<S>>;
  static async connect<S>(
    options: PostgresEventStoreOptions & Partial<DecidingStoreOptions<S>>,
  ): Promise<PostgresEventStore<S>> {
    const pool = new Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      ...SESSION_LIMITS,
      lock_timeout: options.lockTimeoutMs ?? SESSION_LIMITS.lock_timeout,
    });
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
    return new PostgresEventStore<S>(pool, options, sharedSession);
  }

  /** Called after every commit that appended events, with the new head position (this process only). */
  onAppended(listener: (head: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  append(streamId: string, events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    return this.handle({ streamId, events, expectedVersion: options.expectedVersion, decide: () => events });
  }

  async handle(command: StreamCommand<S>): Promise<AppendResult> {
    validateAppend(command.streamId, command.events);
    const expected = command.expectedVersion ?? 'any';
    if (!isExpectedVersion(expected))
      throw new InvalidAppendError(`invalid expected version ${String(expected)}`);
    const outcome = await this.appender.submit({
      ...command,
      expectedVersion: expected,
      decide: decidedWithin(command),
    });
    if ('error' in outcome) throw outcome.error;
    return outcome.ok;
  }

  async state(streamId: string, atVersion?: number): Promise<StreamState<S>> {
    if (!this.states) throw new Error('this store has no fold: connect it with one to read states');
    const states = this.states;
    const client = await this.pool.connect().catch((error: unknown) => {
      throw translatePgError(error, 'read');
    });
    try {
      const version =
        atVersion ??
        (
          await client.query<{ version: string }>('SELECT version FROM ledger_streams WHERE stream_id = $1', [
            streamId,
          ])
        ).rows[0]?.version;
      return await states.at(streamId, Number(version ?? 0), (id, from, to) =>
        readStreamTail(client, id, from, to),
      );
    } catch (error) {
      throw translatePgError(error, 'read');
    } finally {
      client.release();
    }
  }

  readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return this.select(
      `SELECT ${EVENT_COLUMNS} FROM ledger_events WHERE stream_id = $1 AND version >= $2 ORDER BY ` +
        `version LIMIT $3`,
      [streamId, options.fromVersion ?? 1, limitOf(options.limit)],
    );
  }

  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.select(
      `SELECT ${EVENT_COLUMNS} FROM ledger_events WHERE position >= $1 ORDER BY position LIMIT $2`,
      [options.fromPosition ?? 1, limitOf(options.limit)],
    );
  }

  findEvents(streamId: string, eventIds: readonly string[]): Promise<RecordedEvent[]> {
    const ids = eventIds.filter((id) => UUID.test(id));
    if (ids.length === 0) return Promise.resolve([]);
    return this.select(
      `SELECT ${EVENT_COLUMNS} FROM ledger_events WHERE stream_id = $1 AND event_id = ANY($2::uuid[])`,
      [streamId, ids],
    );
  }

  async listStreams(): Promise<{ streamId: string; version: number }[]> {
    const rows = await this.query<{ stream_id: string; version: string }>(
      'SELECT stream_id, version FROM ledger_streams ORDER BY stream_id COLLATE "C"',
    );
    return rows.map((r) => ({ streamId: r.stream_id, version: Number(r.version) }));
  }

  async streamVersion(streamId: string): Promise<number> {
    const rows = await this.query<{ version: string }>(
      'SELECT version FROM ledger_streams WHERE stream_id = $1',
      [streamId],
    );
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

  /**
   * Stored events as they are, without checking their hashes: for an integrity scan that reports, not throws.
   */
  async scanEvents(fromPosition: number, limit: number): Promise<RecordedEvent[]> {
    const rows = await this.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM ledger_events WHERE position >= $1 ORDER BY position LIMIT $2`,
      [fromPosition, limitOf(limit)],
    );
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
    const nodes = rows
      .filter((r) => r.level !== null)
      .map((r) => ({ level: r.level!, index: Number(r.idx) }));
    return { treeSize: Number(rows[0]?.tree_size ?? 0), nodes };
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /**
   * Rows as events, each hash checked (the read half of the paired assertion), VERIFY_SLICE rows per turn of
   * the event loop: hashing costs about 6 µs an event, so a 10,000-event page in one go would hold every
   * other request of the process for 60 ms or more (an atPosition replay reads its partnership's whole
   * stream).
   */
  private async select(sql: string, params: unknown[]): Promise<RecordedEvent[]> {
    const rows = await this.query<EventRow>(sql, params);
    const events: RecordedEvent[] = [];
    for (let from = 0; from < rows.length; from += VERIFY_SLICE) {
      if (from > 0) await nextTurn();
      for (let i = from; i < Math.min(rows.length, from + VERIFY_SLICE); i += 1)
        events.push(fromVerifiedRow(rows[i]));
    }
    return events;
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

/** What a command decides must be appendable too: ids checked as the caller's are. */
function decidedWithin<S>(command: StreamCommand<S>): (state: S) => readonly NewEvent[] {
  return (state) => {
    const events = command.decide(state);
    // The caller's own events were checked before they were queued; only what decide made is new.
    if (events !== command.events) validateAppend(command.streamId, events);
    return events;
  };
}

function validateAppend(streamId: string, events: readonly NewEvent[]): void {
  if (streamId.length === 0 || streamId.length > 200)
    throw new InvalidAppendError('streamId must be 1–200 characters');
  if (events.length === 0 || events.length > MAX_EVENTS_PER_APPEND) {
    throw new InvalidAppendError(
      `an append holds 1 to ${MAX_EVENTS_PER_APPEND} events, not ${events.length}`,
    );
  }
  const ids = new Set<string>();
  for (const e of events) {
    if (!UUID.test(e.eventId)) throw new InvalidAppendError(`eventId ${e.eventId} is not a lower-case UUID`);
    if (ids.has(e.eventId)) throw new InvalidAppendError(`eventId ${e.eventId} appears twice in one append`);
    ids.add(e.eventId);
  }
}
