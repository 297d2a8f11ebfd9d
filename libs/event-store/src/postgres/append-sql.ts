import { PoolClient, QueryResult } from 'pg';
import { NewNode } from '@ledger/verification';
import { RecordedEvent } from '../port';
import { GroupPlan } from './plan';
import { EVENT_COLUMNS, EventRow, fromVerifiedRow } from './rows';
import { storedOnly } from './merkle';

/** The group's event ids, each with its stream (ids are unique per stream), and its streams. */
export interface GroupKeys {
  readonly idStreams: readonly string[];
  readonly ids: readonly string[];
  readonly streamIds: readonly string[];
}

/** What planning a group needs to know of the ledger. */
export interface LedgerState {
  readonly head: number;
  readonly treeSize: number;
  /** The recording time for the group: the database's clock, never earlier than the last event's. */
  readonly recordedAt: string;
  readonly versions: Map<string, number>;
}

/** Read under the head lock: the stored events that carry any of the group's ids. */
export interface LockedState extends LedgerState {
  readonly stored: EventRow[];
}

/** Read without a lock: only whether any of the group's ids is stored (then the locked path decides). */
export interface UnlockedState extends LedgerState {
  readonly anyStored: boolean;
}

const NOW = `greatest(date_trunc('milliseconds', clock_timestamp()), recorded_at)`;

/**
 * BEGIN, then the head row lock (taken first and held to commit: it is what orders appends), then the
 * reads under it, in one simple-protocol round trip (which takes no parameters, hence escaped literals;
 * event ids were checked to be UUIDs before they were queued).
 */
export async function beginLocked(
  client: PoolClient,
  { idStreams, ids, streamIds }: GroupKeys,
): Promise<LockedState> {
  const results = (await client.query(
    `BEGIN;
     SELECT position, tree_size, ${NOW} AS now FROM ledger_head WHERE id = 1 FOR UPDATE;
     SELECT ${EVENT_COLUMNS} FROM ledger_events WHERE (stream_id, event_id) IN
       (SELECT * FROM unnest(${arrayLiteral(client, idStreams)}::text[], ` +
      `${arrayLiteral(client, ids)}::uuid[]));
     SELECT stream_id, version FROM ledger_streams ` +
      `WHERE stream_id = ANY(${arrayLiteral(client, streamIds)}::text[])`,
  )) as unknown as QueryResult[];
  const head = results[1].rows[0] as { position: string; tree_size: string; now: Date };
  const stored = results[2].rows as EventRow[];
  return {
    head: Number(head.position),
    treeSize: Number(head.tree_size),
    recordedAt: new Date(head.now).toISOString(),
    stored,
    versions: new Map(
      (results[3].rows as { stream_id: string; version: string }[]).map((r) => [
        r.stream_id,
        Number(r.version),
      ]),
    ),
  };
}

/**
 * The same reads without a transaction or lock: a snapshot that `write` will only apply if still current.
 * `prepared` names the statement; PGlite's connections share one session, where names would collide.
 * The ids are joined, not tested with `= ANY`: under EXISTS the planner expects an early match and, for
 * the prepared (generic) plan, picks a sequential scan, which reads the whole ledger when (as almost
 * always) no id is stored; driving from the ids makes it one index probe per id.
 */
export async function readUnlocked(
  client: PoolClient,
  { idStreams, ids, streamIds }: GroupKeys,
  prepared: boolean,
): Promise<UnlockedState> {
  const { rows } = await client.query<{
    position: string;
    tree_size: string;
    now: Date;
    any_stored: boolean;
    versions: [string, string][];
  }>({
    name: prepared ? 'ledger-append-read' : undefined,
    text:
      `SELECT position, tree_size, ${NOW} AS now,
              EXISTS (SELECT 1 FROM unnest($3::text[], $1::uuid[]) AS ids(stream_id, id)
                        JOIN ledger_events e ON e.stream_id = ids.stream_id ` +
      `AND e.event_id = ids.id) AS any_stored,
              (SELECT coalesce(json_agg(json_build_array(stream_id, version::text)), '[]')
                 FROM ledger_streams WHERE stream_id = ANY($2::text[])) AS versions
         FROM ledger_head WHERE id = 1`,
    values: [ids, streamIds, idStreams],
  });
  const head = rows[0];
  return {
    head: Number(head.position),
    treeSize: Number(head.tree_size),
    recordedAt: new Date(head.now).toISOString(),
    anyStored: head.any_stored,
    versions: new Map(head.versions.map(([id, v]) => [id, Number(v)])),
  };
}

/** A stream's events with versions in [from, to], on the caller's client (inside its transaction, if any). */
export async function readStreamTail(
  client: PoolClient,
  streamId: string,
  from: number,
  to: number,
): Promise<RecordedEvent[]> {
  const { rows } = await client.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM ledger_events WHERE stream_id = $1 AND version BETWEEN $2 AND $3 ` +
      `ORDER BY version`,
    [streamId, from, to],
  );
  return rows.map(fromVerifiedRow);
}

function arrayLiteral(client: PoolClient, values: readonly string[]): string {
  return `ARRAY[${values.map((v) => client.escapeLiteral(v)).join(', ')}]::text[]`;
}

/**
 * Events, stream versions, the tree's new nodes and the head in one statement, applied only if the head
 * is still at `headBefore` (the update waits for the head row lock and re-checks the newest row).
 * Returns false, having written nothing, when another writer moved the head first. Named when
 * `prepared`, so each connection parses and plans it once.
 */
export async function write(
  client: PoolClient,
  plan: GroupPlan<unknown>,
  headBefore: number,
  withTree: boolean,
  grown: readonly NewNode[],
  prepared: boolean,
): Promise<boolean> {
  const nodes = storedOnly(grown);
  const col = <T>(pick: (e: RecordedEvent) => T) => plan.rows.map(pick);
  const streams = [...plan.streams.entries()];
  const { rows } = await client.query<{ applied: number }>({
    name: prepared ? (withTree ? 'ledger-append-write' : 'ledger-append-write-no-tree') : undefined,
    text: `WITH head AS (
       UPDATE ledger_head SET position = $1, recorded_at = $2${withTree ? ', tree_size = $1' : ''}
        WHERE id = 1 AND position = $3 RETURNING 1
     ), events AS (
       INSERT INTO ledger_events (${EVENT_COLUMNS})
       SELECT * FROM unnest($4::bigint[], $5::text[], $6::bigint[], $7::uuid[], $8::text[],
                            $9::timestamptz[], $10::timestamptz[], $11::text[], $12::jsonb[], $13::text[])
        WHERE EXISTS (SELECT 1 FROM head)
     ), streams AS (
       INSERT INTO ledger_streams (stream_id, version, position)
       SELECT * FROM unnest($14::text[], $15::bigint[], $16::bigint[]) WHERE EXISTS (SELECT 1 FROM head)
       ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version, position = EXCLUDED.position
     ), tree AS (
       INSERT INTO ledger_merkle (level, idx, hash)
       SELECT * FROM unnest($17::smallint[], $18::bigint[], $19::bytea[]) WHERE EXISTS (SELECT 1 FROM head)
     )
     SELECT count(*)::int AS applied FROM head`,
    values: [
      plan.head,
      plan.rows[0].recordedAt,
      headBefore,
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
      streams.map(([id]) => id),
      streams.map(([, s]) => s.version),
      streams.map(([, s]) => s.position),
      nodes.map((n) => n.level),
      nodes.map((n) => n.index),
      nodes.map((n) => n.hash),
    ],
  });
  return rows[0].applied === 1;
}
